"""Alert webhook payloads read strictly (pure): Alertmanager v4, Grafana alerting, PagerDuty v3.

A payload that is not what its source documents is refused with one line naming the first
field that is wrong; nothing is guessed. Times are normalised to UTC; Alertmanager's
``endsAt`` of ``0001-01-01T00:00:00Z`` is Go's zero time, "still firing".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from incidentctl.runs import alertjson as js
from incidentctl.runs.alertjson import AlertError

__all__ = ["AlertError", "AlertEvent", "AlertItem", "AlertPerson", "parse"]

SOURCES = ("alertmanager", "grafana", "pagerduty")
SOURCES_SHOWN = {"alertmanager": "Alertmanager", "grafana": "Grafana", "pagerduty": "PagerDuty"}


@dataclass(frozen=True)
class AlertPerson:
    """A person a payload names (PagerDuty: an assignee, the acknowledger, the resolver).

    ``name`` is the display name: shown to the responder to help map it, never recorded.
    """

    role: str  # assignee, acknowledger, resolver
    user_id: str
    email: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class AlertItem:
    """One alert of an Alertmanager or Grafana group: its fingerprint, name and labels.

    The fingerprint is the alert's identity (a hash of its labels), the same in every delivery.
    """

    fingerprint: str
    name: str
    labels: tuple[tuple[str, str], ...]
    firing: bool = True  # its own status: a group that fires can hold alerts that resolved
    starts: dt.datetime = dt.datetime(1, 1, 1, tzinfo=dt.UTC)  # startsAt: when this episode began
    ends: dt.datetime | None = None  # endsAt, when it has ended (not Go's zero time)


@dataclass(frozen=True)
class AlertEvent:
    source: str
    keys: tuple[tuple[str, str], ...]  # (system, id): the same group in a later delivery
    firing: bool
    kind: str  # firing, resolved, or PagerDuty's event type
    title: str
    summary: str | None
    alert_name: str
    at: dt.datetime
    severity_name: str | None
    labels: tuple[tuple[str, str], ...]  # (name, value); PagerDuty's service as "service"
    links: tuple[tuple[str, str], ...]  # (kind, url)
    refs: tuple[tuple[str, str, str | None], ...]  # external ids: (system, id, url)
    count: int = 1
    truncated: int = 0
    people: tuple[AlertPerson, ...] = ()
    # every alert's labels, not just the first's: a group can span zones (name, value), in order
    all_labels: tuple[tuple[str, str], ...] = ()
    alerts: tuple[AlertItem, ...] = ()  # the group's alerts, in the payload's order
    event_id: str | None = None  # PagerDuty's event.id: the same in a redelivery
    texts: tuple[tuple[str, str], ...] = ()  # (payload path, text): each string it may record


def parse(raw: bytes, source: str | None) -> AlertEvent:
    doc = js.load(raw)
    if not isinstance(doc, dict):
        raise AlertError("not a webhook payload: the JSON is not an object")
    kind = source or detect(doc)
    event = _pagerduty(doc) if kind == "pagerduty" else _alertmanager(doc, kind)
    title = js.clean(event.title, "title")
    return dataclasses.replace(
        event,
        title=title if len(title) >= 3 else f"{SOURCES_SHOWN[kind]} alert: {title}",
        alert_name=js.clean(event.alert_name, "alert_name") or "alert",
        summary=js.clean(event.summary, "summary") if event.summary else None,
        keys=tuple((s, js.clean(i, "alert_name")) for s, i in event.keys),
        refs=tuple(
            (s, js.clean(i, "alert_name"), u and js.clean(u, "alert_name")) for s, i, u in event.refs
        ),
        links=tuple((k, js.clean(u, "alert_name")) for k, u in event.links),
        people=tuple(
            AlertPerson(p.role, js.clean(p.user_id, "alert_name"), p.email,
                        p.name and js.clean(p.name, "title"))
            for p in event.people
        ),
        all_labels=tuple((k, js.clean(v, "alert_name")) for k, v in event.all_labels),
        alerts=tuple(
            dataclasses.replace(a, fingerprint=js.clean(a.fingerprint, "alert_name"),
                                name=js.clean(a.name, "alert_name") or "alert",
                                labels=tuple((js.clean(k, "alert_name"), js.clean(v, "alert_name"))
                                             for k, v in a.labels))
            for a in event.alerts
        ),
    )  # fmt: skip


def detect(doc: dict[str, Any]) -> str:
    if isinstance(doc.get("event"), dict) and "event_type" in doc["event"]:
        return "pagerduty"
    if "orgId" in doc or "state" in doc:
        return "grafana"
    if "groupKey" in doc:
        return "alertmanager"
    raise AlertError("cannot tell the source: pass --source alertmanager|grafana|pagerduty")


_ZERO = dt.datetime(1, 1, 1, tzinfo=dt.UTC)  # Go's zero time: Alertmanager's "no end yet"


def _alert(alert: Any, n: int, status: str, texts: list[tuple[str, str]]) -> AlertItem:
    """One alert of the group, every field it is read for checked and named."""
    where = f"alerts[{n}]."
    if not isinstance(alert, dict):
        raise AlertError(f"alerts[{n}]: not an object ({js.describe(alert)})")
    labels = js.strings(alert, "labels", where, needed=True)
    own = js.optional(alert, "status", str, where) or status
    if own not in ("firing", "resolved"):
        raise AlertError(f"{where}status: {js.quote(own)} is neither firing nor resolved")
    starts = js.time(alert.get("startsAt"), f"{where}startsAt")
    ends = alert.get("endsAt")
    ended = None if ends is None else js.time(ends, f"{where}endsAt")
    texts += [(f"{where}labels.{k}", v) for k, v in labels.items()]
    return AlertItem(
        js.required(alert, "fingerprint", str, where), labels.get("alertname", ""),
        tuple(labels.items()), own == "firing", starts,
        None if ended == _ZERO else ended,
    )  # fmt: skip


def _alertmanager(doc: dict[str, Any], source: str) -> AlertEvent:
    status = js.required(doc, "status", str, "")
    if status not in ("firing", "resolved"):
        raise AlertError(f"status: {js.quote(status)} is neither firing nor resolved")
    alerts = js.required(doc, "alerts", list, "")
    if not alerts:
        raise AlertError("alerts: the payload holds no alert")
    group = js.required(doc, "groupKey", str, "")
    common = js.strings(doc, "commonLabels", "")
    notes = js.strings(doc, "commonAnnotations", "")
    texts: list[tuple[str, str]] = [("groupKey", group)]
    links: list[tuple[str, str]] = []
    items = [_alert(alert, n, status, texts) for n, alert in enumerate(alerts)]
    for n, alert in enumerate(alerts):
        where = f"alerts[{n}]."
        if url := js.optional(alert, "generatorURL", str, where):
            links.append(("alert", url))
            texts.append((f"{where}generatorURL", url))
        if runbook := js.strings(alert, "annotations", where).get("runbook_url"):
            links.append(("runbook", runbook))
            texts.append((f"{where}annotations.runbook_url", runbook))
    own = js.strings(alerts[0], "annotations", "alerts[0].") if len(alerts) == 1 else {}
    name = common.get("alertname") or items[0].name or "alert"
    more = f" and {len(alerts) - 1} more alert{'s' * (len(alerts) > 2)}" if len(alerts) > 1 else ""
    summary, said = js.first(
        ("commonAnnotations", notes), ("alerts[0].annotations", own), key="summary"
    )
    described, told = js.first(("commonAnnotations", notes), ("alerts[0].annotations", own),
                             key="description")  # fmt: skip
    texts += [(p, t) for p, t in ((said, summary), (told, described)) if p and t]
    labels = {**dict(items[0].labels), **common}
    texts += [(f"commonLabels.{k}", v) for k, v in common.items()]
    grafana = source == "grafana"
    keys = tuple((source, a.fingerprint) for a in items) if grafana else ((source, group),)
    url = js.optional(doc, "externalURL", str, "")
    refs = tuple((s, i, None if grafana else url) for s, i in keys)
    return AlertEvent(
        source, keys, status == "firing", status, summary or f"{name}{more}", js.text(described),
        name, min(a.starts for a in items), js.text(labels.get("severity")),
        tuple(labels.items()), tuple(dict.fromkeys(links)), refs, len(alerts),
        js.count(doc, "truncatedAlerts", ""), all_labels=tuple(
            dict.fromkeys(p for a in items for p in a.labels)),
        alerts=tuple(items), texts=tuple(texts),
    )  # fmt: skip


def _pagerduty(doc: dict[str, Any]) -> AlertEvent:
    event = js.required(doc, "event", dict, "")
    kind = js.required(event, "event_type", str, "event.")
    data = js.required(event, "data", dict, "event.")
    if data.get("type") != "incident":
        raise AlertError(
            f"event.data.type: {js.describe(data.get('type'))} is not an incident event"
        )
    incident = js.required(data, "id", str, "event.data.")
    title = js.required(data, "title", str, "event.data.")
    at = js.time(event.get("occurred_at"), "event.occurred_at")
    service = js.optional(data, "service", dict, "event.data.") or {}
    priority = js.optional(data, "priority", dict, "event.data.") or {}
    served = js.optional(service, "summary", str, "event.data.service.")
    rank = js.optional(priority, "summary", str, "event.data.priority.")
    url = js.optional(data, "html_url", str, "event.data.")
    created = data.get("created_at")
    started = js.time(created, "event.data.created_at") if created is not None else at
    read = {"event.data.id": incident, "event.data.title": title, "event.data.html_url": url,
            "event.data.service.summary": served}  # fmt: skip
    texts = [(p, t) for p, t in read.items() if t]
    return AlertEvent(
        "pagerduty", (("pagerduty", incident),), kind not in ("incident.resolved",), kind,
        title, None, kind, started if kind == "incident.triggered" else at, js.text(rank),
        (("service", s),) if (s := js.text(served)) else (),
        (("ticket", url),) if url else (), (("pagerduty", incident, url),),
        people=_pd_people(kind, data, js.optional(event, "agent", dict, "event.")),
        event_id=js.optional(event, "id", str, "event."), texts=tuple(texts),
    )  # fmt: skip


# The events whose agent did what the role names (v3: ``event.agent`` is who acted).
_AGENT_ROLES = {"incident.acknowledged": "acknowledger", "incident.resolved": "resolver"}


def _pd_people(kind: str, data: dict[str, Any], agent: Any) -> tuple[AlertPerson, ...]:
    """``data.assignees`` (user references), and the acknowledger or resolver (the agent)."""
    refs = [(f"event.data.assignees[{n}].", "assignee", a)
            for n, a in enumerate(js.objects(data, "assignees", "event.data."))]  # fmt: skip
    if kind in _AGENT_ROLES and isinstance(agent, dict):
        refs.append(("event.agent.", _AGENT_ROLES[kind], agent))
    out = []
    for where, role, ref in refs:
        user_id = js.optional(ref, "id", str, where)
        if js.optional(ref, "type", str, where) not in ("user_reference", "user", None):
            continue  # a service or an integration acted: no person
        if user_id is None:
            continue
        email = js.optional(ref, "email", str, where)
        out.append(
            AlertPerson(role, user_id, email, js.text(js.optional(ref, "summary", str, where)))
        )
    return tuple(out)
