"""Stage 4, report. Takes loaded records and the policy; gives the reports' values (pure).

``facts`` reads what every report needs from one record (and is what the warm cache keeps);
``actions`` lists action items and their SLOs as of a day; ``metrics`` measures the response
(time to detect, acknowledge, mitigate, resolve) with medians and p90s; ``compliance`` finds
what the process asked for and did not get in time; ``backlog`` counts open items per week;
``asof`` undoes what a record dates after the as-of day, so each report sees the archive as it
stood then; ``policy`` is the few policy numbers they use; ``calendar`` and ``stats`` are the days and the percentiles they all share. No I/O, no
printing: the CLI (``runs.report``, ``reporters.report``) and the site import these.
"""

from __future__ import annotations

from incidentctl.report.actions import (
    ActionFilter,
    ActionRow,
    ActionsReport,
    ActionsSummary,
    Counts,
    Group,
    OldestItem,
    SloCompliance,
    action_rows,
    actions_report,
)
from incidentctl.report.asof import archive_as_of, as_it_stood, end_of
from incidentctl.report.backlog import BacklogReport, Week, backlog_report, week_ends
from incidentctl.report.calendar import (
    add_business_days,
    business_days_between,
    local_date,
    month_of,
    period_of,
    quarter_of,
    zone,
)
from incidentctl.report.compliance import (
    KINDS,
    ComplianceReport,
    KindCount,
    Lapse,
    PlaybookFacts,
    compliance_report,
)
from incidentctl.report.facts import (
    MILESTONES,
    ActionFact,
    IncidentFacts,
    PostmortemFacts,
    StateRule,
    facts_of,
)
from incidentctl.report.metrics import (
    GROUPINGS,
    Count,
    Excluded,
    FactorCount,
    GroupTimes,
    IncidentTimes,
    MetricsReport,
    StateSpread,
    StateTime,
    incident_times,
    metrics_report,
)
from incidentctl.report.policy import ReportPolicy
from incidentctl.report.stats import Spread, percentile, spread

__all__ = [
    "GROUPINGS",
    "KINDS",
    "MILESTONES",
    "ActionFact",
    "ActionFilter",
    "ActionRow",
    "ActionsReport",
    "ActionsSummary",
    "BacklogReport",
    "ComplianceReport",
    "Count",
    "Counts",
    "Excluded",
    "FactorCount",
    "Group",
    "GroupTimes",
    "IncidentFacts",
    "IncidentTimes",
    "KindCount",
    "Lapse",
    "MetricsReport",
    "OldestItem",
    "PlaybookFacts",
    "PostmortemFacts",
    "ReportPolicy",
    "SloCompliance",
    "Spread",
    "StateRule",
    "StateSpread",
    "StateTime",
    "Week",
    "action_rows",
    "actions_report",
    "add_business_days",
    "archive_as_of",
    "as_it_stood",
    "backlog_report",
    "business_days_between",
    "compliance_report",
    "end_of",
    "facts_of",
    "incident_times",
    "local_date",
    "metrics_report",
    "month_of",
    "percentile",
    "period_of",
    "quarter_of",
    "spread",
    "week_ends",
    "zone",
]
