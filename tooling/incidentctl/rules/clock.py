"""Timestamps in the future are refused (``time.future``).

A status change dated 2999 passes today and then blocks every real transition. "Now" is the commit's time in ``check`` and ``audit`` and the clock in ``validate`` and
``transition``, plus ``clock_skew_minutes`` of slack. Why two steps: a time in the future
when a folder is assessed may not be later, so the warm cache keeps such times as *pending*
(path, position, time) and every run judges them against its own now, like references.

PASS: an entry at 10:00 in a commit made at 10:03. FAIL: ``at: 2999-01-01T00:00:00Z``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from incidentctl.findings import Finding
from incidentctl.rules.context import Context, finding
from incidentctl.rules.results import Pending

if TYPE_CHECKING:
    from incidentctl.load.documents import IncidentDoc, PostmortemDoc


def now_of(today: dt.date, now: dt.datetime | None) -> dt.datetime:
    """The run's now: given, else the end of its day (a run pinned to a day, as tests do)."""
    return now if now is not None else dt.datetime.combine(today, dt.time.max, dt.UTC)


def pending_times(
    docs: list[IncidentDoc | PostmortemDoc | None], ctx: Context, record: Any = None
) -> list[Pending]:
    """Every timestamp of the documents later than now plus the allowed skew.

    ``record``: the incident's data, whose zone (its ``timezone``, else the setting) every
    document's naive times are read in, its postmortem's too (as the loader reads them).

    Why the loaded data, not the model: this runs on every file of a cold validate, and a walk
    of plain dicts that compares a date prefix first costs a fraction of a walk of the model.
    """
    limit = now_of(ctx.today, ctx.now) + dt.timedelta(minutes=ctx.settings.clock_skew_minutes)
    earliest = (limit - dt.timedelta(days=1)).date().isoformat()  # any zone's date of it
    out: list[Pending] = []
    for doc in docs:
        if doc is None:
            continue
        keys = _time_keys(type(doc.model))
        zone = _declared_zone(record, ctx.settings.timezone)  # a postmortem's: its incident's
        for loc, text in _candidates(doc.loaded.data, keys, earliest):
            when = dt.datetime.fromisoformat(text)
            if when.tzinfo is None and zone is not None:  # it validated: read in its zone
                when = when.replace(tzinfo=zone)
            if when.tzinfo is not None and when > limit:
                line, col = doc.loaded.value_pos(loc)
                out.append(Pending(doc.path, line, col, when.isoformat()))
    return out


def _declared_zone(data: Any, setting: str | None) -> dt.tzinfo | None:
    """The zone a record's naive times are read in (``models.zone``): its own, else the setting."""
    from incidentctl.models.zone import record_zone, zone_info  # cold path only, like the models

    name = record_zone(data, setting)
    return zone_info(name) if name else None


def _candidates(
    data: Any, keys: frozenset[str], earliest: str
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Strings under a timestamp field's key whose date is not before ``earliest``."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        loc, node = stack.pop()
        if type(node) is dict:
            for key, value in node.items():
                if type(value) is str:
                    if key in keys and value[:10] >= earliest and value[:4].isdigit():
                        yield (*loc, key), value
                elif type(value) is dict or type(value) is list:
                    stack.append(((*loc, key), value))
        elif type(node) is list:
            stack.extend(((*loc, i), v) for i, v in enumerate(node) if type(v) in (dict, list))


def _time_keys(model: type) -> frozenset[str]:
    """The names of every datetime field of ``model`` and the models inside it."""
    from incidentctl.models.zone import time_keys  # cold path only: models import pydantic

    return time_keys(model)


def future_findings(
    pending: list[Pending], now: dt.datetime, skew_minutes: int, committed: bool
) -> list[Finding]:
    """The pending times still in the future for this run (no model needed: a warm run)."""
    limit = now + dt.timedelta(minutes=skew_minutes)
    since = "the commit that records it or than now" if committed else "now"
    msg = (
        f"is later than {since} (allowing {skew_minutes} minutes of clock skew); write when"
        " it happened, with its time zone"
    )
    return [
        finding(p.path, (p.line, p.col), "time.future", msg)
        for p in pending
        if dt.datetime.fromisoformat(p.at) > limit
    ]


def ctx_future_findings(pending: list[Pending], ctx: Context) -> list[Finding]:
    now = now_of(ctx.today, ctx.now)
    return future_findings(pending, now, ctx.settings.clock_skew_minutes, ctx.committed)
