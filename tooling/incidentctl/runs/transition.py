"""``transition``: move an incident to a new state with one reviewable diff.

Check first (edge, guard, the target state's required fields), then edit round-trip,
re-validate the new text in memory, and only then replace the file atomically, under a
folder lock. Nothing is written when any step says no.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding
from incidentctl.load.discovery import FOLDER_ID, worktree_index
from incidentctl.load.documents import IncidentDoc, Unit, record_paths
from incidentctl.load.records import load_unit, parse_yaml
from incidentctl.load.sources import FsSource, link_in, symlink_finding
from incidentctl.models.incident import Incident
from incidentctl.models.postmortem import PostmortemStatus
from incidentctl.policy import lifecycle as lc_engine
from incidentctl.policy.load import load_policy
from incidentctl.policy.value import Policy
from incidentctl.rules.check import check_unit
from incidentctl.rules.context import Context
from incidentctl.rules.fields import is_present
from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.writer import append_timeline_entry, locked, write_atomic


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


def format_time(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_time(text: str) -> dt.datetime:
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
    if not FOLDER_ID.match(incident_id):
        raise UserError(f"'{incident_id}' is not an incident id such as INC-2026-0007")
    rel = record_paths(settings.incidents_dir, incident_id)[0]
    path = root / rel
    # Never through a link (the record, its folder, incidents/): it would edit a file elsewhere.
    if (link := link_in(root, rel)) is not None:
        return Outcome(rel, "?", target, [symlink_finding(link)])
    if not path.is_file():
        raise UserError(f"{rel}: no such incident record")
    with locked(path.parent):
        source = FsSource(root)
        ctx = build_context(root, settings, source)
        unit, findings = load_unit(source, settings, incident_id)
        if unit.incident is None:
            return Outcome(
                rel, "?", target, [*findings, _stop(rel, (1, 1), "fix the record before moving it")]
            )
        inc = unit.incident.model
        pm = unit.postmortem.model.status if unit.postmortem else None
        reasons = problems_before(inc, pm, target, when, ctx)
        if reasons:
            at = unit.incident.loaded.value_pos(("status",))  # the line the move would change
            return Outcome(rel, inc.status, target, [_stop(rel, at, r) for r in reasons])
        text = path.read_bytes().decode("utf-8")
        entry = {"at": format_time(when), "type": "status_change", "status": target}
        entry |= {"by": by} if by else {}
        entry |= {"text": note} if note else {}
        try:
            new_text = append_timeline_entry(text, entry, {"status": target})
        except EditRefused as exc:  # the edit would change more than it says: write nothing
            at = unit.incident.loaded.value_pos(("timeline",))
            return Outcome(rel, inc.status, target, [_stop(rel, at, str(exc))])
        after = _validate_text(new_text, rel, unit, ctx)
        if any(f.is_error for f in after):
            return Outcome(rel, inc.status, target, after)
        write_atomic(path, new_text)
        return Outcome(rel, inc.status, target, after)


def _validate_text(text: str, rel: str, unit: Unit, ctx: Context) -> list[Finding]:
    """Every finding the edited record would have, as ``validate`` would report it."""
    loaded, model, findings = parse_yaml(text.encode("utf-8"), rel, Incident)
    if loaded is None or model is None:
        return findings
    edited = Unit(
        unit.folder, unit.incident_path, unit.postmortem_path, IncidentDoc(rel, loaded, model),
        unit.postmortem, True, unit.has_postmortem_file, text.encode("utf-8"), unit.postmortem_raw,
    )  # fmt: skip
    return [f for f in check_unit(edited, ctx) if f.path == rel]


def _stop(path: str, pos: tuple[int, int], message: str) -> Finding:
    return Finding(path, pos[0], pos[1], "transition.refused", message)


def repo_policy(root: Path, settings: Settings) -> Policy:
    """The working tree's policy (the built-in defaults where a file is absent)."""
    return load_policy(FsSource(root), settings.policy_dir).policy


def build_context(root: Path, settings: Settings, source: FsSource) -> Context:
    """The policy and index of the working tree, for a command that edits one record."""
    policy = load_policy(source, settings.policy_dir).policy
    now = dt.datetime.now(dt.UTC)
    return Context(policy, worktree_index(root, settings), settings, now.date(), now)
