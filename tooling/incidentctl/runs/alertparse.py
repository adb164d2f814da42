"""Alert webhook payloads read strictly (pure): Alertmanager v4, Grafana alerting, PagerDuty v3.

A payload that is not what its source documents is refused with one line naming the first
field that is wrong; nothing is guessed. Times are normalised to UTC; Alertmanager's
``endsAt`` of ``0001-01-01T00:00:00Z`` is Go's zero time, "still firing".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from incidentctl.errors import UserError

SOURCES = ("alertmanager", "grafana", "pagerduty")
SOURCES_SHOWN = {"alertmanager": "Alertmanager", "grafana": "Grafana", "pagerduty": "PagerDuty"}
_FRACTION = re.compile(r"\.([0-9]+)")


class AlertError(UserError):
    """The payload is not a usable alert; the message names the field."""


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


# What a record may not hold (models.base): controls and bidi marks, shown as escapes instead.
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LIMITS = {"title": 200, "alert_name": 500, "summary": 20_000}


def clean(text: str, field: str) -> str:
    r"""Foreign text made safe to record: controls as ``\\uXXXX``, cut to the field's limit."""
    unsafe = _UNSAFE_TEXT if field == "summary" else _UNSAFE_LINE
    shown = unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text).strip()
    limit = LIMITS[field]
    return shown if len(shown) <= limit else shown[: limit - 1].rstrip() + "…"


def parse(raw: bytes, source: str | None) -> AlertEvent:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AlertError(f"not JSON ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(doc, dict):
        raise AlertError("not a webhook payload: the JSON is not an object")
    kind = source or detect(doc)
    event = _pagerduty(doc) if kind == "pagerduty" else _alertmanager(doc, kind)
    title = clean(event.title, "title")
    return dataclasses.replace(
        event,
        title=title if len(title) >= 3 else f"{SOURCES_SHOWN[kind]} alert: {title}",
        alert_name=clean(event.alert_name, "alert_name") or "alert",
        summary=clean(event.summary, "summary") if event.summary else None,
        keys=tuple((s, clean(i, "alert_name")) for s, i in event.keys),
        refs=tuple(
            (s, clean(i, "alert_name"), u and clean(u, "alert_name")) for s, i, u in event.refs
        ),
        links=tuple((k, clean(u, "alert_name")) for k, u in event.links),
        people=tuple(
            AlertPerson(p.role, clean(p.user_id, "alert_name"), p.email,
                        p.name and clean(p.name, "title"))
            for p in event.people
        ),
        all_labels=tuple((k, clean(v, "alert_name")) for k, v in event.all_labels),
        alerts=tuple(
            AlertItem(clean(a.fingerprint, "alert_name"), clean(a.name, "alert_name") or "alert",
                      tuple((clean(k, "alert_name"), clean(v, "alert_name")) for k, v in a.labels))
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


def _field(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise AlertError(f"{where}{key}: missing or not a {getattr(kind, '__name__', 'value')}")
    return value


def _time(text: Any, where: str) -> dt.datetime:
    if not isinstance(text, str):
        raise AlertError(f"{where}: not a time")
    m = _FRACTION.search(text)  # nanoseconds exist: keep microseconds
    if m:
        text = f"{text[: m.start()]}.{m.group(1)[:6].ljust(6, '0')}{text[m.end() :]}"
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise AlertError(f"{where}: {text!r} is not an RFC 3339 time") from None
    if when.tzinfo is None:
        raise AlertError(f"{where}: {text!r} has no time zone")
    return when.astimezone(dt.UTC)


def _alertmanager(doc: dict[str, Any], source: str) -> AlertEvent:
    status = _field(doc, "status", str, "")
    if status not in ("firing", "resolved"):
        raise AlertError(f"status: {status!r} is neither firing nor resolved")
    alerts = _field(doc, "alerts", list, "")
    if not alerts:
        raise AlertError("alerts: the payload holds no alert")
    group = _field(doc, "groupKey", str, "")
    common, notes = _mapping(doc.get("commonLabels")), _mapping(doc.get("commonAnnotations"))
    starts, prints, names, links, items = [], [], [], [], []
    seen: dict[tuple[str, str], None] = {}
    for n, alert in enumerate(alerts):
        where = f"alerts[{n}]."
        labels = _field(alert, "labels", dict, where)
        seen |= {(k, v): None for k, v in labels.items() if isinstance(v, str)}
        starts.append(_time(alert.get("startsAt"), f"{where}startsAt"))
        prints.append(_field(alert, "fingerprint", str, where))
        names.append(str(labels.get("alertname", "")))
        own_labels = tuple((k, v) for k, v in labels.items() if isinstance(v, str))
        items.append(AlertItem(prints[-1], names[-1], own_labels))
        if isinstance(alert.get("generatorURL"), str) and alert["generatorURL"]:
            links.append(("alert", alert["generatorURL"]))
        runbook = _mapping(alert.get("annotations")).get("runbook_url")
        if isinstance(runbook, str) and runbook:
            links.append(("runbook", runbook))
    first = alerts[0]
    own = _mapping(first.get("annotations")) if len(alerts) == 1 else {}
    name = common.get("alertname") or names[0] or "alert"
    more = f" and {len(alerts) - 1} more alert{'s' * (len(alerts) > 2)}" if len(alerts) > 1 else ""
    summary = notes.get("summary") or own.get("summary") or f"{name}{more}"
    labels = {**_field(first, "labels", dict, "alerts[0]."), **common}
    grafana = source == "grafana"
    keys = tuple((source, p) for p in prints) if grafana else ((source, group),)
    url = doc.get("externalURL") if isinstance(doc.get("externalURL"), str) else None
    refs = tuple((s, i, None if grafana else url) for s, i in keys)
    return AlertEvent(
        source, keys, status == "firing", status, str(summary), _text(
            notes.get("description") or own.get("description")),
        str(name), min(starts), _text(labels.get("severity")),
        tuple((k, v) for k, v in labels.items() if isinstance(v, str)),
        tuple(dict.fromkeys(links)), refs, len(alerts), int(doc.get("truncatedAlerts") or 0),
        all_labels=tuple(seen), alerts=tuple(items),
    )  # fmt: skip


def _pagerduty(doc: dict[str, Any]) -> AlertEvent:
    event = _field(doc, "event", dict, "")
    kind = _field(event, "event_type", str, "event.")
    data = _field(event, "data", dict, "event.")
    if data.get("type") != "incident":
        raise AlertError(f"event.data.type: {data.get('type')!r} is not an incident event")
    incident = _field(data, "id", str, "event.data.")
    title = _field(data, "title", str, "event.data.")
    at = _time(event.get("occurred_at"), "event.occurred_at")
    service = data.get("service") if isinstance(data.get("service"), dict) else {}
    priority = data.get("priority") if isinstance(data.get("priority"), dict) else {}
    url = data.get("html_url") if isinstance(data.get("html_url"), str) else None
    started = _time(data["created_at"], "event.data.created_at") if data.get("created_at") else at
    return AlertEvent(
        "pagerduty", (("pagerduty", incident),), kind not in ("incident.resolved",), kind,
        title, None, kind, started if kind == "incident.triggered" else at,
        _text(priority.get("summary")),
        (("service", s),) if (s := _text(service.get("summary"))) else (),
        (("ticket", url),) if url else (), (("pagerduty", incident, url),),
        people=_pd_people(kind, data, event.get("agent")),
    )  # fmt: skip


# The events whose agent did what the role names (v3: ``event.agent`` is who acted).
_AGENT_ROLES = {"incident.acknowledged": "acknowledger", "incident.resolved": "resolver"}


def _pd_people(kind: str, data: dict[str, Any], agent: Any) -> tuple[AlertPerson, ...]:
    """``data.assignees`` (user references), and the acknowledger or resolver (the agent)."""
    refs = [("assignee", a) for a in data.get("assignees") or [] if isinstance(a, dict)]
    if kind in _AGENT_ROLES and isinstance(agent, dict):
        refs.append((_AGENT_ROLES[kind], agent))
    out = []
    for role, ref in refs:
        user_id = ref.get("id")
        if ref.get("type") not in ("user_reference", "user", None) or not isinstance(user_id, str):
            continue
        email = ref.get("email") if isinstance(ref.get("email"), str) else None
        out.append(AlertPerson(role, user_id, email, _text(ref.get("summary"))))
    return tuple(out)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
