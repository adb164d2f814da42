"""Response metrics (pure): time to detect, acknowledge, mitigate and resolve, and their spread.

Each time runs from ``started_at`` to the first status change that reached the milestone
(``facts``); a record without ``started_at`` has no times. Time in a state runs from
entering it to the next status change (the current state is not counted: it has not ended).
Groups give count, median, p90 and max (``stats``); never a mean. An incident is placed in
time (``--since``, ``--until``, month, quarter) by the local day it began
(``IncidentFacts.opened_at``). An incident with several services counts in each service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from incidentctl.report.asof import archive_as_of
from incidentctl.report.calendar import local_date, period_of
from incidentctl.report.facts import MILESTONES, IncidentFacts
from incidentctl.report.stats import Spread, spread

__all__ = [
    "GROUPINGS",
    "Count",
    "Excluded",
    "FactorCount",
    "GroupTimes",
    "IncidentTimes",
    "MetricsReport",
    "StateSpread",
    "StateTime",
    "incident_times",
    "metrics_report",
]

GROUPINGS = ("severity", "service", "type", "month", "quarter")
NONE = "(none)"


@dataclass(frozen=True, slots=True)
class StateTime:
    state: str
    seconds: int


@dataclass(frozen=True, slots=True)
class IncidentTimes:
    id: str
    severity: str | None
    type: str
    services: tuple[str, ...]
    opened: dt.date
    to_detect: int | None
    to_acknowledge: int | None
    to_mitigate: int | None
    to_resolve: int | None
    in_state: tuple[StateTime, ...]
    approximate: bool = False  # an input is known only roughly, or to the hour or day


@dataclass(frozen=True, slots=True)
class GroupTimes:
    name: str
    count: int
    to_detect: Spread
    to_acknowledge: Spread
    to_mitigate: Spread
    to_resolve: Spread


@dataclass(frozen=True, slots=True)
class Count:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class FactorCount:
    category: str
    incidents: int
    recurring: bool  # in two incidents or more


@dataclass(frozen=True, slots=True)
class Excluded:
    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class StateSpread:
    state: str
    spread: Spread


@dataclass(frozen=True, slots=True)
class MetricsReport:
    since: dt.date | None
    until: dt.date | None
    by: str
    trend_period: str
    incidents: tuple[IncidentTimes, ...]
    overall: GroupTimes
    groups: tuple[GroupTimes, ...]
    trend: tuple[GroupTimes, ...]
    states: tuple[StateSpread, ...]
    severities: tuple[Count, ...]
    services: tuple[Count, ...]
    factors: tuple[FactorCount, ...]
    excluded: tuple[Excluded, ...]

    @property
    def approximate(self) -> tuple[str, ...]:
        """The incidents measured from an input known only roughly (their figures are too)."""
        return tuple(t.id for t in self.incidents if t.approximate)


def _seconds(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return int((end - start).total_seconds())


def incident_times(f: IncidentFacts, tz: dt.tzinfo) -> IncidentTimes | None:
    """One incident's times; None when it has no day to be placed on (no timeline at all)."""
    opened = f.opened_at
    if opened is None:
        return None
    detect, ack, mitigate, resolve = (_seconds(f.started_at, f.reached(m)) for m in MILESTONES)
    in_state = tuple(
        StateTime(state, s)
        for (state, at), (_, nxt) in zip(f.states, f.states[1:], strict=False)
        if (s := _seconds(at, nxt)) is not None
    )
    return IncidentTimes(
        f.id, f.severity, f.type, f.services, local_date(opened, tz),
        detect, ack, mitigate, resolve, in_state, bool(f.inexact),
    )  # fmt: skip


def _group(name: str, members: list[IncidentTimes]) -> GroupTimes:
    def of(get: Callable[[IncidentTimes], int | None]) -> Spread:
        return spread([v for m in members if (v := get(m)) is not None])

    return GroupTimes(
        name, len(members),
        of(lambda m: m.to_detect), of(lambda m: m.to_acknowledge),
        of(lambda m: m.to_mitigate), of(lambda m: m.to_resolve),
    )  # fmt: skip


def _keys(t: IncidentTimes, by: str) -> tuple[str, ...]:
    if by == "service":
        return t.services or (NONE,)
    if by in ("month", "quarter"):
        return (period_of(t.opened, by),)
    value = t.severity if by == "severity" else t.type
    return (value or NONE,)


def _grouped(times: list[IncidentTimes], by: str) -> tuple[GroupTimes, ...]:
    members: dict[str, list[IncidentTimes]] = {}
    for t in times:
        for key in _keys(t, by):
            members.setdefault(key, []).append(t)
    return tuple(_group(k, members[k]) for k in sorted(members))


def _ranked(counts: dict[str, int]) -> tuple[Count, ...]:
    return tuple(Count(n, c) for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def metrics_report(
    facts: Iterable[IncidentFacts],
    tz: dt.tzinfo,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    by: str = "severity",
    trend_period: str = "month",
    severity_order: tuple[str, ...] = (),
    as_of: dt.date | None = None,
) -> MetricsReport:
    """Metrics over the incidents that began between ``since`` and ``until`` (inclusive).

    With ``as_of``, each incident as it stood at the end of that day (``asof``): a milestone
    reached later is not reached yet, so its time is not counted.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by '{by}'")
    if as_of is not None:
        facts = archive_as_of(facts, as_of, tz)
    included: list[IncidentTimes] = []
    excluded: list[Excluded] = []
    factors: dict[str, int] = {}
    for f in sorted(facts, key=lambda f: f.id):
        t = incident_times(f, tz)
        if t is None or (since and t.opened < since) or (until and t.opened > until):
            continue
        if f.excluded:
            excluded.append(Excluded(f.id, f.excluded))
            continue
        included.append(t)
        for category in f.postmortem.factors if f.postmortem else ():
            factors[category] = factors.get(category, 0) + 1
    return MetricsReport(
        since, until, by, trend_period, tuple(included),
        _group("all", included), _grouped(included, by), _grouped(included, trend_period),
        _state_spreads(included), _severities(included, severity_order),
        _ranked(_count(s for t in included for s in t.services)),
        tuple(FactorCount(c.name, c.count, c.count >= 2) for c in _ranked(factors)),
        tuple(excluded),
    )  # fmt: skip


def _count(names: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for n in names:
        out[n] = out.get(n, 0) + 1
    return out


def _severities(times: list[IncidentTimes], order: tuple[str, ...]) -> tuple[Count, ...]:
    """Every severity of the policy's scale in its order (zeros too), then any other."""
    counts = _count(t.severity or NONE for t in times)
    names = [*order, *sorted(set(counts) - set(order))]
    return tuple(Count(n, counts.get(n, 0)) for n in names)


def _state_spreads(times: list[IncidentTimes]) -> tuple[StateSpread, ...]:
    by_state: dict[str, list[int]] = {}
    for t in times:
        for st in t.in_state:
            by_state.setdefault(st.state, []).append(st.seconds)
    return tuple(StateSpread(s, spread(v)) for s, v in sorted(by_state.items()))
