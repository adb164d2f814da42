"""Action items as of a day (pure): each item, whether it is overdue, and the summary.

Items are seen as they stood on the as-of day (``asof``): one added later is not listed, one
completed later was still open. Overdue: open, in progress or blocked, with a due date before the as-of day (due ON the day is
not overdue); done and won't-do items never are. Done late: completed (its local day in the
configured zone) after its due date. An item without ``due`` is judged against the day its
policy sets: a priority action ``priority_action_due_days[severity]`` after it was created,
any other ``due_days_by_priority[priority]`` after (``action-items.yaml``); without either it
is never overdue. Priority-action SLO compliance: of the priority actions whose outcome is
known on the day (done, or overdue), the share done by their due date; won't-do ones and
those not yet due are not counted. Restricted incidents' items keep their ids, owners and
dates but lose their title and tracker unless ``include_restricted``.

Over 250 lines: the rows, their filter and the summary share one definition of open, overdue
and done late; split, each part would re-import and re-state it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from incidentctl.report.asof import archive_as_of
from incidentctl.report.calendar import local_date
from incidentctl.report.facts import ActionFact, IncidentFacts

if TYPE_CHECKING:
    from incidentctl.report.policy import ReportPolicy

__all__ = [
    "ActionFilter",
    "ActionRow",
    "ActionsReport",
    "ActionsSummary",
    "Counts",
    "Group",
    "OldestItem",
    "SloCompliance",
    "action_rows",
    "actions_report",
]

OLDEST = 5  # how many of the oldest open items the summary names
UNASSIGNED = "(unassigned)"


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: str
    incident: str
    title: str | None  # None: withheld (a restricted incident's item)
    owner: str | None
    team: str | None
    type: str | None  # None: not known (an imported item)
    priority: str | None
    priority_action: bool
    status: str
    due: dt.date | None
    overdue: bool
    days_overdue: int
    tracker: str | None
    completed: dt.date | None
    done_late: bool | None  # None: not done, or done without a completion time or due date
    severity: str | None
    services: tuple[str, ...]
    restricted: bool
    created: dt.date | None


@dataclass(frozen=True, slots=True)
class Counts:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    done_on_time: int = 0
    done_late: int = 0
    done_undated: int = 0
    wont_do: int = 0


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    counts: Counts


@dataclass(frozen=True, slots=True)
class SloCompliance:
    met: int
    missed: int
    pending: int  # open and not yet due: no outcome yet
    percent: float | None  # met / (met + missed), to one decimal; None when nothing is known


@dataclass(frozen=True, slots=True)
class OldestItem:
    id: str
    incident: str
    owner: str | None
    age_days: int  # since created, else since the incident began (``opened_at``)


@dataclass(frozen=True, slots=True)
class ActionsSummary:
    totals: Counts
    by_owner: tuple[Group, ...]
    by_team: tuple[Group, ...]
    priority_slo: SloCompliance
    oldest_open: tuple[OldestItem, ...]


@dataclass(frozen=True, slots=True)
class ActionsReport:
    as_of: dt.date
    soon_days: int
    items: tuple[ActionRow, ...]
    summary: ActionsSummary


@dataclass(frozen=True, slots=True)
class ActionFilter:
    """Which items a report lists (and summarises); empty means any."""

    owners: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    severities: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    overdue_only: bool = False
    due_within: int | None = None  # open items due on or before as_of + this many days

    def keeps(self, row: ActionRow, as_of: dt.date) -> bool:
        checks = (
            (self.owners, row.owner or UNASSIGNED),
            (self.teams, row.team or UNASSIGNED),
            (self.severities, row.severity or ""),
            (self.statuses, row.status),
        )
        if any(wanted and value not in wanted for wanted, value in checks):
            return False
        if self.services and not self.services.intersection(row.services):
            return False
        if self.overdue_only and not row.overdue:
            return False
        if self.due_within is not None:
            limit = as_of + dt.timedelta(days=self.due_within)
            return row.status in _OPEN and row.due is not None and row.due <= limit
        return True


_OPEN = frozenset({"open", "in_progress", "blocked"})


def action_rows(
    facts: Iterable[IncidentFacts],
    policy: ReportPolicy,
    as_of: dt.date,
    tz: dt.tzinfo,
    include_restricted: bool = False,
) -> list[ActionRow]:
    """Every action item of ``facts`` as they stood on ``as_of``, by incident and item number.

    Only the items that existed by the end of that day, with what they were then (``asof``).
    """
    rows = [
        _row(inc, item, policy, as_of, tz, include_restricted)
        for inc in archive_as_of(facts, as_of, tz)
        for item in inc.actions
    ]
    return sorted(rows, key=lambda r: (r.incident, _number(r.id), r.id))


def _number(item_id: str) -> int:
    return int(item_id.rsplit("-", 1)[1])


def _row(
    inc: IncidentFacts,
    a: ActionFact,
    policy: ReportPolicy,
    as_of: dt.date,
    tz: dt.tzinfo,
    include_restricted: bool,
) -> ActionRow:
    created = local_date(a.created_at, tz) if a.created_at else None
    due = a.due or _policy_due(a, inc.severity, created, policy)
    overdue = a.status in _OPEN and due is not None and due < as_of
    completed = local_date(a.completed_at, tz) if a.completed_at else None
    late = None
    if a.status == "done" and completed is not None and due is not None:
        late = completed > due
    hide = inc.restricted and not include_restricted
    return ActionRow(
        a.id, inc.id, None if hide else a.title, a.owner, a.team, a.type, a.priority,
        a.priority_action, a.status, due, overdue, (as_of - due).days if overdue and due else 0,
        None if hide else a.tracker, completed, late, inc.severity, inc.services,
        inc.restricted, created or (local_date(inc.opened_at, tz) if inc.opened_at else None),
    )  # fmt: skip


def _policy_due(
    a: ActionFact, severity: str | None, created: dt.date | None, policy: ReportPolicy
) -> dt.date | None:
    if created is None:
        return None
    if a.priority_action:
        days = policy.priority_action_due_days.get(severity or "")
    else:
        days = policy.due_days_by_priority.get(a.priority or "")
    return created + dt.timedelta(days=days) if days else None


def actions_report(
    rows: Iterable[ActionRow], as_of: dt.date, keep: ActionFilter, soon_days: int = 7
) -> ActionsReport:
    """The listed rows (``keep``) and their summary, as of ``as_of``."""
    kept = tuple(r for r in rows if keep.keeps(r, as_of))
    summary = ActionsSummary(
        _counts(kept, as_of, soon_days),
        _groups(kept, lambda r: r.owner, as_of, soon_days),
        _groups(kept, lambda r: r.team, as_of, soon_days),
        _slo(kept),
        _oldest(kept, as_of),
    )
    return ActionsReport(as_of, soon_days, kept, summary)


@dataclass
class _Tally:
    values: dict[str, int] = field(default_factory=dict)

    def add(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


def _counts(rows: Iterable[ActionRow], as_of: dt.date, soon_days: int) -> Counts:
    tally = _Tally()
    soon = as_of + dt.timedelta(days=soon_days)
    for r in rows:
        if r.status in _OPEN:
            tally.add("open")
            if r.overdue:
                tally.add("overdue")
            elif r.due is not None and r.due <= soon:
                tally.add("due_soon")
        elif r.status == "wont_do":
            tally.add("wont_do")
        elif r.done_late is None:
            tally.add("done_undated")
        else:
            tally.add("done_late" if r.done_late else "done_on_time")
    return replace(Counts(), **tally.values)


def _groups(
    rows: tuple[ActionRow, ...],
    key: Callable[[ActionRow], str | None],
    as_of: dt.date,
    soon_days: int,
) -> tuple[Group, ...]:
    by_name: dict[str, list[ActionRow]] = {}
    for r in rows:
        by_name.setdefault(key(r) or UNASSIGNED, []).append(r)
    return tuple(Group(n, _counts(by_name[n], as_of, soon_days)) for n in sorted(by_name))


def _slo(rows: Iterable[ActionRow]) -> SloCompliance:
    met = missed = pending = 0
    for r in rows:
        if not r.priority_action or r.status == "wont_do":
            continue
        if r.status == "done":
            if r.done_late is None:
                continue  # no completion time: the outcome cannot be known
            met, missed = (met, missed + 1) if r.done_late else (met + 1, missed)
        elif r.overdue:
            missed += 1
        else:
            pending += 1
    known = met + missed
    return SloCompliance(met, missed, pending, round(100 * met / known, 1) if known else None)


def _oldest(rows: Iterable[ActionRow], as_of: dt.date) -> tuple[OldestItem, ...]:
    aged = sorted(
        ((r.created, r) for r in rows if r.status in _OPEN and r.created is not None),
        key=lambda pair: (pair[0], pair[1].incident, _number(pair[1].id)),
    )
    return tuple(
        OldestItem(r.id, r.incident, r.owner, (as_of - created).days)
        for created, r in aged[:OLDEST]
    )
