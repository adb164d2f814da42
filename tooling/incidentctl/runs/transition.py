"""``transition``: move an incident to a new state with one reviewable diff.

Check first (edge, guard, the target state's required fields); ``runs.edit`` then edits
round-trip, re-validates the new text in memory, and only then replaces the file atomically,
under a folder lock. Nothing is written when any step says no.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.load.sources import FsSource
from incidentctl.models.incident import Incident
from incidentctl.models.postmortem import PostmortemStatus
from incidentctl.policy import lifecycle as lc_engine
from incidentctl.policy.load import policy_to_edit_by
from incidentctl.policy.value import Policy
from incidentctl.rules.context import Context
from incidentctl.rules.fields import is_present
from incidentctl.runs.edit import Plan, build_context, format_time, run_edit
from incidentctl.runs.writer import TIMELINE_REFUSED, Append, Change, SetValue


@dataclass(frozen=True)
class Outcome:
    """What happened: the move, or the findings that stopped it (nothing written then)."""

    path: str
    before: str
    after: str
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def parse_time(text: str) -> dt.datetime:
    if not text.strip():
        raise UserError(
            "--at is empty: give a time such as 2026-03-04T10:15:00Z, or leave --at out for now"
        )
    try:
        when = dt.datetime.fromisoformat(text)  # Python 3.11 reads a trailing Z
    except ValueError:
        raise UserError(f"--at {text}: not an ISO 8601 time such as 2026-03-04T10:15:00Z") from None
    if when.tzinfo is None:
        raise UserError(f"--at {text}: needs a time zone, e.g. 2026-03-04T10:15:00Z or +01:00")
    try:
        when.astimezone(dt.UTC)
    except OverflowError:
        raise UserError(f"--at {text}: out of range once converted to UTC") from None
    return when


def problems_before(
    inc: Incident, postmortem: PostmortemStatus | None, target: str, when: dt.datetime, ctx: Context
) -> list[str]:
    """Why the move cannot happen, in the words a responder needs (empty when it can)."""
    lifecycle = ctx.policy.lifecycle_for(inc)
    if lifecycle is None:
        return [f"the incident's lifecycle '{ctx.policy.lifecycle_name(inc)}' is not defined"]
    if target not in lifecycle.states:
        states = ", ".join(lifecycle.states)
        return [f"'{target}' is not a state of '{lifecycle.name}' ({states})"]
    guard_ok = ctx.policy.guard_check(inc)
    if not lc_engine.allowed(lifecycle, inc.status, target, guard_ok):
        why = ctx.policy.guard_why(inc)
        clause = lc_engine.guarded_message(lifecycle, inc.status, target, guard_ok, why)
        if clause is not None:
            return [f"'{inc.status}' -> '{target}' {clause}"]
        options = lc_engine.options(lifecycle, inc.status, guard_ok)
        return [f"'{inc.status}' -> '{target}' is not allowed (from '{inc.status}': {options})"]
    last = max((e.at for _, e in inc.status_changes()), default=None)
    if last is not None and when < last:
        return [f"--at is earlier than the last status change ({format_time(last)})"]
    visited = [e.status or "" for _, e in inc.status_changes()] + [target]
    missing = [f for f in lc_engine.required_fields(lifecycle, visited) if not is_present(inc, f)]
    reasons = [f"--to {target} needs {', '.join(missing)}"] if missing else []
    needed = lc_engine.postmortem_needed(lifecycle, visited)
    if needed is not None and ctx.policy.postmortem_required(inc):
        if postmortem is None:
            reasons.append(
                f"--to {target} needs a postmortem (postmortem.md), at least {needed.value}"
            )
        elif postmortem.rank < needed.rank:
            reasons.append(
                f"--to {target} needs the postmortem to be {needed.value} (it is {postmortem.value})"
            )
    return reasons


def run_transition(
    root: Path,
    settings: Settings,
    incident_id: str,
    target: str,
    when: dt.datetime,
    by: str | None,
    note: str | None,
) -> Outcome:
    before = ["?"]

    def plan(doc: IncidentDoc, unit: Unit, ctx: Context) -> Plan:
        inc = doc.model
        before[0] = inc.status
        pm = unit.postmortem.model.status if unit.postmortem else None
        reasons = problems_before(inc, pm, target, when, ctx)
        if reasons:  # at the line the move would change
            return Plan(refusals=[(("status",), r) for r in reasons])
        entry = {"at": format_time(when), "type": "status_change", "status": target}
        entry |= {"by": by} if by else {}
        entry |= {"text": note} if note else {}
        changes: list[Change] = [Append("timeline", entry), SetValue(("status",), target)]
        return Plan(changes, refused=TIMELINE_REFUSED)

    edited = run_edit(root, settings, incident_id, plan, "transition.refused")
    return Outcome(edited.path, before[0], target, edited.findings)


def repo_policy(root: Path, settings: Settings) -> Policy:
    """The working tree's policy (the defaults where a file is absent; refused if broken)."""
    return policy_to_edit_by(FsSource(root), settings.policy_dir)


__all__ = [
    "Outcome",
    "build_context",
    "format_time",
    "parse_time",
    "problems_before",
    "run_transition",
]
