"""Who is acting: ``--by``, then ``INCIDENTCTL_USER``, then the roster entry for git's e-mail.

Why never an e-mail address or a display name: ``by`` and person fields hold handles, which
are stable and publishable. Without a roster, git's e-mail's local part stands in (when it has
the form of a handle); with one, only a roster entry whose ``email`` matches counts.
"""

from __future__ import annotations

import os
from pathlib import Path

from incidentctl.errors import UserError
from incidentctl.history.worktree import HANDLE, git_user_email, git_user_handle
from incidentctl.policy.value import Policy
from incidentctl.suggest import did_you_mean, known_list


def acting_responder(by: str | None, root: Path, policy: Policy) -> str | None:
    """The acting responder's handle, or None when nothing names one."""
    if by:
        return known_handle(by, "--by", policy)
    if env := os.environ.get("INCIDENTCTL_USER", "").strip():
        return known_handle(env, "INCIDENTCTL_USER", policy)
    if policy.handles is None:
        return git_user_handle(root)
    email = git_user_email(root)
    member = policy.member_by_email(email) if email else None
    return member.handle if member else None


def known_handle(value: str, option: str, policy: Policy) -> str:
    """``value`` when it is a handle the roster knows (any handle without a roster)."""
    value = value.strip()
    if "@" in value:
        raise UserError(f"{option} {value}: give a handle such as ahmed.nasser, not an e-mail")
    if not HANDLE.match(value):
        raise UserError(
            f"{option} {value}: not a handle (lower-case letters, digits, '.', '_', '-')"
        )
    known = policy.handles
    if known is not None and value not in known:
        hint = did_you_mean(value, known).rstrip() or f"known: {known_list(known)}"
        raise UserError(f"{option} {value}: not in the roster (schemas/people.yaml); {hint}")
    return value


def require_actor(who: str | None) -> str:
    """The acting responder, or a refusal that says how to name one."""
    if who is None:
        raise UserError(
            "who is acting? pass --by HANDLE, set INCIDENTCTL_USER, or add your git user.email "
            "to schemas/people.yaml"
        )
    return who
