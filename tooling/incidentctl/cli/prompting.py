"""Asking for a missing value on a terminal: the policy's choices, each answer validated.

Why only on a terminal: a prompt in CI (or with stdin redirected) would hang a job or eat a
script's input, so there a missing value is one usage line (exit 2), never a question.
``CI`` set counts as no terminal. A choice prompt lists what the policy allows (types,
severities, services, roles, the roster's handles) and asks again on an answer it does not
allow; a free answer is checked as its option would be.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection
from typing import TypeVar

import click

from incidentctl.errors import UserError

T = TypeVar("T")


def interactive() -> bool:
    """Whether a person can be asked: stdin is a terminal and this is not CI."""
    return sys.stdin.isatty() and not os.environ.get("CI")


def need(value: T | None, option: str, ask: Callable[[], T]) -> T:
    """``value``, else the answer to ``ask`` on a terminal, else a one-line usage error."""
    if value is not None and value != "" and value != ():
        return value
    if not interactive():
        raise UserError(f"{option} is required (no terminal to ask on)")
    return ask()


def choose(label: str, choices: Collection[str], default: str | None = None) -> str:
    """One of ``choices`` (listed in the prompt; anything else is asked again)."""
    names = sorted(choices)
    if len(names) > 12:  # too many to list: validated all the same, with the closest named
        return text(label, lambda v: _one_of(v, names), default)
    shown = click.Choice(names)
    answer: str = click.prompt(label, type=shown, default=default, show_choices=True)
    return answer


def text(
    label: str, check: Callable[[str], object] | None = None, default: str | None = None
) -> str:
    """A non-empty answer that ``check`` accepts (its UserError's message, and ask again)."""

    def proc(value: str) -> str:
        value = value.strip()
        if not value:
            raise click.BadParameter("an answer is needed")
        if check is not None:
            try:
                check(value)
            except UserError as exc:
                raise click.BadParameter(str(exc)) from None
        return value

    answer: str = click.prompt(label, default=default, value_proc=proc)
    return answer


def _one_of(value: str, names: list[str]) -> None:
    from incidentctl.suggest import did_you_mean

    if value not in names:
        hint = did_you_mean(value, names).rstrip() or f"{len(names)} names are known"
        raise UserError(f"'{value}' is not one of them; {hint}")


def handle(label: str, known: Collection[str] | None, default: str | None = None) -> str:
    """A person: one of the roster's handles, or (without a roster) any well-formed handle."""
    if known:
        return choose(label, known, default if default in known else None)
    from incidentctl.history.worktree import HANDLE

    def check(value: str) -> None:
        if not HANDLE.match(value):
            raise UserError("not a handle (lower-case letters, digits, '.', '_', '-')")

    return text(label, check, default)
