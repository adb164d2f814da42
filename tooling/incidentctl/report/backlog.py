"""The open action-item backlog over time (pure): how many items were open at each week's end.

Input is the archive as it stood at several days (the edge reads each from git history);
an item counts as open on a day if the record committed by then said open, in progress or
blocked. Teams without a ``team`` count under ``(unassigned)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from incidentctl.report.actions import UNASSIGNED
from incidentctl.report.asof import archive_as_of
from incidentctl.report.facts import IncidentFacts
from incidentctl.report.metrics import Count

__all__ = ["BacklogReport", "Week", "backlog_report", "week_ends"]


@dataclass(frozen=True, slots=True)
class Week:
    ends: dt.date  # a Sunday: the backlog as committed by the end of that day
    open: int
    by_team: tuple[Count, ...]


@dataclass(frozen=True, slots=True)
class BacklogReport:
    as_of: dt.date
    teams: tuple[str, ...]
    weeks: tuple[Week, ...]


def week_ends(as_of: dt.date, months: int) -> list[dt.date]:
    """Sundays from about ``months`` months before ``as_of`` up to the last one not after it.

    The as-of day itself ends the list when it is not a Sunday, so the latest figure is today's.
    """
    last = as_of - dt.timedelta(days=(as_of.weekday() + 1) % 7)
    first = as_of - dt.timedelta(days=round(months * 30.44))
    days = []
    day = last
    while day >= first:
        days.append(day)
        day -= dt.timedelta(days=7)
    days.reverse()
    return [*days, as_of] if last != as_of else days


def backlog_report(
    as_of: dt.date,
    snapshots: Iterable[tuple[dt.date, Iterable[IncidentFacts]]],
    tz: dt.tzinfo = dt.UTC,
) -> BacklogReport:
    """One ``Week`` per (day, facts committed by that day), in the order given.

    Each snapshot is also seen as it stood on its day (``asof``): an item its record says was
    added or completed later (a backfilled record) is not counted as open then.
    """
    weeks = []
    for day, facts in snapshots:
        counts: dict[str, int] = {}
        for f in archive_as_of(facts, day, tz):
            for a in f.actions:
                if a.is_open:
                    team = a.team or UNASSIGNED
                    counts[team] = counts.get(team, 0) + 1
        by_team = tuple(Count(t, counts[t]) for t in sorted(counts))
        weeks.append(Week(day, sum(counts.values()), by_team))
    teams = tuple(sorted({c.name for w in weeks for c in w.by_team}))
    return BacklogReport(as_of, teams, tuple(weeks))
