"""The site's figures, from the report computations (``incidentctl.report``): one per page.

Each takes the archive this build publishes (restricted records already gone, so no figure
can count one) and returns the plain values its page draws; None when the archive carries no
report policy (a hand-made archive in a test), and the page then says there are no figures.
The numbers are the ones ``incidentctl report`` prints for the same records and day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from incidentctl.report import (
    ActionFilter,
    IncidentFacts,
    ReportPolicy,
    action_rows,
    actions_report,
    local_date,
    metrics_report,
    month_of,
    quarter_of,
    zone,
)
from incidentctl.report import ActionRow as ReportRow
from incidentctl.report.facts import OPEN_STATUSES
from incidentctl.report.metrics import NONE
from incidentctl.report.stats import duration
from incidentctl.site.charts import Series
from incidentctl.site.dashboards import ActionItemsData, ActionRow, Headline, MetricsData
from incidentctl.site.values import Archive

# Time-to-resolve buckets: (label, upper bound in seconds, exclusive).
_TTR_BUCKETS = (("< 1 h", 3600), ("1-4 h", 4 * 3600), ("4-24 h", 24 * 3600),
                ("1-7 d", 7 * 86400), ("> 7 d", None))  # fmt: skip


@dataclass(frozen=True)
class _Inputs:
    facts: list[IncidentFacts]
    policy: ReportPolicy
    tz: dt.tzinfo
    today: dt.date  # the build's day in the configured zone: the figures' as-of day

    def rows(self) -> list[ReportRow]:
        return action_rows(self.facts, self.policy, self.today, self.tz)


def _inputs(archive: Archive) -> _Inputs | None:
    if archive.report_policy is None:
        return None
    tz = zone(archive.timezone)
    facts = [r.facts for r in archive.records if r.facts is not None]
    return _Inputs(facts, archive.report_policy, tz, local_date(archive.now, tz))


def headline(archive: Archive) -> Headline | None:
    """Home: incidents this quarter, median time to resolve, overdue priority actions."""
    got = _inputs(archive)
    if got is None:
        return None
    report = metrics_report(got.facts, got.tz)
    quarter = quarter_of(got.today)
    this_quarter = sum(1 for t in report.incidents if quarter_of(t.opened) == quarter)
    median = report.overall.to_resolve.median
    overdue = sum(1 for r in got.rows() if r.overdue and r.priority_action)
    return Headline(this_quarter, duration(median) if median is not None else "n/a", overdue)


def action_items(archive: Archive) -> ActionItemsData | None:
    """The action-items dashboard: rows (open and overdue flagged), counts by owner and team."""
    got = _inputs(archive)
    if got is None:
        return None
    rows = got.rows()
    report = actions_report(rows, got.today, ActionFilter())
    shown = [
        ActionRow(
            r.id, r.title or "(withheld)", r.incident, _owner(r), _team(r), r.status,
            r.due.isoformat() if r.due else "no due date", r.overdue, r.priority or "",
        )
        for r in report.items
    ]  # fmt: skip
    return ActionItemsData(shown, _open_overdue(rows, _owner), _open_overdue(rows, _team))


def _owner(r: ReportRow) -> str:
    return r.owner or "unassigned"


def _team(r: ReportRow) -> str:
    return r.team or "no team"


def _open_overdue(rows: list[ReportRow], key: Callable[[ReportRow], str]) -> Series:
    open_ = Counter(key(r) for r in rows if r.status in OPEN_STATUSES)
    overdue = Counter(key(r) for r in rows if r.status in OPEN_STATUSES and r.overdue)
    labels = sorted(open_, key=lambda k: (-open_[k], k))
    return Series(
        labels,
        {
            "open": [float(open_[k] - overdue[k]) for k in labels],
            "overdue": [float(overdue[k]) for k in labels],
        },
    )


def metrics(archive: Archive) -> MetricsData | None:
    """Metrics: incidents per month by severity, time-to-resolve distribution, factors."""
    got = _inputs(archive)
    if got is None:
        return None
    report = metrics_report(got.facts, got.tz, severity_order=got.policy.severity_order)
    months = sorted({month_of(t.opened) for t in report.incidents})
    severities = [s.name for s in report.severities]
    per_month: dict[str, list[float]] = {
        sev: [
            float(
                sum(
                    1
                    for t in report.incidents
                    if month_of(t.opened) == m and (t.severity or NONE) == sev
                )
            )
            for m in months
        ]
        for sev in severities
    }
    buckets = Counter[str]()
    for t in report.incidents:
        if t.to_resolve is not None:
            buckets[_bucket(t.to_resolve)] += 1
    ttr_labels = [label for label, _ in _TTR_BUCKETS]
    factors = report.factors
    return MetricsData(
        Series(months, per_month, "incidents"),
        Series(ttr_labels, {"incidents": [float(buckets[k]) for k in ttr_labels]}, "incidents"),
        Series([f.category for f in factors], {"incidents": [float(f.incidents) for f in factors]}),
    )


def _bucket(seconds: int) -> str:
    for label, bound in _TTR_BUCKETS:
        if bound is None or seconds < bound:
            return label
    return _TTR_BUCKETS[-1][0]
