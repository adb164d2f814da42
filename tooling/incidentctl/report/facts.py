"""What the reports need from one incident folder, read once (pure): ``IncidentFacts``.

Why a value of its own: every report (actions, metrics, compliance, backlog, the site) asks
the same questions of a record under the policy: when was each milestone reached, is it left
out of metrics, which action items does it have. Facts are plain data, so a warm run reads
them back from the cache (``to_row``/``from_row``) without parsing a record or importing a
model. They depend on the record and the policy only, never on the day of the report.

Milestones: entering a state whose lifecycle ``milestone`` is M reaches M and every earlier
milestone not yet reached (a record that goes straight from investigating to resolved was
mitigated when it was resolved). Left out of metrics: a type with ``exclude_from_metrics``
(near misses by default), and a record that ended in a terminal state without ever reaching
``resolved`` (declined, duplicate, cancelled, a false positive): nothing was resolved to time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from incidentctl.models.incident import ActionItem, Incident
    from incidentctl.models.postmortem import Postmortem
    from incidentctl.models.timeline import TimePrecision
    from incidentctl.policy.value import Policy

__all__ = [
    "MILESTONES", "ActionFact", "IncidentFacts", "PostmortemFacts", "SeverityChange",
    "StateRule", "facts_of", "unresolved_end",
]  # fmt: skip

MILESTONES = ("detected", "acknowledged", "mitigated", "resolved")
OPEN_STATUSES = frozenset({"open", "in_progress", "blocked"})


@dataclass(frozen=True, slots=True)
class ActionFact:
    id: str
    title: str
    owner: str | None
    team: str | None
    type: str | None  # None: not known (an imported item)
    priority: str | None
    priority_action: bool
    status: str
    due: dt.date | None
    created_at: dt.datetime | None
    completed_at: dt.datetime | None
    tracker: str | None

    @property
    def is_open(self) -> bool:
        """Open, in progress or blocked: still to be done."""
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class PostmortemFacts:
    status: str
    meeting_at: dt.datetime | None
    published_at: dt.datetime | None
    factors: tuple[str, ...]  # contributing-factor categories, each once


@dataclass(frozen=True, slots=True)
class StateRule:
    """A state's policy, as the reports use it: terminal, its ``max_hours``, what it requires."""

    state: str
    terminal: bool
    max_hours: int | None
    needs_owner_and_due: bool  # its ``requires`` asks for action items' owners and due dates


@dataclass(frozen=True, slots=True)
class SeverityChange:
    """A severity_change entry, with what the policy asks of that severity."""

    at: dt.datetime
    severity: str
    postmortem_required: bool


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    id: str
    title: str
    type: str
    severity: str | None
    services: tuple[str, ...]
    restricted: bool
    status: str
    terminal: bool
    started_at: dt.datetime | None
    states: tuple[tuple[str, dt.datetime], ...]  # each status change: (state, when)
    milestones: tuple[tuple[str, dt.datetime], ...]  # (milestone, first reached), in order
    excluded: str | None  # why it is left out of metrics, or None
    state_max_hours: int | None  # how long the policy lets it stay in its current state
    postmortem_required: bool
    needs_owner_and_due: bool  # its path has passed a state requiring action-item owner/due
    postmortem: PostmortemFacts | None
    actions: tuple[ActionFact, ...]
    # The inputs known only roughly or coarsely (approximate, or to the hour or day):
    # "started_at" and the milestones whose status change is so known; metrics say so.
    inexact: tuple[str, ...] = ()
    # What the policy says of each state its path visited (and its current one), so a report
    # as of an earlier day can judge the state it was in then (``report.asof``).
    state_rules: tuple[StateRule, ...] = ()
    type_excluded: bool = False  # its type is left out of metrics, whatever its state
    severities: tuple[SeverityChange, ...] = ()  # its severity_change entries, in file order

    @property
    def opened_at(self) -> dt.datetime | None:
        """When it began for a calendar: ``started_at``, else its first status change."""
        return self.started_at or (self.states[0][1] if self.states else None)

    def reached(self, milestone: str) -> dt.datetime | None:
        return dict(self.milestones).get(milestone)

    def to_row(self) -> list[Any]:
        """A compact JSON-ready row (positional, times as ISO text), for the warm cache."""
        from incidentctl.report.rows import encode

        return encode(self)

    @classmethod
    def from_row(cls, row: Any) -> IncidentFacts:
        """The inverse of ``to_row``; KeyError, TypeError or ValueError when malformed."""
        from incidentctl.report.rows import decode

        return decode(row)


def facts_of(incident: Incident, postmortem: Postmortem | None, policy: Policy) -> IncidentFacts:
    """The facts of one parsed record (and its postmortem) under ``policy``."""
    from incidentctl.models.incident import Visibility
    from incidentctl.policy.lifecycle import required_fields

    lc = policy.lifecycle_for(incident)
    changes = [e for _, e in incident.status_changes()]
    states = tuple((e.status or "", e.at) for e in changes)
    state = lc.states.get(incident.status) if lc else None
    milestones = _milestones(states, lc.states if lc else {})
    rough = {e.at for e in changes if _rough(e.precision, e.approximate)}
    started = incident.time_precision.get("started_at")
    inexact: tuple[str, ...] = (
        ("started_at",) if started and _rough(started.precision, started.approximate) else ()
    )
    inexact += tuple(m for m, at in milestones if at in rough)
    required = required_fields(lc, [s for s, _ in states]) if lc else []
    itype = policy.type_by_id.get(incident.type)
    return IncidentFacts(
        id=incident.id,
        title=incident.title,
        type=incident.type,
        severity=incident.severity,
        services=tuple(incident.services),
        restricted=policy.visibility(incident) is Visibility.RESTRICTED,
        status=incident.status,
        terminal=bool(state and state.terminal),
        started_at=incident.started_at,
        states=states,
        milestones=milestones,
        excluded=_excluded(incident, policy, bool(state and state.terminal), milestones),
        state_max_hours=state.max_hours if state else None,
        postmortem_required=policy.postmortem_required(incident),
        needs_owner_and_due=any(f.startswith("action_items[].") for f in required),
        postmortem=None if postmortem is None else _postmortem(postmortem),
        actions=tuple(_action_fact(a) for a in incident.action_items),
        inexact=inexact,
        state_rules=_state_rules(lc, [incident.status, *(s for s, _ in states)]),
        type_excluded=bool(itype is not None and itype.exclude_from_metrics),
        severities=_severities(incident, policy),
    )


def _severities(incident: Incident, policy: Policy) -> tuple[SeverityChange, ...]:
    """Each severity_change entry, with whether the policy asks that severity for a postmortem."""
    out = []
    for e in incident.timeline:
        if e.type == "severity_change" and e.severity:  # a StrEnum: no pydantic import here
            as_then = incident.model_copy(update={"severity": e.severity})
            out.append(SeverityChange(e.at, e.severity, policy.postmortem_required(as_then)))
    return tuple(sorted(out, key=lambda c: c.at))  # stable: same-time entries in file order


def _state_rules(lc: Any, names: list[str]) -> tuple[StateRule, ...]:
    from incidentctl.policy.lifecycle import required_fields

    rules = []
    for name in dict.fromkeys(names):
        spec = lc.states.get(name) if lc else None
        if spec is not None:
            asks = any(f.startswith("action_items[].") for f in required_fields(lc, [name]))
            rules.append(StateRule(name, bool(spec.terminal), spec.max_hours, asks))
    return tuple(rules)


def _rough(precision: TimePrecision, approximate: bool) -> bool:
    """Known only roughly, or to the hour or the day: a duration from it is not to the minute."""
    return approximate or precision in ("hour", "day")  # a StrEnum: no pydantic import here


def _milestones(
    states: tuple[tuple[str, dt.datetime], ...], by_name: dict[str, Any]
) -> tuple[tuple[str, dt.datetime], ...]:
    reached: list[tuple[str, dt.datetime]] = []
    for name, at in states:
        spec = by_name.get(name)
        milestone = spec.milestone.value if spec is not None and spec.milestone else None
        if milestone is None:
            continue
        upto = MILESTONES.index(milestone) + 1
        reached += [(m, at) for m in MILESTONES[len(reached) : upto]]
    return tuple(reached)


def _excluded(
    incident: Incident, policy: Policy, terminal: bool, milestones: tuple[tuple[str, Any], ...]
) -> str | None:
    itype = policy.type_by_id.get(incident.type)
    if itype is not None and itype.exclude_from_metrics:
        return f"type '{incident.type}' is excluded from metrics (incident-types.yaml)"
    return unresolved_end(incident.status, terminal, milestones)


def unresolved_end(
    status: str, terminal: bool, milestones: tuple[tuple[str, Any], ...]
) -> str | None:
    """Why a record that ended without being resolved is left out of metrics, else None."""
    if terminal and "resolved" not in dict(milestones):
        return f"ended as '{status}' without being resolved"
    return None


def _postmortem(pm: Postmortem) -> PostmortemFacts:
    factors = tuple(dict.fromkeys(f.category for f in pm.contributing_factors))
    return PostmortemFacts(pm.status.value, pm.meeting_at, pm.published_at, factors)


def _action_fact(a: ActionItem) -> ActionFact:
    return ActionFact(
        a.id, a.title, a.owner, a.team, a.type.value if a.type else None, a.priority,
        a.priority_action,
        a.status.value, a.due, a.created_at, a.completed_at, a.tracker,
    )  # fmt: skip
