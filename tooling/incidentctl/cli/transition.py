"""``incidentctl transition``: move an incident along its lifecycle, as one clean diff."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from incidentctl.cli.completion import complete_ids, complete_states
from incidentctl.cli.exits import ExitCode
from incidentctl.cli.options import open_repo, repo_option

EPILOG = """\b
Examples:
  incidentctl transition INC-2026-0013 --to investigating
  incidentctl transition INC-2026-0009 --to resolved --note "Vendor fix confirmed"
  incidentctl transition INC-2026-0010 --to mitigated --at 2026-11-26T23:05:00Z --by marta.silva

\b
It appends a status_change entry to the timeline and sets status; nothing else in the file
changes (comments and layout are kept). It refuses, writing nothing, when the lifecycle does
not allow the move or the target state needs fields that are empty:
  --to investigating needs roles.incident_commander
"""


@click.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.option(
    "--to", "target", required=True, shell_complete=complete_states, help="The new state."
)
@click.option("--at", "at", help="When it happened (ISO 8601 with a time zone; default: now, UTC).")
@click.option(
    "--by",
    "by",
    help="Your handle (default: INCIDENTCTL_USER, else the roster entry for git user.email).",
)
@click.option("--note", "note", help="Text for the timeline entry.")
@repo_option
def transition(
    incident_id: str,
    target: str,
    at: str | None,
    by: str | None,
    note: str | None,
    repo_dir: Path | None,
) -> None:
    """Move INCIDENT_ID to a new state (appends a status_change entry)."""
    from incidentctl.reporters.escape import finding_line, visible
    from incidentctl.runs.actor import acting_responder
    from incidentctl.runs.transition import parse_time, repo_policy, run_transition

    repo = open_repo(repo_dir)
    when = dt.datetime.now(dt.UTC).replace(microsecond=0) if at is None else parse_time(at)
    who = acting_responder(by, repo.root, repo_policy(repo.root, repo.settings))
    outcome = run_transition(repo.root, repo.settings, incident_id, target, when, who, note)
    for f in outcome.findings:
        click.echo(finding_line(f), err=not outcome.ok)
    if not outcome.ok:
        click.echo(f"incidentctl: nothing written; {visible(outcome.path)} is unchanged", err=True)
        sys.exit(ExitCode.FINDINGS)
    click.echo(visible(f"{incident_id}: {outcome.before} -> {outcome.after} ({outcome.path})"))
