"""``declare --from-alert``: open an incident from an alert, or add a later delivery to it.

The alert group's ids (Alertmanager's groupKey, Grafana's fingerprints, PagerDuty's incident
id) and each alert's fingerprint are kept in ``external_ids``: a delivery whose group a record
already holds adds to that record instead of opening a second incident (a closed one: a new,
related incident, when its alert fires again). A delivery of an episode the record holds
(``runs.alertepisode``) writes nothing; otherwise it adds a timeline entry (naming the alerts
new to the record), their fingerprints, and the regions and services those new alerts name,
and says what the delivery means for the lifecycle
(``runs.alertflow``): the next legal move once the group resolved (made here when the
policy's ``move_on_resolved`` asks and it is legal), or that the alert came back to an
incident that had recovered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.models.timeline import TimelineType
from incidentctl.policy.value import Policy
from incidentctl.rules import secrets
from incidentctl.rules.check import allowlist
from incidentctl.rules.context import Context
from incidentctl.runs import alertepisode, alertflow, alertholder, alertmap
from incidentctl.runs.alertparse import AlertError, AlertEvent, AlertPerson
from incidentctl.runs.edit import Edited, Plan, format_time, run_edit
from incidentctl.runs.new import Opened, Opening, run_new
from incidentctl.runs.transition import repo_policy
from incidentctl.runs.writer import TIMELINE_REFUSED, Append, Change, SetValue, locked


@dataclass(frozen=True)
class Declared:
    opened: Opened | None = None
    edited: Edited | None = None
    incident_id: str = ""
    unchanged: bool = False
    advice: tuple[str, ...] = ()  # what the delivery means for the lifecycle (runs.alertflow)
    unmapped: tuple[AlertPerson, ...] = ()  # people of the payload the roster does not know
    note: str | None = None  # why nothing was written, when not "already recorded"


def run_declare(
    root: Path,
    settings: Settings,
    event: AlertEvent,
    when: dt.datetime,
    by: str | None,
    stated: bool = True,
) -> Declared:
    """Under a lock on the incidents folder: two deliveries at once open one incident.

    ``stated``: ``when`` was given (``--at``), not read from this machine's clock.
    """
    folder = root / settings.incidents_dir
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        return _declare(root, settings, event, (when, by, stated))


def _declare(
    root: Path, settings: Settings, event: AlertEvent, acting: tuple[dt.datetime, str | None, bool]
) -> Declared:
    when, by, stated = acting
    policy = repo_policy(root, settings)
    _refuse_secrets(event, settings, policy)
    holder = alertholder.choose(alertholder.holders(root, settings, event), policy)
    if holder is not None and not alertholder.terminal(holder.doc.model, policy):
        return _add(root, settings, holder.incident_id, event, (when, by))
    if holder is not None:
        inc = holder.doc.model
        texts = [e.text for e in inc.timeline if e.type is TimelineType.ALERT]
        text = alertmap.alert_entry(event, "", event.firing)["text"]
        if not alertflow.returning(event) or alertepisode.recorded(event, texts, text):
            why = f"{inc.id} is {inc.status}, and a {inc.status} record takes no more entries"
            return Declared(incident_id=inc.id, unchanged=True,
                            note=f"{why}: this delivery is not recorded; nothing written")  # fmt: skip
    elif not event.firing:
        raise AlertError(
            f"a {event.kind} alert for a group no incident holds: nothing to add it to"
        )
    when = _clock(event, when, stated, settings)
    return _open(root, settings, event, (when, by), policy, holder)


def _clock(event: AlertEvent, when: dt.datetime, stated: bool, settings: Settings) -> dt.datetime:
    """When to declare: ``when``, or the alert's start if ahead by ``clock_skew_minutes`` at most.

    Why: the sender's clock may run a little fast, as ``validate`` allows for.
    """
    if event.at <= when:
        return when
    started = format_time(event.at)
    if stated:
        raise UserError(
            f"the alert started at {started}, after --at {format_time(when)}; check the clocks"
        )
    skew = dt.timedelta(minutes=settings.clock_skew_minutes)
    if event.at - when > skew:
        raise UserError(
            f"the alert started at {started}, ahead of this machine's clock ({format_time(when)})"
            f" by more than clock_skew_minutes ({settings.clock_skew_minutes}); check the clocks"
        )
    return (
        (event.at + dt.timedelta(seconds=1)).replace(microsecond=0)
        if event.at.microsecond
        else event.at
    )


def _open(
    root: Path,
    settings: Settings,
    event: AlertEvent,
    acting: tuple[dt.datetime, str | None],
    policy: Policy,
    closed: alertholder.Holder | None,
) -> Declared:
    """A new incident: the alert's first, or its return after the incident holding it closed."""
    when, by = acting
    mapped, unmapped = alertmap.people(event, policy)
    first = alertmap.alert_entry(event, alertmap.stamp(event), mapped=mapped)
    related = ["relations:", f"  related: [{closed.incident_id}]"] if closed else []
    opening = Opening(
        event.title, policy.alerts.type, alertmap.severity(event, policy),
        tuple(alertmap.services(event, policy)), None, None, event.summary,
        (*alertmap.record_lines(event, alertmap.handles(mapped), alertmap.regions(event, policy)),
         *related), (first,),
    )  # fmt: skip
    opened = run_new(root, settings, opening, when, by)
    advice: tuple[str, ...] = ()
    if closed is not None:
        inc = closed.doc.model
        advice = (f"the alert is firing again, but {inc.id} is {inc.status}: this is a new incident,"
                  f" related to {inc.id}"),  # fmt: skip
    return Declared(opened=opened, incident_id=opened.incident_id, unmapped=tuple(unmapped),
                    advice=advice)  # fmt: skip


def _refuse_secrets(event: AlertEvent, settings: Settings, policy: Policy) -> None:
    """A credential in a text the record would hold refuses the delivery, by its payload path.

    Why here: the record's secret scan would point at a line of a file never written. The
    value itself is never shown.
    """
    if not settings.scan_secrets:
        return
    allow = allowlist(settings, policy)
    for where, text in event.texts:
        for hit in secrets.scan(text, where, allow):
            what = hit.message.split(";")[0]
            raise AlertError(
                f"{where} (character {hit.col}): {what} ({hit.rule_id}); a record may not hold"
                " it: remove it from the alert (rotate it if it is real)"
            )


def _add(
    root: Path,
    settings: Settings,
    incident_id: str,
    event: AlertEvent,
    acting: tuple[dt.datetime, str | None],
) -> Declared:
    """The delivery as a timeline entry; with the move ``move_on_resolved`` asks, if legal."""
    when, by = acting
    outcome: list[bool] = []
    said: list[str] = []
    unmapped: list[AlertPerson] = []

    def plan(doc: IncidentDoc, unit: Unit, ctx: Context) -> Plan:
        inc = doc.model
        held = {(r.system, r.id) for r in inc.external_ids}
        new_refs = [r for r in alertmap.refs(event) if (r["system"], r["id"]) not in held]
        new = alertmap.new_alerts(event, held)
        pm = unit.postmortem.model.status if unit.postmortem else None
        mapped, unmapped[:] = alertmap.people(event, ctx.policy)
        advice = alertflow.advise(event, inc, pm, when, ctx)
        said[:] = list(advice.lines)
        back = alertflow.returning(event) and bool(advice.lines)  # the alert came back
        entry = alertmap.alert_entry(event, format_time(when), event.firing, mapped, new)
        texts = [e.text for e in inc.timeline if e.type is TimelineType.ALERT]
        seen = event.source == "pagerduty" or not new_refs  # the group's alerts, all held
        if seen and alertepisode.recorded(event, texts, entry["text"], back):
            outcome.append(True)  # a repeat of what the record already says
            return Plan(refusals=[((), "already recorded")])
        moves = [] if advice.move_to is None else [_status_entry(when, by, advice.move_to)]
        changes: list[Change] = [Append("timeline", entry, tuple(moves))]
        changes += [SetValue(("status",), advice.move_to)] if advice.move_to else []
        changes += _appends("external_ids", new_refs, [])
        changes += _appends("responders", alertmap.handles(mapped), inc.responders)
        held_regions = inc.impact.regions if inc.impact else []
        grown = [
            _appends(("impact", "regions"), alertmap.regions(event, ctx.policy, new), held_regions),
            _appends("services", alertmap.services(event, ctx.policy, new), inc.services),
        ]
        for change in (c for g in grown for c in g if isinstance(c, Append)):
            changes.append(change)
            said.append(f"added {', '.join(map(str, change.items))} to {'.'.join(change.path)}")
        refused = TIMELINE_REFUSED if moves else None
        return Plan(changes, summary=f"{incident_id}: {entry['text']}", refused=refused)

    edited = run_edit(root, settings, incident_id, plan)
    unchanged = bool(outcome)
    said_now = () if unchanged else tuple(said)
    unknown = () if unchanged else tuple(unmapped)  # told once, when the entry was written
    return Declared(None, edited, incident_id, unchanged, said_now, unknown)


def _appends(
    key: str | tuple[str, ...], items: Sequence[Mapping[str, str] | str], held: Sequence[object]
) -> list[Change]:
    """One ``Append`` of the items the record lacks (none when it has them all)."""
    fresh = [i for i in items if i not in held]
    return [Append(key, fresh[0], tuple(fresh[1:]))] if fresh else []


def _status_entry(when: dt.datetime, by: str | None, status: str) -> dict[str, str]:
    entry = {"at": format_time(when), "type": "status_change", "status": status}
    entry |= {"by": by} if by else {}
    return entry | {"text": "every alert of the group resolved (move_on_resolved)"}
