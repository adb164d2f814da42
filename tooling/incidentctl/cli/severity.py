"""``incidentctl severity``: raise or lower an incident's severity, with the reason on record."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_ids, complete_severities
from incidentctl.cli.editing import actor, at_option, by_option, finish, one_of, when
from incidentctl.cli.options import open_repo, repo_option
from incidentctl.cli.prompting import choose, need, text

EPILOG = """\b
Examples:
  incidentctl severity INC-2026-0007 SEV1 --reason "All card payments failing in the EU"
  incidentctl severity INC-2026-0007 SEV3 --reason "Only retries affected" --at 2026-03-01T11:00:00Z

\b
It sets severity and adds a severity_change entry; a SEV1 or SEV2 then needs a postmortem
before it closes (schemas/severities.yaml). On a terminal a missing LEVEL (from the
policy's severities) or --reason is asked for; in CI it is an error.
"""


@click.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.argument("level", required=False, shell_complete=complete_severities)
@click.option("--reason", help="Why the severity changes (on the timeline; asked on a terminal).")
@at_option
@by_option
@repo_option
def severity(
    incident_id: str, level: str | None, reason: str | None, at: str | None, by: str | None,
    repo_dir: Path | None,
) -> None:  # fmt: skip
    """Set INCIDENT_ID's severity to LEVEL (adds a severity_change entry)."""
    from incidentctl.runs.severity import run_severity
    from incidentctl.runs.transition import repo_policy

    repo = open_repo(repo_dir)
    levels = repo_policy(repo.root, repo.settings).severity_by_id
    if level is None or reason is None:
        level = need(level, "LEVEL", lambda: choose("Severity", levels))
        reason = need(reason, "--reason", lambda: text("Why (for the timeline)?"))
    level = one_of(level, levels, "LEVEL", "a severity")
    edited = run_severity(
        repo.root, repo.settings, incident_id, level, reason, when(at), actor(by, repo)
    )
    finish(edited, f"incidentctl comms {incident_id} --audience internal")
