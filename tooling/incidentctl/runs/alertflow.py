"""What an alert's delivery means for the incident's lifecycle (pure): advice, or a move.

When an alert group resolves (Alertmanager's and Grafana's group ``status: resolved``, which
they send only once every alert of the group has resolved; PagerDuty's ``incident.resolved``),
the responder is told the legal next transition toward the state the resolution points at:
``move_on_resolved`` of ``schemas/alerts.yaml``, else the source's ``resolved`` state in
``vocabularies.yaml``. With ``move_on_resolved`` set, the record moves there itself, but only
when the lifecycle allows the move and its guards and required fields pass (the same checks
as ``transition``); otherwise the advice says why not. A firing delivery for an incident that
had recovered (mitigated, resolved) says the alert came back and names the legal way back in
the lifecycle (a terminal one takes no more entries: ``runs.declare`` opens a new incident).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from incidentctl.models.incident import Incident
from incidentctl.models.policy import Lifecycle, Milestone
from incidentctl.models.postmortem import PostmortemStatus
from incidentctl.policy import lifecycle as engine
from incidentctl.rules.context import Context
from incidentctl.runs.alertparse import AlertEvent
from incidentctl.runs.transition import problems_before

RECOVERED = (Milestone.MITIGATED, Milestone.RESOLVED)
# PagerDuty's events that mean "it is happening (again)"; its others (acknowledged,
# priority_updated, annotated, ...) are news about an open incident, not a new firing.
_PD_FIRING = ("incident.triggered", "incident.reopened")


@dataclass(frozen=True)
class Advice:
    lines: tuple[str, ...] = ()  # what to tell the responder, one line each
    move_to: str | None = None  # the state to move the record to in this edit


def advise(
    event: AlertEvent,
    inc: Incident,
    postmortem: PostmortemStatus | None,
    when: dt.datetime,
    ctx: Context,
) -> Advice:
    """The advice for this delivery to this incident (empty when it changes nothing)."""
    lc = ctx.policy.lifecycle_for(inc)
    if lc is None or inc.status not in lc.states:
        return Advice()
    if not event.firing:
        return _resolved(event, inc, postmortem, when, ctx, lc)
    if returning(event) and recovered(lc, inc.status):
        return Advice((_came_back(inc, lc, ctx),))
    return Advice()


def returning(event: AlertEvent) -> bool:
    """Whether the delivery says the alert is firing (not just news about an open one)."""
    return event.firing and (event.source != "pagerduty" or event.kind in _PD_FIRING)


def recovered(lc: Lifecycle, status: str) -> bool:
    """A state past the fault: one that marks mitigation or resolution, or a terminal one."""
    state = lc.states[status]
    return state.terminal or state.milestone in RECOVERED


def goal(event: AlertEvent, ctx: Context, lc: Lifecycle) -> str | None:
    """Where a resolved group points: the policy's ``move_on_resolved``, else the source's.

    The source's is its ``resolved`` state in ``vocabularies.yaml`` (PagerDuty's too: its
    ``incident.resolved`` event is the ``resolved`` status of the incident).
    """
    named = ctx.policy.alerts.move_on_resolved
    target = named or ctx.policy.translate(event.source, "states", "resolved")
    return target if target in lc.states else None


def _resolved(
    event: AlertEvent,
    inc: Incident,
    postmortem: PostmortemStatus | None,
    when: dt.datetime,
    ctx: Context,
    lc: Lifecycle,
) -> Advice:
    target, named = goal(event, ctx, lc), ctx.policy.alerts.move_on_resolved
    head = "all alerts resolved"
    if named and named not in lc.states:
        why = f"'{named}' (move_on_resolved, schemas/alerts.yaml) is not a state of '{lc.name}'"
        return Advice((f"{head}; not moved: {why}",))
    if target is None:
        return Advice((head,))
    order = list(lc.states)
    if lc.states[inc.status].terminal or order.index(inc.status) >= order.index(target):
        return Advice((f"{head}; {inc.id} is already {inc.status}",))
    if named:
        reasons = problems_before(inc, postmortem, named, when, ctx)
        if not reasons:
            return Advice((f"{head}: moved to {named} (move_on_resolved in alerts.yaml)",), named)
        toward = _toward(inc, lc, ctx, (target, postmortem, when))
        return Advice((f"{head}; not moved to {named}: {'; '.join(reasons)}", *toward))
    return Advice(_toward(inc, lc, ctx, (target, postmortem, when), head))


def _toward(
    inc: Incident,
    lc: Lifecycle,
    ctx: Context,
    aim: tuple[str, PostmortemStatus | None, dt.datetime],
    head: str = "next",
) -> tuple[str, ...]:
    """The legal next move toward the target: the move itself, else a state on the way."""
    target, postmortem, when = aim
    guard_ok = ctx.policy.guard_check(inc)
    if engine.allowed(lc, inc.status, target, guard_ok):
        step, then = target, ""
    elif via := engine.detours(lc, inc.status, target, guard_ok):
        step, then = via[0], f" (then --to {target})"
    else:
        options = engine.options(lc, inc.status, guard_ok)
        return (f"{head}: no move from '{inc.status}' leads to '{target}' (from there: {options})",)
    line = f"{head}: incidentctl transition {inc.id} --to {step}{then}"
    missing = problems_before(inc, postmortem, step, when, ctx)
    return (line + (f"; first: {'; '.join(missing)}" if missing else ""),)


def _came_back(inc: Incident, lc: Lifecycle, ctx: Context) -> str:
    """The alert fires again: the lifecycle's way back (a move to an earlier state)."""
    order = list(lc.states)
    guard_ok = ctx.policy.guard_check(inc)
    back = [
        s
        for s in engine.next_states(lc, inc.status)
        if engine.allowed(lc, inc.status, s, guard_ok) and order.index(s) < order.index(inc.status)
    ]
    head = f"the alert is firing again while {inc.id} is {inc.status}"
    if back:
        return f"{head}: reopen it with incidentctl transition {inc.id} --to {back[0]}"
    return (
        f"{head}, and '{lc.name}' has no way back from there: once it is closed, the alert's"
        " next firing opens a new incident"
    )
