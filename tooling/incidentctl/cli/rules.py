"""``incidentctl rules``: the rule ids incidentctl can report."""

from __future__ import annotations

import json

import click

from incidentctl.rules import RULES

MARKDOWN_HEADER = """\
# Rules reference

Every problem `incidentctl` reports names one of these rules. Errors fail the run (exit 1);
warnings are shown but do not. This page is generated: `incidentctl rules --format markdown`
(a test fails when it drifts from the code).

| rule | level | what it checks |
|---|---|---|
"""


def render_markdown() -> str:
    rows = (f"| `{r.id}` | {r.level.value} | {r.summary} |" for r in RULES.values())
    return MARKDOWN_HEADER + "\n".join(rows) + "\n"


@click.command(
    name="rules",
    epilog="\b\nExamples:\n  incidentctl rules\n  incidentctl rules --format markdown > docs/maintainers/rules.md",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def rules_cmd(fmt: str) -> None:
    """List every rule id with its level and what it checks."""
    if fmt == "json":
        rows = [{"id": r.id, "level": r.level.value, "summary": r.summary} for r in RULES.values()]
        click.echo(json.dumps(rows, indent=2))
    elif fmt == "markdown":
        click.echo(render_markdown(), nl=False)
    else:
        width = max(len(r) for r in RULES)
        for rule in RULES.values():
            click.echo(f"{rule.id:<{width}}  {rule.level.value:<7}  {rule.summary}")
