"""``incidentctl note``: add what happened to the timeline, without opening the file."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_ids
from incidentctl.cli.editing import actor, at_option, by_option, finish, when
from incidentctl.cli.options import open_repo, repo_option

TYPES = ["observation", "action", "decision", "communication", "alert", "deploy"]
EPILOG = """\b
Examples:
  incidentctl note INC-2026-0007 "Error rate back under 1% after the rollback"
  incidentctl note INC-2026-0007 "Rolled back 4.12.0" --type action
  incidentctl note INC-2026-0007 "We fail over to eu-west" --type decision --by grace.okafor
"""


@click.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.argument("text")
@click.option("--type", "kind", type=click.Choice(TYPES), default="observation", show_default=True)
@at_option
@by_option
@repo_option
def note(
    incident_id: str, text: str, kind: str, at: str | None, by: str | None, repo_dir: Path | None
) -> None:
    """Add a timeline entry with TEXT to INCIDENT_ID."""
    from incidentctl.runs.note import run_note

    repo = open_repo(repo_dir)
    edited = run_note(repo.root, repo.settings, incident_id, text, kind, when(at), actor(by, repo))
    finish(edited, f"incidentctl show {incident_id}")
