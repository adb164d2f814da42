"""What the editing commands share: ``--at`` and ``--by``, the actor, and how an edit ends.

Every editing command prints its refusal as ``path:line:col: rule-id message`` lines on stderr,
then one line saying nothing was written, and exits 1; on success, one line of what changed
and the next steps.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from incidentctl.cli.exits import ExitCode
from incidentctl.cli.options import Repo

if TYPE_CHECKING:
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
