"""Rules on what a record knows: times and their precision, windows, priorities, custody.

PASS: ``at: 2017-01-31T00:00:00Z`` with ``precision: day`` after an entry at 23:00 that day
(a day is not out of order with a time inside it); ``impact.ended_at`` after its start.
FAIL: ``at: 2017-01-31T23:17:00Z`` with ``precision: hour`` (``time.precision``: the 17 is a
digit the precision says is not known); an effect that ends before it starts
(``time.window-reversed``); ``priority: P9`` off the policy's scale (``ref.unknown-priority``);
a closed security case owing a regulator a notice never sent (``security.notification-unsent``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from incidentctl.findings import Finding
from incidentctl.load.documents import IncidentDoc
from incidentctl.models.incident import Incident
from incidentctl.models.timeline import Known, TimePrecision, finer_digits
from incidentctl.rules.context import Context, at, at_key
from incidentctl.rules.gate import Reads
from incidentctl.suggest import unknown_choice

Loc = tuple[str | int, ...]


# Every field that may hold a time outside the timeline: what time_precision may name.
_TIMED = ("occurred_at", "discovered_at", "started_at", "impact", "release", "updates",
          "action_items", "security", "imported")  # fmt: skip
FactCheck = Callable[[IncidentDoc, str, Context], Iterable[Finding]]
# Rows of rules.incident.CHECKS (what each check reads decides whether it runs on a salvaged
# record, rules.gate).
CHECKS: tuple[tuple[Reads, FactCheck], ...] = (
    (Reads(("timeline", "time_precision", *_TIMED)), lambda doc, _f, _c: _precision(doc)),
    (
        Reads(("occurred_at", "discovered_at", "impact", "time_precision")),
        lambda doc, _f, _c: _windows(doc),
    ),
    (Reads(("priority", "action_items")), lambda doc, _f, ctx: _priorities(doc, ctx)),
    (Reads(("security", "time_precision")), lambda doc, _f, _c: _custody(doc)),
    (
        Reads(("security", "status", "type", "lifecycle")),
        lambda doc, _f, ctx: _notifications(doc, ctx),
    ),
)


def known_windows(doc: IncidentDoc) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Each time outside the timeline (by dotted path) as the span it may stand for."""
    return {path: known.window() for path, known in known_times(doc.model).items()}


def known_times(inc: Incident) -> dict[str, Known]:
    """Each time outside the timeline, by dotted path, as known (its ``time_precision``)."""
    out = {}
    for path, value in _times(inc):
        how = inc.time_precision.get(path)
        if how is None:
            out[path] = Known(value)
        else:
            declared = "precision" in how.model_fields_set
            out[path] = Known(value, how.precision, how.approximate, declared)
    return out


def _times(node: Any, path: str = "") -> Iterator[tuple[str, dt.datetime]]:
    """Every timestamp of the record outside the timeline, by path (``impact.effects[0].ended_at``)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _times(item, f"{path}[{i}]")
        return
    fields = getattr(type(node), "model_fields", None)
    for name in fields or ():
        if not path and name == "timeline":
            continue
        value, here = getattr(node, name), f"{path}.{name}" if path else name
        if isinstance(value, dt.datetime):
            yield here, value
        elif isinstance(value, list) or hasattr(type(value), "model_fields"):
            yield from _times(value, here)


def _get(inc: Any, path: str) -> Any:
    return dict(_times(inc)).get(path)


def path_loc(path: str) -> Loc:
    """``impact.effects[0].ended_at`` -> ``("impact", "effects", 0, "ended_at")``."""
    out: list[str | int] = []
    for part in path.split("."):
        name, _, index = part.partition("[")
        out.append(name)
        if index:
            out.append(int(index.rstrip("]")))
    return tuple(out)


def _precision(doc: IncidentDoc) -> Iterator[Finding]:
    inc, ld, p = doc.model, doc.loaded, doc.path
    for i, entry in enumerate(inc.timeline):
        if finer_digits(entry.at, entry.precision):
            yield at(ld, p, ("timeline", i, "at"), "time.precision", _digits(entry.precision))
    for path, how in inc.time_precision.items():
        value = _get(inc, path)
        if not isinstance(value, dt.datetime):
            msg = "names no time this record has; use a field path such as impact.started_at"
            yield at_key(ld, p, ("time_precision", path), "time.precision", msg)
        elif finer_digits(value, how.precision):
            yield at(ld, p, path_loc(path), "time.precision", _digits(how.precision))


def _digits(precision: TimePrecision) -> str:
    return (
        f"has digits finer than its precision ({precision.value}); write them as zero, or "
        "give the precision they are known to"
    )


def _windows(doc: IncidentDoc) -> Iterator[Finding]:
    """An end before its start, where even the widest reading of the two cannot fit."""
    inc, ld, p = doc.model, doc.loaded, doc.path
    spans = known_windows(doc)
    pairs = (("occurred_at", "discovered_at"), ("impact.started_at", "impact.ended_at"))
    for start, end in pairs:
        if start in spans and end in spans and spans[end][1] < spans[start][0]:
            msg = f"{end} is earlier than {start}; check both (and their time zones)"
            yield at(ld, p, path_loc(end), "time.window-reversed", msg)
    for i, _effect in enumerate(inc.impact.effects if inc.impact else []):
        start, end = f"impact.effects[{i}].started_at", f"impact.effects[{i}].ended_at"
        if start in spans and end in spans and spans[end][1] < spans[start][0]:
            msg = "ended_at is earlier than started_at; check both (and their time zones)"
            yield at(ld, p, path_loc(end), "time.window-reversed", msg)


def _priorities(doc: IncidentDoc, ctx: Context) -> Iterator[Finding]:
    inc, ld, p = doc.model, doc.loaded, doc.path
    known = ctx.policy.priority_ids
    places: list[tuple[Loc, str | None]] = [(("priority",), inc.priority)]
    places += [
        (("action_items", i, "priority"), a.priority) for i, a in enumerate(inc.action_items)
    ]
    for loc, value in places:
        if value is not None and value not in known:
            msg = unknown_choice("priority", value, known) + " (schemas/priorities.yaml)"
            yield at(ld, p, loc, "ref.unknown-priority", msg)


def _custody(doc: IncidentDoc) -> Iterator[Finding]:
    """Each handover after the one before it, and none before the evidence was collected.

    Times are compared as the windows their precision allows (``time_precision``): a handover
    known to the day is not out of order with a collection at 14:00 on that day.
    """
    security = doc.model.security
    spans = known_windows(doc)
    for i, item in enumerate(security.evidence if security else []):
        base = f"security.evidence[{i}]"
        # the latest time every step so far is known to be after: a step known only to the
        # day does not let a later step go back before an exact one ahead of it
        floor = spans.get(f"{base}.collected_at", (None, None))[0]
        for j, _handover in enumerate(item.custody):
            start, end = spans[f"{base}.custody[{j}].at"]
            if floor is not None and end < floor:
                msg = "this handover is earlier than the step before it; keep custody in order"
                loc: Loc = ("security", "evidence", i, "custody", j, "at")
                yield at(doc.loaded, doc.path, loc, "security.custody-order", msg)
                break
            floor = start if floor is None else max(floor, start)


def _notifications(doc: IncidentDoc, ctx: Context) -> Iterator[Finding]:
    """Once the case has ended, every notification owed by a date was sent or waived."""
    inc = doc.model
    lifecycle = ctx.policy.lifecycle_for(inc)
    state = lifecycle.states.get(inc.status) if lifecycle else None
    if inc.security is None or state is None or not state.terminal:
        return
    for i, note in enumerate(inc.security.notifications):
        if note.due_at is not None and note.sent_at is None and not note.waived:
            msg = (
                f"state '{inc.status}' ends the case, and this notification was due but not "
                "sent: add sent_at, or waived with the reason"
            )
            loc: Loc = ("security", "notifications", i, "due_at")
            yield at(doc.loaded, doc.path, loc, "security.notification-unsent", msg)
