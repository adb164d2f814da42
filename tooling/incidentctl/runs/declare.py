"""``declare --from-alert``: open an incident from an alert, or add a later delivery to it.

The alert group's ids (Alertmanager's groupKey, Grafana's fingerprints, PagerDuty's incident
id) and each alert's fingerprint are kept in ``external_ids``: a delivery whose group a record
already holds adds to that record instead of opening a second incident. Only an identical
re-delivery (every alert's fingerprint held, still firing) writes nothing; otherwise it adds a
timeline entry (naming the alerts new to the record), their fingerprints, and the regions and
services those new alerts name, and says what the delivery means for the lifecycle
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
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource
from incidentctl.models.incident import Incident
from incidentctl.models.timeline import TimelineType
from incidentctl.rules.context import Context
from incidentctl.runs import alertflow, alertmap
from incidentctl.runs.alertparse import AlertError, AlertEvent, AlertPerson
from incidentctl.runs.edit import Edited, Plan, format_time, incident_ids, run_edit
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


def existing(root: Path, settings: Settings, event: AlertEvent) -> str | None:
    """The incident that already holds one of the alert group's ids, if any."""
    source, keys = FsSource(root), set(event.keys)
    for incident_id in incident_ids(root, settings):
        try:  # most records hold no external id: skip them unparsed
            raw = (root / settings.incidents_dir / incident_id / "incident.yaml").read_bytes()
        except OSError:
            continue
        if b"external_ids" not in raw:
            continue
        unit, _ = load_unit(source, settings, incident_id)
        refs = (
            {(r.system, r.id) for r in unit.incident.model.external_ids} if unit.incident else set()
        )
        if refs & keys:
            return incident_id
    return None


def run_declare(
    root: Path, settings: Settings, event: AlertEvent, when: dt.datetime, by: str | None
) -> Declared:
    """Under a lock on the incidents folder: two deliveries at once open one incident."""
    folder = root / settings.incidents_dir
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        return _declare(root, settings, event, when, by)


def _declare(
    root: Path, settings: Settings, event: AlertEvent, when: dt.datetime, by: str | None
) -> Declared:
    found = existing(root, settings, event)
    if found is not None:
        return _add(root, settings, found, event, (when, by))
    if not event.firing:
        raise AlertError(
            f"a {event.kind} alert for a group no incident holds: nothing to add it to"
        )
    policy = repo_policy(root, settings)
    mapped, unmapped = alertmap.people(event, policy)
    first = alertmap.alert_entry(event, alertmap.stamp(event), mapped=mapped)
    opening = Opening(
        event.title, policy.alerts.type, alertmap.severity(event, policy),
        tuple(alertmap.services(event, policy)), None, None, event.summary,
        alertmap.record_lines(event, alertmap.handles(mapped), alertmap.regions(event, policy)),
        (first,),
    )  # fmt: skip
    if event.at > when:
        raise UserError(
            f"the alert started at {format_time(event.at)}, after --at; check the clocks"
        )
    opened = run_new(root, settings, opening, when, by)
    return Declared(opened=opened, incident_id=opened.incident_id, unmapped=tuple(unmapped))


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
        grouped = event.source != "pagerduty" and not new_refs  # a group the record holds
        if grouped and (
            (event.firing and not back)
            or (not event.firing and _last_alert_text(inc) == entry["text"])
        ):
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
    return Declared(None, edited, incident_id, unchanged, said_now, tuple(unmapped))


def _last_alert_text(inc: Incident) -> str | None:
    """The text of the record's last alert entry: a webhook retried says it again.

    Alertmanager and Grafana retry a notification they saw fail, and a group's resolved notice
    carries no id of its own: one whose entry would repeat the last alert entry word for word
    (no firing delivery since) is that notice seen twice. (PagerDuty's events are not judged
    so: each is an event of its own, and its event id is not kept.)
    """
    alerts = [e for e in inc.timeline if e.type is TimelineType.ALERT]
    return alerts[-1].text if alerts else None


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
