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
    from incidentctl.policy.value import Policy

__all__ = ["MILESTONES", "ActionFact", "IncidentFacts", "PostmortemFacts", "facts_of"]

MILESTONES = ("detected", "acknowledged", "mitigated", "resolved")
OPEN_STATUSES = frozenset({"open", "in_progress", "blocked"})


@dataclass(frozen=True, slots=True)
class ActionFact:
    id: str
    title: str
    owner: str | None
    team: str | None
    type: str
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

    @property
    def opened_at(self) -> dt.datetime | None:
        """When it began for a calendar: ``started_at``, else its first status change."""
        return self.started_at or (self.states[0][1] if self.states else None)

    def reached(self, milestone: str) -> dt.datetime | None:
        return dict(self.milestones).get(milestone)

    def to_row(self) -> dict[str, Any]:
        """A JSON-ready dict (timestamps and dates as ISO text), for the warm cache."""
        row: dict[str, Any] = _encode(self)
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> IncidentFacts:
        """The inverse of ``to_row``; KeyError, TypeError or ValueError when malformed."""
        pm = row["postmortem"]
        return cls(
            **{k: row[k] for k in _PLAIN},
            services=tuple(row["services"]),
            started_at=_time(row["started_at"]),
            states=tuple((s, _req_time(t)) for s, t in row["states"]),
            milestones=tuple((m, _req_time(t)) for m, t in row["milestones"]),
            postmortem=None if pm is None else PostmortemFacts(
                pm["status"], _time(pm["meeting_at"]), _time(pm["published_at"]),
                tuple(pm["factors"]),
            ),
            actions=tuple(_action(a) for a in row["actions"]),
        )  # fmt: skip


_PLAIN = (
    "id", "title", "type", "severity", "restricted", "status", "terminal", "excluded",
    "state_max_hours", "postmortem_required", "needs_owner_and_due",
)  # fmt: skip


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if hasattr(value, "__slots__") and hasattr(value, "__dataclass_fields__"):
        return {k: _encode(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def _time(text: str | None) -> dt.datetime | None:
    return None if text is None else _req_time(text)


def _req_time(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("a naive time in a cached row")
    return value


def _action(row: dict[str, Any]) -> ActionFact:
    due = row["due"]
    return ActionFact(
        row["id"], row["title"], row["owner"], row["team"], row["type"], row["priority"],
        bool(row["priority_action"]), row["status"],
        None if due is None else dt.date.fromisoformat(due),
        _time(row["created_at"]), _time(row["completed_at"]), row["tracker"],
    )  # fmt: skip


def facts_of(incident: Incident, postmortem: Postmortem | None, policy: Policy) -> IncidentFacts:
    """The facts of one parsed record (and its postmortem) under ``policy``."""
    from incidentctl.models.incident import Visibility
    from incidentctl.policy.lifecycle import required_fields

    lc = policy.lifecycle_for(incident)
    states = tuple((e.status or "", e.at) for _, e in incident.status_changes())
    state = lc.states.get(incident.status) if lc else None
    milestones = _milestones(states, lc.states if lc else {})
    required = required_fields(lc, [s for s, _ in states]) if lc else []
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
    )


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
    if terminal and "resolved" not in dict(milestones):
        return f"ended as '{incident.status}' without being resolved"
    return None


def _postmortem(pm: Postmortem) -> PostmortemFacts:
    factors = tuple(dict.fromkeys(f.category for f in pm.contributing_factors))
    return PostmortemFacts(pm.status.value, pm.meeting_at, pm.published_at, factors)


def _action_fact(a: ActionItem) -> ActionFact:
    return ActionFact(
        a.id, a.title, a.owner, a.team, a.type.value, a.priority, a.priority_action,
        a.status.value, a.due, a.created_at, a.completed_at, a.tracker,
    )  # fmt: skip
