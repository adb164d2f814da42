"""``incidentctl assign``: give a role to a person (a role_change entry records it)."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli import prompting
from incidentctl.cli.completion import complete_handles, complete_ids, complete_roles
from incidentctl.cli.editing import actor, at_option, by_option, finish, next_moves, one_of, when
from incidentctl.cli.options import open_repo, repo_option
from incidentctl.cli.prompting import choose, need

EPILOG = """\b
Examples:
  incidentctl assign INC-2026-0007 --role incident_commander --to grace.okafor
  incidentctl assign INC-2026-0007 --role comms_lead --to omar.haddad

\b
Roles come from schemas/roles.yaml; handles from schemas/people.yaml when it exists.
On a terminal a missing --role or --to is asked for, from those lists; in CI it is an error.
"""


@click.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.option(
    "--role", shell_complete=complete_roles, help="The role to fill (asked on a terminal)."
)
@click.option("--to", "to", shell_complete=complete_handles, help="A handle (asked on a terminal).")
@at_option
@by_option
@repo_option
def assign(
    incident_id: str, role: str | None, to: str | None, at: str | None, by: str | None,
    repo_dir: Path | None,
) -> None:  # fmt: skip
    """Assign ROLE on INCIDENT_ID to a person (sets roles.<role>)."""
    from incidentctl.runs.actor import known_handle
    from incidentctl.runs.assign import run_assign
    from incidentctl.runs.transition import repo_policy

    repo = open_repo(repo_dir)
    policy = repo_policy(repo.root, repo.settings)
    role = one_of(need(role, "--role", lambda: choose("Role", policy.role_ids)), policy.role_ids,
                  "--role", "a role")  # fmt: skip
    to = need(to, "--to", lambda: prompting.handle(f"Who is {role}?", policy.handles))
    handle = known_handle(to, "--to", policy)
    edited = run_assign(
        repo.root, repo.settings, incident_id, role, handle, when(at), actor(by, repo)
    )
    finish(edited, *next_moves(policy, incident_id, edited.text))
