"""``incidentctl assign``: give a role to a person (a role_change entry records it)."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_handles, complete_ids, complete_roles
from incidentctl.cli.editing import actor, at_option, by_option, finish, when
from incidentctl.cli.options import open_repo, repo_option

EPILOG = """\b
Examples:
  incidentctl assign INC-2026-0007 --role incident_commander --to grace.okafor
  incidentctl assign INC-2026-0007 --role comms_lead --to omar.haddad

\b
Roles come from schemas/roles.yaml; handles from schemas/people.yaml when it exists.
"""


@click.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.option("--role", required=True, shell_complete=complete_roles, help="The role to fill.")
@click.option("--to", "to", required=True, shell_complete=complete_handles, help="A handle.")
@at_option
@by_option
@repo_option
def assign(
    incident_id: str, role: str, to: str, at: str | None, by: str | None, repo_dir: Path | None
) -> None:
    """Assign ROLE on INCIDENT_ID to a person (sets roles.<role>)."""
    from incidentctl.runs.actor import known_handle
    from incidentctl.runs.assign import run_assign
    from incidentctl.runs.transition import repo_policy

    repo = open_repo(repo_dir)
    handle = known_handle(to, "--to", repo_policy(repo.root, repo.settings))
    edited = run_assign(
        repo.root, repo.settings, incident_id, role, handle, when(at), actor(by, repo)
    )
    finish(edited, f"incidentctl transition {incident_id} --to investigating")
