"""``incidentctl escalate``: bring in a team's escalation contacts (or one person)."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_handles, complete_ids, complete_teams
from incidentctl.cli.editing import actor, at_option, by_option, finish, one_of, role_unset, when
from incidentctl.cli.options import open_repo, repo_option

EPILOG = """\b
Examples:
  incidentctl escalate INC-2026-0007 --team payments
  incidentctl escalate INC-2026-0007 --team payments --person bob

\b
The contacts are the team's escalation list in schemas/people.yaml; each one not yet a
responder is added to responders, and an escalation entry goes on the timeline.
"""


@click.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.option("--team", required=True, shell_complete=complete_teams, help="A roster team.")
@click.option("--person", shell_complete=complete_handles, help="Page this person only.")
@at_option
@by_option
@repo_option
def escalate(
    incident_id: str, team: str, person: str | None, at: str | None, by: str | None,
    repo_dir: Path | None,
) -> None:  # fmt: skip
    """Escalate INCIDENT_ID to TEAM (adds responders and an escalation entry)."""
    from incidentctl.runs.actor import known_handle
    from incidentctl.runs.escalate import run_escalate
    from incidentctl.runs.transition import repo_policy

    repo = open_repo(repo_dir)
    policy = repo_policy(repo.root, repo.settings)
    one_of(team, policy.team_by_id, "--team", "a roster team")
    handle = known_handle(person, "--person", policy) if person else None
    edited = run_escalate(
        repo.root, repo.settings, incident_id, team, handle, when(at), actor(by, repo)
    )
    lead = role_unset(edited.text, "tech_lead")
    finish(edited, *([f"incidentctl assign {incident_id} --role tech_lead --to HANDLE"] * lead))
