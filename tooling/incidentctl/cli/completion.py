"""``incidentctl completion SHELL``: print the tab-completion script (click's own).

Also the completers of values that commands attach to their parameters: incident ids, the
states legal from an incident's current one, roles, severities, services, handles and teams.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem, get_completion_class

if TYPE_CHECKING:
    from incidentctl.config import Settings
    from incidentctl.policy.value import Policy


@click.command(
    epilog='\b\nExamples:\n  eval "$(incidentctl completion bash)"   # in ~/.bashrc\n'
    "  incidentctl completion fish > ~/.config/fish/completions/incidentctl.fish"
)
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL."""
    from incidentctl.cli import cli  # the group is complete only after import

    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - the Choice above admits only known shells
        raise click.BadParameter(shell)
    comp = cls(cli, {}, "incidentctl", "_INCIDENTCTL_COMPLETE")
    click.echo(comp.source())


# Completion of values: each reads the repository quietly and offers nothing on any error, so
# a broken record or policy never breaks the shell.
def _repo(ctx: click.Context) -> tuple[Path, Settings] | None:
    from incidentctl.cli.options import open_repo

    try:
        repo = open_repo(ctx.params.get("repo_dir"))
    except Exception:  # noqa: BLE001 - completion must never fail
        return None
    return repo.root, repo.settings


def _policy(ctx: click.Context) -> Policy | None:
    from incidentctl.runs.transition import repo_policy

    found = _repo(ctx)
    try:
        return repo_policy(*found) if found else None
    except Exception:  # noqa: BLE001
        return None


def _offer(names: Iterable[str], incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(n) for n in sorted(set(names)) if n.startswith(incomplete)]


def complete_ids(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    from incidentctl.runs.edit import incident_ids

    found = _repo(ctx)
    return _offer(incident_ids(*found) if found else [], incomplete)


Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _policy_names(names: Callable[[Policy], Iterable[str] | None]) -> Completer:
    """A completer offering names the repository's policy holds (nothing without a policy)."""

    def complete(
        ctx: click.Context, _param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        policy = _policy(ctx)
        return _offer((names(policy) or []) if policy else [], incomplete)

    return complete


complete_roles = _policy_names(lambda p: p.role_ids)
complete_handles = _policy_names(lambda p: p.handles)
complete_teams = _policy_names(lambda p: p.team_by_id)
complete_severities = _policy_names(lambda p: p.severity_by_id)
complete_services = _policy_names(lambda p: p.service_ids)


def complete_states(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The states legal from the incident's current one (its guards as they stand)."""
    from incidentctl.load.records import load_unit
    from incidentctl.load.sources import FsSource
    from incidentctl.policy import lifecycle as lc_engine

    found, policy = _repo(ctx), _policy(ctx)
    # With "--to" last, click leaves the arguments unparsed in ctx.args (click 8.2+).
    incident_id = ctx.params.get("incident_id") or next(iter(ctx.args), None)
    if not found or not policy or not isinstance(incident_id, str):
        return []
    try:
        unit, _ = load_unit(FsSource(found[0]), found[1], incident_id)
    except Exception:  # noqa: BLE001
        return []
    inc = unit.incident.model if unit.incident else None
    lifecycle = policy.lifecycle_for(inc) if inc else None
    if inc is None or lifecycle is None:
        return []
    guard_ok = policy.guard_check(inc)
    legal = [s for s in lc_engine.next_states(lifecycle, inc.status)
             if lc_engine.allowed(lifecycle, inc.status, s, guard_ok)]  # fmt: skip
    return _offer(legal, incomplete)


def complete_types(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    policy = _policy(ctx)
    return _offer(policy.type_by_id if policy else [], incomplete)


def complete_any_state(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Every state of every lifecycle (``list --status``)."""
    policy = _policy(ctx)
    states = policy.state_ids if policy else frozenset[str]()
    return _offer(states, incomplete)
