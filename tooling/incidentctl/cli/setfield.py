"""``incidentctl set`` and ``incidentctl release``: prose fields, and publishing a record."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_ids
from incidentctl.cli.editing import actor, at_option, by_option, finish, when
from incidentctl.cli.options import open_repo, repo_option

SET_EPILOG = """\b
Examples:
  incidentctl set INC-2026-0007 impact.description "Card payments failed for 12% of EU users"
  incidentctl set INC-2026-0007 summary "A config push disabled the EU payment route."
  incidentctl set INC-2026-0007 channels.bridge https://meet.example.com/inc-7

\b
Fields: title, summary, impact.description, resolution, reopen_reason, channels.chat,
channels.bridge, channels.status_page, relations.duplicate_of, relations.caused_by_change.
"""
RELEASE_EPILOG = """\b
Examples:
  incidentctl release INC-2026-0011 --reason "Public advisory published" --by claire.dubois

\b
Sets visibility (default: public) and a release block (approved_by, approved_at, reason).
Each widening is its own decision: after --visibility internal, a later release to public
writes a new release block (approver, time, reason), as `incidentctl check` wants.
"""


@click.command("set", epilog=SET_EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.argument("field")
@click.argument("value")
@repo_option
def set_cmd(incident_id: str, field: str, value: str, repo_dir: Path | None) -> None:
    """Set a prose field of INCIDENT_ID."""
    from incidentctl.runs.setfield import run_set

    repo = open_repo(repo_dir)
    finish(run_set(repo.root, repo.settings, incident_id, field, value))


@click.command(epilog=RELEASE_EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.option("--visibility", type=click.Choice(["public", "internal"]), default="public",
              show_default=True)  # fmt: skip
@click.option("--reason", required=True, help="Why it may be published.")
@at_option
@by_option
@repo_option
def release(
    incident_id: str, visibility: str, reason: str, at: str | None, by: str | None,
    repo_dir: Path | None,
) -> None:  # fmt: skip
    """Approve publishing INCIDENT_ID more widely than its type's default."""
    from incidentctl.runs.setfield import run_release

    repo = open_repo(repo_dir)
    who = actor(by, repo)
    edited = run_release(repo.root, repo.settings, incident_id, visibility, reason, when(at), who)
    finish(edited, f"incidentctl comms {incident_id} --audience customers")
