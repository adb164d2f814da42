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


def pending_times(docs: list[IncidentDoc | PostmortemDoc | None], ctx: Context) -> list[Pending]:
    """Every timestamp of the documents later than now plus the allowed skew."""
    skew = dt.timedelta(minutes=ctx.settings.clock_skew_minutes)
    limit = now_of(ctx.today, ctx.now) + skew
    out: list[Pending] = []
    for doc in docs:
        if doc is None:
            continue
        for loc, when in _datetimes(doc.model, ()):
            if when > limit:
                line, col = doc.loaded.value_pos(loc)
                out.append(Pending(doc.path, line, col, when.isoformat()))
    return out


def future_findings(
    pending: list[Pending], now: dt.datetime, skew_minutes: int, committed: bool
) -> list[Finding]:
    """The pending times still in the future for this run (no model needed: a warm run)."""
    limit = now + dt.timedelta(minutes=skew_minutes)
    since = "the commit that records it" if committed else "now"
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


def _datetimes(
    value: Any, loc: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], dt.datetime]]:
    """Every aware datetime in a model, with its path (dates, such as ``due``, may be ahead)."""
    if isinstance(value, dt.datetime):
        yield loc, value
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _datetimes(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _datetimes(item, (*loc, key))
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from _datetimes(getattr(value, name), (*loc, name))
