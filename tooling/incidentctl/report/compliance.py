"""Process health as of a day (pure): what the policy asks for and did not happen in time.

Kinds of problem, each a ``Lapse``:

- ``stuck``: an incident in a non-terminal state longer than its ``max_hours``, counted to
  the end of the as-of day in the configured zone;
- ``postmortem-missing``: required, not written, and its deadline has passed;
- ``postmortem-late``: the meeting was held after its deadline, or is not held by it;
- ``postmortem-draft``: still in draft once the incident is resolved;
- ``playbook-review``: an active or draft playbook past ``last_reviewed + review_interval_days``;
- ``action-owner`` / ``action-due``: an item without an owner or a due date on a record past
  the state whose ``requires`` asks for them.

Incidents are judged as they stood on the as-of day (``asof``): one not yet begun is left
out, and a state, item, meeting or publication after the day does not count yet. A
playbook's ``last_reviewed`` after the day shows no lapse (its earlier review is not dated).

The postmortem deadline is ``postmortem_meeting_within_days`` (severities.yaml) business
days after the local day the incident reached ``resolved``; where a severity sets none, a
missing postmortem is reported once the incident is in a terminal state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from incidentctl.report.asof import archive_as_of, end_of
from incidentctl.report.calendar import add_business_days, business_days_between, local_date
from incidentctl.report.facts import IncidentFacts

__all__ = [
    "KINDS", "ComplianceReport", "KindCount", "Lapse", "PlaybookFacts", "compliance_report",
]  # fmt: skip

KINDS = (
    "stuck", "postmortem-missing", "postmortem-late", "postmortem-draft", "playbook-review",
    "action-owner", "action-due",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlaybookFacts:
    id: str
    status: str
    last_reviewed: dt.date
    review_interval_days: int


@dataclass(frozen=True, slots=True)
class Lapse:
    kind: str
    subject: str  # an incident, action item or playbook id
    detail: str  # what happened, in words built from ids, states and numbers only
    due: dt.date | None
    late_days: int | None  # calendar days (business days for postmortems) past ``due``


@dataclass(frozen=True, slots=True)
class KindCount:
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    as_of: dt.date
    lapses: tuple[Lapse, ...]
    counts: tuple[KindCount, ...]


def compliance_report(
    facts: Iterable[IncidentFacts],
    playbooks: Iterable[PlaybookFacts],
    meeting_days: dict[str, int],
    as_of: dt.date,
    tz: dt.tzinfo,
) -> ComplianceReport:
    """Every lapse as of ``as_of``; ``meeting_days`` maps a severity to its business days."""
    end = end_of(as_of, tz)
    lapses: list[Lapse] = []
    for f in sorted(archive_as_of(facts, as_of, tz), key=lambda f: f.id):
        lapses += _stuck(f, end, as_of, tz)
        lapses += _postmortem(f, meeting_days, as_of, tz)
        lapses += _owners(f)
    for pb in sorted(playbooks, key=lambda p: p.id):
        lapses += _review(pb, as_of)
    counts = tuple(KindCount(k, sum(x.kind == k for x in lapses)) for k in KINDS)
    return ComplianceReport(as_of, tuple(lapses), counts)


def _stuck(f: IncidentFacts, end: dt.datetime, as_of: dt.date, tz: dt.tzinfo) -> list[Lapse]:
    if f.terminal or f.state_max_hours is None or not f.states:
        return []
    state, since = f.states[-1]
    hours = int((end - since).total_seconds() // 3600)
    if state != f.status or hours <= f.state_max_hours:
        return []
    due = local_date(since + dt.timedelta(hours=f.state_max_hours), tz)
    detail = f"in '{state}' for {hours} h (the policy allows {f.state_max_hours} h)"
    return [Lapse("stuck", f.id, detail, due, (as_of - due).days)]


def _postmortem(
    f: IncidentFacts, meeting_days: dict[str, int], as_of: dt.date, tz: dt.tzinfo
) -> list[Lapse]:
    resolved = f.reached("resolved")
    if resolved is None or not f.postmortem_required:
        return []
    days = meeting_days.get(f.severity or "")
    deadline = None if days is None else add_business_days(local_date(resolved, tz), days)
    pm = f.postmortem
    if pm is None:
        if deadline is None and not f.terminal:
            return []
        if deadline is not None and as_of <= deadline:
            return []
        late = None if deadline is None else business_days_between(deadline, as_of)
        return [Lapse("postmortem-missing", f.id, "a postmortem is required", deadline, late)]
    out = []
    if pm.status == "draft":
        age = (as_of - local_date(resolved, tz)).days
        detail = f"still a draft {age} days after it was resolved"
        out.append(Lapse("postmortem-draft", f.id, detail, None, None))
    if deadline is not None:
        held = local_date(pm.meeting_at, tz) if pm.meeting_at else None
        if held is not None and held > deadline:
            late = business_days_between(deadline, held)
            detail = f"meeting held {late} business days late"
            out.append(Lapse("postmortem-late", f.id, detail, deadline, late))
        elif held is None and as_of > deadline:
            late = business_days_between(deadline, as_of)
            out.append(Lapse("postmortem-late", f.id, "no meeting held yet", deadline, late))
    return out


def _owners(f: IncidentFacts) -> list[Lapse]:
    if not f.needs_owner_and_due:
        return []
    out = []
    for a in f.actions:
        needs = f"'{f.status}' needs one"
        if a.owner is None:
            out.append(Lapse("action-owner", a.id, f"no owner, and {needs}", None, None))
        if a.due is None:
            out.append(Lapse("action-due", a.id, f"no due date, and {needs}", None, None))
    return out


def _review(pb: PlaybookFacts, as_of: dt.date) -> list[Lapse]:
    if pb.status not in ("active", "draft"):
        return []
    due = pb.last_reviewed + dt.timedelta(days=pb.review_interval_days)
    if due >= as_of:
        return []
    detail = f"last reviewed {pb.last_reviewed.isoformat()}, every {pb.review_interval_days} days"
    return [Lapse("playbook-review", pb.id, detail, due, (as_of - due).days)]
