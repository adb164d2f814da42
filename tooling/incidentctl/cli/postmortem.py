"""``incidentctl postmortem new|status``: the draft, prefilled; its review, checked."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_handles, complete_ids
from incidentctl.cli.editing import actor, at_option, by_option, finish, when
from incidentctl.cli.options import open_repo, repo_option

EPILOG = """\b
Examples:
  incidentctl postmortem new INC-2026-0007 --owner grace.okafor
  incidentctl postmortem status INC-2026-0007 in_review
  incidentctl postmortem status INC-2026-0007 approved --approver marta.silva
  incidentctl postmortem status INC-2026-0007 published

\b
A review moves draft -> in_review -> approved -> published (back to draft from in_review or
approved). From in_review every section the policy requires must be there; approved needs
an approver other than the owner.
"""


@click.group(epilog=EPILOG)
def postmortem() -> None:
    """Write and review an incident's postmortem."""


@postmortem.command("new", epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.option("--owner", shell_complete=complete_handles, help="Default: you (--by).")
@by_option
@repo_option
def new_pm(incident_id: str, owner: str | None, by: str | None, repo_dir: Path | None) -> None:
    """Write INCIDENT_ID's postmortem.md as a prefilled draft."""
    from incidentctl.runs.actor import known_handle
    from incidentctl.runs.postmortem import run_new_postmortem
    from incidentctl.runs.transition import repo_policy

    repo = open_repo(repo_dir)
    policy = repo_policy(repo.root, repo.settings)
    who = known_handle(owner, "--owner", policy) if owner else actor(by, repo)
    edited = run_new_postmortem(repo.root, repo.settings, incident_id, who)
    finish(edited, f"edit {edited.path}", f"incidentctl postmortem status {incident_id} in_review")


@postmortem.command("status", epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.argument("target", type=click.Choice(["draft", "in_review", "approved", "published"]))
@click.option("--approver", "approvers", multiple=True, shell_complete=complete_handles,
              help="Add an approver (repeatable).")  # fmt: skip
@at_option
@repo_option
def status(
    incident_id: str, target: str, approvers: tuple[str, ...], at: str | None,
    repo_dir: Path | None,
) -> None:  # fmt: skip
    """Move INCIDENT_ID's postmortem to TARGET."""
    from incidentctl.runs.actor import known_handle
    from incidentctl.runs.postmortem import run_pm_status
    from incidentctl.runs.transition import repo_policy

    repo = open_repo(repo_dir)
    policy = repo_policy(repo.root, repo.settings)
    handles = tuple(known_handle(a, "--approver", policy) for a in approvers)
    edited = run_pm_status(repo.root, repo.settings, incident_id, target, handles, when(at))
    finish(edited)
