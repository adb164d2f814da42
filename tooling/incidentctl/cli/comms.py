"""``incidentctl comms``: a stakeholder update to paste into chat, e-mail or a status page."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_ids
from incidentctl.cli.editing import at_option, finish, when
from incidentctl.cli.options import open_repo, repo_option

EPILOG = """\b
Examples:
  incidentctl comms INC-2026-0007 --audience internal
  incidentctl comms INC-2026-0007 --audience customers --record   # and add it to updates
  incidentctl comms INC-2026-0007 --audience executives --template board

\b
Templates: schemas/comms/NAME.md.j2 in this repository, else the built-in customers,
internal and executives. A restricted incident has no customer update until released.
"""

AUDIENCES = click.Choice(["customers", "internal", "executives"])


@click.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.option("--audience", required=True, type=AUDIENCES, help="Who the update is for.")
@click.option("--template", help="Template name (default: the audience's).")
@click.option("--record", "keep", is_flag=True, help="Also append the update to the record.")
@at_option
@repo_option
def comms(
    incident_id: str, audience: str, template: str | None, keep: bool, at: str | None,
    repo_dir: Path | None,
) -> None:  # fmt: skip
    """Print a stakeholder update for INCIDENT_ID."""
    from incidentctl.reporters.escape import visible
    from incidentctl.runs.comms import compose, record

    repo = open_repo(repo_dir)
    text = compose(repo.root, repo.settings, incident_id, audience, template)
    click.echo("\n".join(visible(line) for line in text.splitlines()))
    if keep:
        finish(record(repo.root, repo.settings, incident_id, audience, text, when(at)))
