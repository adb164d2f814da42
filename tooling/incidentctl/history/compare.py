"""What may change between two versions of a record (pure): the rules ``check`` adds.

Old and new are parsed documents of the base and head revisions.

PASS: appending ``investigating -> mitigated`` to the timeline and setting ``status: mitigated``.
FAIL: editing a timeline entry that is already on the base branch (``history.timeline-rewritten``).

Over 250 lines: the ``history.*`` rules are one family of short functions that share the
timeline-entry matching; split by rule, that matching would be imported everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Finding
from incidentctl.history import entries
from incidentctl.load.documents import IncidentDoc, PostmortemDoc, Unit
from incidentctl.models.incident import ActionStatus, Incident, TimelineEntry, TimelineType
from incidentctl.models.policy import Lifecycle
from incidentctl.models.postmortem import PostmortemStatus as PS
from incidentctl.models.timeline import rewrite
from incidentctl.policy import lifecycle as lc_engine
from incidentctl.rules.context import Context, at, at_key, finding
from incidentctl.rules.facts import known_times, path_loc

# Postmortem reviews move forward one step at a time, or back to draft.
POSTMORTEM_MOVES: dict[PS, set[PS]] = {
    PS.DRAFT: {PS.DRAFT, PS.IN_REVIEW},
    PS.IN_REVIEW: {PS.IN_REVIEW, PS.APPROVED, PS.DRAFT},
    PS.APPROVED: {PS.APPROVED, PS.PUBLISHED, PS.DRAFT},
    PS.PUBLISHED: {PS.PUBLISHED},
}


def added_entries(old: Incident, new: Incident) -> list[tuple[int, TimelineEntry]]:
    """The new timeline's entries that the old one did not have, with their index."""
    return [(j, new.timeline[j]) for j in entries.match(old.timeline, new.timeline).added]


def compare_incident(old: IncidentDoc, new: IncidentDoc, ctx: Context) -> list[Finding]:
    """Every history rule for an incident present at both revisions."""
    matching = entries.match(old.model.timeline, new.model.timeline)
    added = [(j, new.model.timeline[j]) for j in matching.added]
    rewritten = list(_append_only(old, new, matching))
    # An edited entry would also look like a new one: report the rewrite alone, until fixed.
    moves = [] if rewritten else [*_backdated(old, new, added), *_transitions(old, new, added, ctx)]
    out = [
        *_identity(old, new),
        *rewritten,
        *moves,
        *_recorded(old, new, added),
        *_action_items(old, new),
        *_visibility(old, new, ctx),
    ]
    if not any(f.rule_id == "history.illegal-transition" for f in out):
        out += _frozen(old, new, added, ctx, matching)
    return out


def compare_units(old: Unit, new: Unit, ctx: Context, moved_to: str | None = None) -> list[Finding]:
    """Every history rule for one incident folder: its record and its postmortem."""
    out: list[Finding] = []
    if old.has_incident_file and not new.has_incident_file:
        out.append(deleted_incident(old.incident_path, moved_to))
    elif old.incident is not None and new.incident is not None:
        out += compare_incident(old.incident, new.incident, ctx)
    if old.has_postmortem_file and not new.has_postmortem_file:
        out.append(deleted_postmortem(old.postmortem_path))
    elif old.postmortem is not None and new.postmortem is not None:
        out += compare_postmortem(old.postmortem, new.postmortem)
    return out


def deleted_incident(path: str, moved_to: str | None) -> Finding:
    where = f"; it was moved to {moved_to}" if moved_to else ""
    msg = f"incident records are never deleted or moved to another id{where}; restore it"
    return finding(path, (0, 0), "history.incident-deleted", msg)


def _identity(old: IncidentDoc, new: IncidentDoc) -> Iterator[Finding]:
    if old.model.id != new.model.id:
        msg = "the id differs from the base version's; ids never change"
        yield at(new.loaded, new.path, ("id",), "history.id-changed", msg)


def _append_only(
    old: IncidentDoc, new: IncidentDoc, matching: entries.Matching
) -> Iterator[Finding]:
    for i in matching.lost:
        line = old.loaded.value_pos(("timeline", i))[0]
        moved = entries.why_rewritten(old.model.timeline[i], new.model.timeline, matching.added)
        if moved is not None:
            j, reason = moved
            msg = (
                f"timeline[{i}] of the base version (its line {line}) changed its time: {reason};"
                " restore it, or add a new entry that says what is now known"
            )
            loc = ("timeline", j, "precision" if "made coarser" in reason else "at")
            yield at(new.loaded, new.path, loc, "history.timeline-rewritten", msg)
            continue
        msg = (
            f"timeline[{i}] of the base version (its line {line}) was removed or altered; the"
            " timeline is append-only: restore it and add a new entry instead"
        )
        yield at_key(new.loaded, new.path, ("timeline",), "history.timeline-rewritten", msg)


def _last_change(model: Incident) -> dt.datetime | None:
    """The earliest instant the base's latest status change may stand for (its window's start)."""
    return max((e.window()[0] for _, e in model.status_changes()), default=None)


def _backdated(
    old: IncidentDoc, new: IncidentDoc, added: list[tuple[int, TimelineEntry]]
) -> Iterator[Finding]:
    """A new status change certainly earlier than the base's last one.

    Certainly: even the latest instant its time may stand for (a day, an hour, "about") is
    before the earliest that change may stand for.
    """
    last = _last_change(old.model)
    for i, e in added:
        if last is not None and e.type is TimelineType.STATUS_CHANGE and e.window()[1] < last:
            msg = "a new status change is dated before the last status change on the base branch"
            yield at(new.loaded, new.path, ("timeline", i, "at"), "history.backdated", msg)


def _transitions(
    old: IncidentDoc, new: IncidentDoc, added: list[tuple[int, TimelineEntry]], ctx: Context
) -> Iterator[Finding]:
    lifecycle = ctx.policy.lifecycle_for(new.model)
    if lifecycle is None or ctx.policy.lifecycle_name(old.model) != lifecycle.name:
        return
    # A base without a status change has no recorded state: the first one the change records
    # is judged by validate, as the start of the path (it must enter an initial state).
    state = old.model.status if old.model.status_changes() else None
    guard_ok = ctx.policy.guard_check(new.model)
    for i, e in added:
        if e.type is not TimelineType.STATUS_CHANGE or e.status not in lifecycle.states:
            continue  # an unknown state is reported by validate (ref.unknown-state)
        if state is not None and not lc_engine.allowed(lifecycle, state, e.status, guard_ok):
            msg = f"this change moves {_refusal(lifecycle, state, e.status, new.model, ctx)}"
            yield at(
                new.loaded, new.path, ("timeline", i, "status"), "history.illegal-transition", msg
            )
        state = e.status


def _refusal(lc: Lifecycle, src: str, dst: str, inc: Incident, ctx: Context) -> str:
    """Why ``src -> dst`` is refused: no such edge, or the guard that blocks it and why."""
    ok = ctx.policy.guard_check(inc)
    clause = lc_engine.guarded_message(lc, src, dst, ok, ctx.policy.guard_why(inc))
    if clause is not None:
        return f"'{src}' -> '{dst}', which {clause}"
    return f"'{src}' -> '{dst}', which '{lc.name}' does not allow (from '{src}': {lc_engine.options(lc, src, ok)})"


def _recorded(
    old: IncidentDoc, new: IncidentDoc, added: list[tuple[int, TimelineEntry]]
) -> Iterator[Finding]:
    types = {e.type for _, e in added}
    if old.model.severity != new.model.severity and TimelineType.SEVERITY_CHANGE not in types:
        msg = "severity changed; record it as a severity_change entry in the timeline"
        yield at(new.loaded, new.path, ("severity",), "history.severity-unrecorded", msg)
    if old.model.roles != new.model.roles and TimelineType.ROLE_CHANGE not in types:
        msg = "roles changed; record it as a role_change entry in the timeline"
        yield at_key(new.loaded, new.path, ("roles",), "history.role-unrecorded", msg)


def _action_items(old: IncidentDoc, new: IncidentDoc) -> Iterator[Finding]:
    now = {item.id: (i, item) for i, item in enumerate(new.model.action_items)}
    for k, item in enumerate(old.model.action_items):
        if item.id not in now:
            line = old.loaded.value_pos(("action_items", k))[0]
            msg = (
                f"the action item on line {line} of the base version was deleted; keep it and set"
                " status: wont_do with notes"
            )
            yield at_key(
                new.loaded, new.path, ("action_items",), "history.action-item-deleted", msg
            )
            continue
        i, current = now[item.id]
        reopened = item.status is ActionStatus.DONE and current.status is not ActionStatus.DONE
        if reopened and (not current.notes or current.notes == item.notes):
            msg = "this action item was done; reopening it needs new notes saying why"
            loc = ("action_items", i, "status")
            yield at(new.loaded, new.path, loc, "history.action-item-reopened", msg)


def _visibility(old: IncidentDoc, new: IncidentDoc, ctx: Context) -> Iterator[Finding]:
    before = ctx.policy.visibility(old.model)
    after = ctx.policy.visibility(new.model)
    released = new.model.release is not None and not _same_release(old.model, new.model)
    if after.rank < before.rank and not released:
        msg = (
            f"visibility lowered from {before.value} to {after.value}; add a new 'release' record"
            " (approved_by, approved_at) for this decision"
        )
        # a removed key is reported at the start of the record, `visibility: null` at its value
        yield at(new.loaded, new.path, ("visibility",), "history.visibility-lowered", msg)


def _same_release(old: Incident, new: Incident) -> bool:
    """The same decision to publish: equal, or only its ``approved_at`` refined."""
    a, b = old.release, new.release
    if a is None or b is None or a == b:
        return a == b
    path = "release.approved_at"
    same_rest = a.model_copy(update={"approved_at": b.approved_at}) == b
    return same_rest and rewrite(known_times(old)[path], known_times(new)[path]) is None


def _frozen(
    old: IncidentDoc,
    new: IncidentDoc,
    added: list[tuple[int, TimelineEntry]],
    ctx: Context,
    matching: entries.Matching,
) -> Iterator[Finding]:
    lifecycle = ctx.policy.lifecycle_for(old.model)
    state = lifecycle.states.get(old.model.status) if lifecycle else None
    if state is None or not state.terminal:
        return
    if any(e.type is TimelineType.STATUS_CHANGE for _, e in added):
        return  # a reopen edge the lifecycle allows (checked by _transitions)
    editable = ctx.policy.changes.editable_after_close
    before = old.model.model_dump(mode="json")
    after = _refinements_undone(
        old.model, new.model, before, new.model.model_dump(mode="json"), matching
    )
    before, after = _strip(before, editable), _strip(after, editable)
    for key in after:
        if before.get(key) != after.get(key):
            msg = (
                f"'{key}' changed, but the incident is {old.model.status} (terminal); after closing"
                f" only these may change: {', '.join(editable)}"
            )
            yield at_key(new.loaded, new.path, (key,), "history.frozen", msg)


def _refinements_undone(
    old: Incident,
    new: Incident,
    before: dict[str, Any],
    after: dict[str, Any],
    matching: entries.Matching,
) -> dict[str, Any]:
    """``after`` with every refined time put back as ``before`` had it.

    Why: a closed record may still learn when things happened (``models.timeline.rewrite``);
    nothing else of it may change.
    """
    for i, j in matching.pairs.items():
        after["timeline"][j] = before["timeline"][i]
    then, now = known_times(old), known_times(new)
    for path, known in now.items():
        if path in then and rewrite(then[path], known) is None:
            _put(after, path_loc(path), _get(before, path_loc(path)))
            if path in before["time_precision"]:
                after["time_precision"][path] = before["time_precision"][path]
            else:
                after["time_precision"].pop(path, None)
    return after


def _get(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def _put(data: Any, loc: tuple[str | int, ...], value: Any) -> None:
    _get(data, loc[:-1])[loc[-1]] = value


def _strip(data: dict[str, Any], editable: list[str]) -> dict[str, Any]:
    for path in editable:
        head, _, rest = path.partition(".")
        name = head.removesuffix("[]")
        if not rest:
            data.pop(name, None)
        elif head.endswith("[]"):
            for item in data.get(name) or []:
                _strip(item, [rest])
        elif isinstance(data.get(name), dict):
            _strip(data[name], [rest])
    return data


# What a published postmortem may still change: its body (a correction, a link), its tags.
EDITABLE_AFTER_PUBLISHING = ("schema_version", "tags")


def compare_postmortem(old: PostmortemDoc, new: PostmortemDoc) -> list[Finding]:
    before, after = old.model.status, new.model.status
    if after not in POSTMORTEM_MOVES[before]:
        msg = f"a postmortem moves draft -> in_review -> approved -> published (or back to draft), not {before.value} -> {after.value}"
        return [at(new.loaded, new.path, ("status",), "history.postmortem-status", msg)]
    if before is not PS.PUBLISHED:
        return []
    # published: its front matter is the record of what was reviewed and approved
    was, now = old.model.model_dump(mode="json"), new.model.model_dump(mode="json")
    msg = (
        "'{key}' changed, but the postmortem is published: its front matter is the approved"
        " record (who wrote, reviewed and approved it, when, and the contributing factors);"
        " write a correction in its body, or follow up in a new incident"
    )
    return [
        at_key(new.loaded, new.path, (key,), "history.postmortem-frozen", msg.format(key=key))
        for key in now
        if key not in EDITABLE_AFTER_PUBLISHING and was.get(key) != now.get(key)
    ]


def deleted_postmortem(path: str) -> Finding:
    msg = "postmortems are never deleted; set status: draft and rewrite it instead"
    return finding(path, (0, 0), "history.postmortem-deleted", msg)
