"""The archive as it stood at the end of a day, as far as its records can tell (pure).

Every report computed as of a day (``--as-of``) first passes each ``IncidentFacts`` through
``as_it_stood``, so nothing from after that day is counted. The day ends at midnight in the
configured zone. What a record dates, and so what is undone:

- an incident that had not begun (``started_at``, else its first status change) is left out;
- status changes, and so milestones, after the day are dropped: the incident is in the state
  it was in then, with that state's ``terminal``, ``max_hours`` and requirements (before its
  first recorded status change, in that first state);
- an action item exists from its ``created_at``, else from its incident's start;
- a ``done`` item completed after the day was still open (``open``: the record does not say
  whether it was in progress or blocked before);
- a postmortem meeting or publication after the day had not happened; a postmortem published
  after the day was ``approved`` (the step before publishing);
- a severity_change after the day had not happened: the severity is the one the last change
  by then set, with whether that severity needs a postmortem. Before the first change the
  severity is not on record (an entry gives only the new one); it stays as it is now.

What a record does not date is taken as it is now: an item's ``wont_do``, ``in_progress`` or
``blocked`` status, a ``done`` without ``completed_at``, owners, teams and due dates; a
postmortem's existence, its draft, review or approval, and its contributing factors; the
services and type; playbooks. ``--at REV`` reads the records as committed at a
revision, which is how to see those as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from incidentctl.report.facts import (
    ActionFact,
    IncidentFacts,
    PostmortemFacts,
    SeverityChange,
    StateRule,
    unresolved_end,
)

__all__ = ["archive_as_of", "as_it_stood", "end_of"]


def end_of(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The first instant after ``day`` in ``tz``: what happened before it happened by then."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz)


def archive_as_of(
    facts: Iterable[IncidentFacts], day: dt.date, tz: dt.tzinfo
) -> list[IncidentFacts]:
    """``as_it_stood`` of each, leaving out the incidents that had not begun."""
    end = end_of(day, tz)
    return [v for f in facts if (v := as_it_stood(f, end)) is not None]


def as_it_stood(f: IncidentFacts, end: dt.datetime) -> IncidentFacts | None:
    """``f`` as it stood just before ``end``; None when the incident had not begun by then."""
    opened = f.opened_at
    if opened is not None and opened >= end:
        return None
    states = tuple(s for s in f.states if s[1] < end)
    actions = tuple(v for a in f.actions if (v := _action(a, opened, end)) is not None)
    pm = _postmortem(f.postmortem, end)
    severity = _severity(f, end)
    if len(states) == len(f.states) and (actions, pm, severity) == (f.actions, f.postmortem, None):
        return f  # nothing after the day: the common case
    milestones = tuple(m for m in f.milestones if m[1] < end)
    reached = dict(milestones)
    view = replace(
        f,
        states=states,
        milestones=milestones,
        actions=actions,
        postmortem=pm,
        inexact=tuple(x for x in f.inexact if x == "started_at" or x in reached),
    )
    if severity is not None:
        view = replace(
            view, severity=severity.severity, postmortem_required=severity.postmortem_required
        )
    return _in_state(view, f) if len(states) < len(f.states) else view


def _severity(f: IncidentFacts, end: dt.datetime) -> SeverityChange | None:
    """The severity_change in force at ``end`` when a later one changed it since, else None.

    None also when every change is after ``end``: the severity before the first change is not
    on record (the entries give only the new severity), so it stays as it is now.
    """
    if not f.severities or f.severities[-1].at < end:
        return None
    before = [c for c in f.severities if c.at < end]
    return before[-1] if before else None


def _in_state(view: IncidentFacts, now: IncidentFacts) -> IncidentFacts:
    """``view`` in the state its last kept status change entered, judged by that state."""
    status = view.states[-1][0] if view.states else now.states[0][0]
    rules = {r.state: r for r in now.state_rules}
    rule = rules.get(status, StateRule(status, False, None, False))
    needs = any(rules[s].needs_owner_and_due for s, _ in view.states if s in rules)
    excluded = now.excluded if now.type_excluded else None
    return replace(
        view,
        status=status,
        terminal=rule.terminal,
        state_max_hours=rule.max_hours,
        needs_owner_and_due=needs,
        excluded=excluded or unresolved_end(status, rule.terminal, view.milestones),
    )


def _action(a: ActionFact, opened: dt.datetime | None, end: dt.datetime) -> ActionFact | None:
    since = a.created_at or opened
    if since is not None and since >= end:
        return None  # not added yet
    if a.status == "done" and a.completed_at is not None and a.completed_at >= end:
        return replace(a, status="open", completed_at=None)
    return a


def _postmortem(pm: PostmortemFacts | None, end: dt.datetime) -> PostmortemFacts | None:
    if pm is None:
        return None
    meeting = pm.meeting_at if pm.meeting_at is not None and pm.meeting_at < end else None
    published = pm.published_at if pm.published_at is not None and pm.published_at < end else None
    status = pm.status
    if status == "published" and pm.published_at is not None and published is None:
        status = "approved"
    if (status, meeting, published) == (pm.status, pm.meeting_at, pm.published_at):
        return pm
    return replace(pm, status=status, meeting_at=meeting, published_at=published)
