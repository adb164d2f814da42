"""``IncidentFacts`` as compact JSON rows for the warm cache, and back (pure).

Positional lists, not objects: a 10,000-incident archive's facts are read on every warm
report, and key names were half the bytes. A row that is not exactly what ``encode`` writes
raises KeyError, TypeError or ValueError (the cache treats it as a miss); a time without a
zone is refused, so a damaged row can never shift a day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from incidentctl.report.facts import (
    ActionFact,
    IncidentFacts,
    PostmortemFacts,
    SeverityChange,
    StateRule,
)

_ISO = dt.datetime.fromisoformat


def _t(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def encode(f: IncidentFacts) -> list[Any]:
    pm = f.postmortem
    return [
        f.id, f.title, f.type, f.severity, list(f.services), f.restricted, f.status, f.terminal,
        _t(f.started_at), [[s, t.isoformat()] for s, t in f.states],
        [[m, t.isoformat()] for m, t in f.milestones], f.excluded, f.state_max_hours,
        f.postmortem_required, f.needs_owner_and_due,
        None if pm is None else [pm.status, _t(pm.meeting_at), _t(pm.published_at), list(pm.factors)],
        [
            [a.id, a.title, a.owner, a.team, a.type, a.priority, a.priority_action, a.status,
             None if a.due is None else a.due.isoformat(), _t(a.created_at), _t(a.completed_at),
             a.tracker]
            for a in f.actions
        ],
        list(f.inexact),
        [[r.state, r.terminal, r.max_hours, r.needs_owner_and_due] for r in f.state_rules],
        f.type_excluded,
        [[c.at.isoformat(), c.severity, c.postmortem_required] for c in f.severities],
    ]  # fmt: skip


def _time(text: Any) -> dt.datetime:
    value = _ISO(text)
    if value.tzinfo is None:
        raise ValueError("a naive time in a cached row")
    return value


def _pairs(rows: Any) -> tuple[tuple[str, dt.datetime], ...]:
    """``[[name, time], ...]``: a list comprehension, then one check (the warm hot path)."""
    out = [(name, _ISO(at)) for name, at in rows]
    if any(at.tzinfo is None or type(name) is not str for name, at in out):
        raise ValueError("a naive time or a non-text name in a cached row")
    return tuple(out)


def _maybe(text: Any) -> dt.datetime | None:
    return None if text is None else _time(text)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text in a cached row")
    return value


def decode(row: Any) -> IncidentFacts:
    (iid, title, itype, severity, services, restricted, status, terminal, started, states,
     milestones, excluded, max_hours, pm_required, needs, pm, actions, inexact, rules,
     type_excluded, severities) = row  # fmt: skip
    return IncidentFacts(
        _str(iid), _str(title), _str(itype), severity, tuple(map(_str, services)),
        restricted is True, _str(status), terminal is True, _maybe(started),
        _pairs(states),
        _pairs(milestones),
        excluded, max_hours, pm_required is True, needs is True,
        None if pm is None else PostmortemFacts(
            _str(pm[0]), _maybe(pm[1]), _maybe(pm[2]), tuple(map(_str, pm[3]))
        ),
        tuple([_action(a) for a in actions]),
        tuple(map(_str, inexact)),
        tuple([StateRule(_str(n), t is True, h, a is True) for n, t, h, a in rules]),
        type_excluded is True,
        tuple([SeverityChange(_time(at), _str(sev), pm is True) for at, sev, pm in severities]),
    )  # fmt: skip


def _action(a: Any) -> ActionFact:
    aid, title, owner, team, atype, priority, pa, status, due, created, completed, tracker = a
    return ActionFact(
        _str(aid), _str(title), owner, team, None if atype is None else _str(atype), priority, pa is True, _str(status),
        None if due is None else dt.date.fromisoformat(due), _maybe(created), _maybe(completed),
        tracker,
    )  # fmt: skip
