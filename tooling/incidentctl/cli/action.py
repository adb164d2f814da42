"""``incidentctl action add|update|done``: the record's action items, due dates from the SLOs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from incidentctl.cli.completion import complete_handles, complete_ids
from incidentctl.cli.editing import at_option, finish, when
from incidentctl.cli.options import open_repo, repo_option

if TYPE_CHECKING:
    from incidentctl.config import Settings

TYPES = ["prevent", "detect", "mitigate", "respond", "process", "documentation", "other"]
STATUSES = ["open", "in_progress", "blocked", "done", "wont_do"]
EPILOG = """\b
Examples:
  incidentctl action add INC-2026-0007 --title "Alert on 5xx per region" --owner grace.okafor \\
      --type detect --priority P1              # due in 30 days (schemas/action-items.yaml)
  incidentctl action add INC-2026-0007 --title "Canary the config push" --priority-action
  incidentctl action update INC-2026-0007 AI-1 --status in_progress
  incidentctl action done INC-2026-0007 AI-1   # sets completed_at too
"""


@click.group(epilog=EPILOG)
def action() -> None:
    """Add, update and complete an incident's action items."""


def _owner(root: Path, settings: Settings, owner: str | None) -> str | None:
    from incidentctl.runs.actor import known_handle
    from incidentctl.runs.transition import repo_policy

    return known_handle(owner, "--owner", repo_policy(root, settings)) if owner else None


@action.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.option("--title", required=True, help="What will be done.")
@click.option("--owner", shell_complete=complete_handles, help="Who owns it (a handle).")
@click.option("--team", help="The owning team.")
@click.option("--type", "kind", type=click.Choice(TYPES), help="prevent, detect, mitigate, ...")
@click.option("--priority", help="P0-P3 (schemas/priorities.yaml); sets the default due date.")
@click.option("--priority-action", is_flag=True, help="An Atlassian priority action (4/8 weeks).")
@click.option("--due", help="Due date (YYYY-MM-DD; default from the policy's SLO).")
@at_option
@repo_option
def add(
    incident_id: str, title: str, owner: str | None, team: str | None, kind: str | None,
    priority: str | None, priority_action: bool, due: str | None, at: str | None,
    repo_dir: Path | None,
) -> None:  # fmt: skip
    """Add an action item to INCIDENT_ID."""
    from incidentctl.runs.action import NewItem, run_add

    repo = open_repo(repo_dir)
    new = NewItem(title, _owner(repo.root, repo.settings, owner), kind, priority,
                  priority_action, due, team)  # fmt: skip
    finish(run_add(repo.root, repo.settings, incident_id, new, when(at)))


@action.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.argument("item_id")
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--owner", shell_complete=complete_handles)
@click.option("--due", help="YYYY-MM-DD.")
@click.option("--title")
@click.option("--notes", help="Why it is blocked or will not be done.")
@at_option
@repo_option
def update(
    incident_id: str, item_id: str, status: str | None, owner: str | None, due: str | None,
    title: str | None, notes: str | None, at: str | None, repo_dir: Path | None,
) -> None:  # fmt: skip
    """Change fields of action item ITEM_ID (AI-2 or the full id)."""
    from incidentctl.runs.action import run_update

    repo = open_repo(repo_dir)
    owner = _owner(repo.root, repo.settings, owner)
    values = {"status": status, "owner": owner, "due": due, "title": title, "notes": notes}
    chosen = {k: v for k, v in values.items() if v is not None}
    finish(run_update(repo.root, repo.settings, incident_id, item_id, chosen, when(at)))


@action.command(epilog=EPILOG)
@click.argument("incident_id", shell_complete=complete_ids)
@click.argument("item_id")
@at_option
@repo_option
def done(incident_id: str, item_id: str, at: str | None, repo_dir: Path | None) -> None:
    """Mark action item ITEM_ID done (sets completed_at)."""
    from incidentctl.runs.action import run_update

    repo = open_repo(repo_dir)
    finish(run_update(repo.root, repo.settings, incident_id, item_id, {"status": "done"}, when(at)))
