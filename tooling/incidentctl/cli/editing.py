"""What the editing commands share: ``--at`` and ``--by``, the actor, and how an edit ends.

Every editing command prints its refusal as ``path:line:col: rule-id message`` lines on stderr,
then one line saying nothing was written, and exits 1; on success, one line of what changed
and the next steps.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from incidentctl.cli.exits import ExitCode
from incidentctl.cli.options import Repo

if TYPE_CHECKING:
    from incidentctl.policy.value import Policy
    from incidentctl.runs.edit import Edited

F = TypeVar("F", bound=Callable[..., Any])


def at_option(func: F) -> F:
    return click.option(
        "--at", "at", help="When it happened (ISO 8601 with a time zone; default: now, UTC)."
    )(func)


def by_option(func: F) -> F:
    return click.option(
        "--by",
        "by",
        help="Your handle (default: INCIDENTCTL_USER, else the roster entry for git user.email).",
    )(func)


def when(at: str | None) -> dt.datetime:
    """``--at`` as a time; now when it is not given (an empty ``--at ""`` is an error)."""
    from incidentctl.runs.transition import parse_time

    return dt.datetime.now(dt.UTC).replace(microsecond=0) if at is None else parse_time(at)


def actor(by: str | None, repo: Repo) -> str | None:
    from incidentctl.runs.actor import acting_responder
    from incidentctl.runs.transition import repo_policy

    return acting_responder(by, repo.root, repo_policy(repo.root, repo.settings))


def finish(edited: Edited, *next_steps: str) -> None:
    """Print the outcome of an edit; exit 1 when it was refused (nothing was written)."""
    from incidentctl.reporters.escape import finding_line, visible

    for f in edited.findings:
        click.echo(finding_line(f), err=not edited.ok)
    if not edited.ok:
        click.echo(f"incidentctl: nothing written; {visible(edited.path)} is unchanged", err=True)
        sys.exit(ExitCode.FINDINGS)
    click.echo(visible(edited.summary))
    for step in next_steps:
        click.echo(f"  next: {visible(step)}")


def next_moves(policy: Policy, incident_id: str, text: str) -> list[str]:
    """The next step the record (as written: ``text``) may take; see ``next_move``."""
    data = _record_data(text)
    return next_move(policy, incident_id, str(data.get("type")), str(data.get("status")))


def next_move(policy: Policy, incident_id: str, kind: str, status: str) -> list[str]:
    """The next step the record's own lifecycle allows from its status, as a command.

    Why read it: a fixed "--to investigating" was refused for a security incident (no such
    state), from triage (no such edge) and for one already investigating. None at the end.
    """
    from incidentctl.policy.lifecycle import next_states

    itype = policy.type_by_id.get(kind)
    lifecycle = policy.lifecycles.get(itype.lifecycle) if itype else None
    moves = [s for s in next_states(lifecycle, status) if s != status] if lifecycle else []
    return [f"incidentctl transition {incident_id} --to {moves[0]}"] if moves else []


def _record_data(text: str) -> dict[str, Any]:
    """The record's top-level mapping, as written (empty if it does not parse as one)."""
    import yaml

    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def role_unset(text: str, role: str) -> bool:
    """Whether the record (as written) has no one in ``role`` yet."""
    roles = _record_data(text).get("roles")
    return not (isinstance(roles, dict) and roles.get(role))


def one_of(value: str, known: Iterable[str], option: str, what: str) -> str:
    """``value`` if it is one of the policy's ``known`` names, else a usage error (exit 2).

    A mistyped option is the caller's mistake, not a record's: it is said as one (as an
    unknown ``--to`` handle is), with the closest names, never as a finding at some line.
    """
    from incidentctl.errors import UserError
    from incidentctl.suggest import did_you_mean, known_list

    names = set(known)
    if value in names:
        return value
    hint = did_you_mean(value, names).rstrip() or (
        f"known: {known_list(names)}" if names else "there are none"
    )
    raise UserError(f"{option} {value}: not {what} of this repository; {hint}")
