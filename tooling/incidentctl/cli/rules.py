"""``incidentctl rules``: the rule ids incidentctl can report."""

from __future__ import annotations

import json

import click

from incidentctl.rules import RULES


@click.command(name="rules")
@click.option("--json", "as_json", is_flag=True, help="Print the registry as JSON.")
def rules_cmd(as_json: bool) -> None:
    """List every rule id with its level and what it checks."""
    if as_json:
        rows = [{"id": r.id, "level": r.level.value, "summary": r.summary} for r in RULES.values()]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r) for r in RULES)
    for rule in RULES.values():
        click.echo(f"{rule.id:<{width}}  {rule.level.value:<7}  {rule.summary}")
