"""``incidentctl show``: one incident on a terminal: state, next states, people, timeline."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_ids
from incidentctl.cli.options import color_option, open_repo, repo_option, use_color

EPILOG = """\b
Examples:
  incidentctl show INC-2026-0007
  incidentctl show INC-2026-0007 --color never | less
"""


@click.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@color_option
@repo_option
def show(incident_id: str, color: str, repo_dir: Path | None) -> None:
    """Show INCIDENT_ID as a readable summary."""
    from incidentctl.errors import UserError
    from incidentctl.policy import lifecycle as lc_engine
    from incidentctl.reporters.incidents import render_show
    from incidentctl.runs.listing import load_one

    repo = open_repo(repo_dir)
    unit, policy = load_one(repo.root, repo.settings, incident_id)
    if unit.incident is None:
        raise UserError(f"{unit.incident_path} does not load; run 'incidentctl validate'")
    inc = unit.incident.model
    lifecycle, guard_ok = policy.lifecycle_for(inc), policy.guard_check(inc)
    legal = [s for s in (lc_engine.next_states(lifecycle, inc.status) if lifecycle else [])
             if lifecycle and lc_engine.allowed(lifecycle, inc.status, s, guard_ok)]  # fmt: skip
    visibility = policy.visibility(inc).value
    click.echo(render_show(inc, visibility, legal, use_color(color)), nl=False)
