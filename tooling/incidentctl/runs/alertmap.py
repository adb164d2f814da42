"""An alert in this repository's words (pure): its services, severity and record lines.

A group's alerts are remembered by their ids in ``external_ids``, the one place a record keeps
other tools' ids: Alertmanager's ``groupKey`` (which finds the incident again) and each
alert's ``fingerprint``, Grafana's fingerprints (which do both). A later delivery's alerts
whose fingerprint the record lacks are the new ones: named in its entry, their regions and
services added.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from incidentctl.policy.value import Policy
from incidentctl.runs.alertepisode import episode, iso
from incidentctl.runs.alertparse import AlertEvent, AlertItem, AlertPerson
from incidentctl.runs.yamlstyle import Style, scalar

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SOURCE_NAMES = {"alertmanager": "Alertmanager", "grafana": "Grafana", "pagerduty": "PagerDuty"}


def services(
    event: AlertEvent, policy: Policy, alerts: Sequence[AlertItem] | None = None
) -> list[str]:
    """Catalog services named by the alerts' labels (``alerts.yaml``), in label order.

    The group's common labels and every alert's count; with ``alerts``, only those alerts'.
    """
    routing, catalog = policy.alerts, policy.service_ids
    groups = [a.labels for a in alerts] if alerts is not None else [
        event.labels, *(a.labels for a in event.alerts)]  # fmt: skip
    out: list[str] = []
    for labels in map(dict, groups):
        for label in [*routing.service_labels, "service"]:
            value = labels.get(label)
            if value is None:
                continue
            slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
            mapped = routing.services.get(value) or (slug if _SLUG.match(slug) else None)
            if mapped and (catalog is None or mapped in catalog) and mapped not in out:
                out.append(mapped)
    return out


def regions(
    event: AlertEvent, policy: Policy, alerts: Sequence[AlertItem] | None = None
) -> list[str]:
    """Regions and zones the group's alerts name (``region_labels``), as ``impact.regions``.

    Every alert's labels count (a group can span zones), or with ``alerts`` only those
    alerts'; a value maps through ``regions`` of ``alerts.yaml``, else becomes a slug
    (``us-east-1a``); one that cannot is skipped.
    """
    routing = policy.alerts
    wanted = set(routing.region_labels)
    pairs = [p for a in alerts for p in a.labels] if alerts is not None else (
        event.all_labels or event.labels)  # fmt: skip
    out: list[str] = []
    for label, value in pairs:
        if label not in wanted:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        mapped = routing.regions.get(value) or (slug if _SLUG.match(slug) else None)
        if mapped and mapped not in out:
            out.append(mapped)
    return out


def refs(event: AlertEvent) -> list[dict[str, str]]:
    """The ``external_ids`` entries of the delivery: the group's ids, and each alert's."""
    out = [{"system": s, "id": i, **({"url": u} if u else {})} for s, i, u in event.refs]
    held = {(r["system"], r["id"]) for r in out}
    for alert in event.alerts:
        if (event.source, alert.fingerprint) not in held:
            held.add((event.source, alert.fingerprint))
            title = f"fingerprint of the {alert.name} alert"
            out.append({"system": event.source, "id": alert.fingerprint}
                       | {"title": title if len(title) <= 100 else "fingerprint of an alert"})  # fmt: skip
    return out


def new_alerts(event: AlertEvent, held: set[tuple[str, str]]) -> list[AlertItem]:
    """The delivery's alerts whose fingerprint the record does not hold."""
    return [a for a in event.alerts if (event.source, a.fingerprint) not in held]


def severity(event: AlertEvent, policy: Policy) -> str | None:
    """The alert's severity through ``vocabularies.yaml``, else the policy's default."""
    name = event.severity_name
    if name is not None:
        if name in policy.severity_by_id:
            return name
        if (ours := policy.translate(event.source, "severities", name)) is not None:
            return ours
    return policy.alerts.default_severity


def people(event: AlertEvent, policy: Policy) -> tuple[list[tuple[str, str]], list[AlertPerson]]:
    """The payload's people as roster handles ``(role, handle)``, and those the roster lacks.

    A person is known by the roster's ``pagerduty`` id, else by its ``email`` (case-blind);
    a display name never identifies anyone (two people share one; it is not a handle).
    """
    members = policy.people.people
    by_id = {m.pagerduty: m.handle for m in members if m.pagerduty}
    mapped: list[tuple[str, str]] = []
    unmapped: list[AlertPerson] = []
    for person in event.people:
        member = policy.member_by_email(person.email) if person.email else None
        handle = by_id.get(person.user_id) or (member.handle if member else None)
        if handle is None:
            unmapped.append(person)
        elif (person.role, handle) not in mapped:
            mapped.append((person.role, handle))
    return mapped, unmapped


def handles(mapped: list[tuple[str, str]]) -> list[str]:
    """The distinct handles, in the payload's order: the incident's responders."""
    return list(dict.fromkeys(h for _, h in mapped))


def record_lines(
    event: AlertEvent, responders: Sequence[str] = (), zones: Sequence[str] = ()
) -> tuple[str, ...]:
    """``detection``, ``started_at``, ``external_ids``, ``links``, ``responders``, ``impact``."""
    style = Style()
    ids = refs(event)
    links = [{"kind": k, "url": u} for k, u in event.links]
    return (
        "detection:", "  source: monitoring_alert", f"  alert: {scalar(event.alert_name)}",
        f"started_at: {style.value('started_at', stamp(event), flow=False)}",
        "external_ids:", *(line for r in ids for line in style.block(r)),
        *(["links:", *(line for link in links for line in style.block(link))] if links else []),
        *([f"responders: [{', '.join(scalar(h, flow=True) for h in responders)}]"]
          if responders else []),
        *(["impact:", f"  regions: [{', '.join(scalar(z, flow=True) for z in zones)}]"]
          if zones else []),
    )  # fmt: skip


def stamp(event: AlertEvent) -> str:
    return iso(event.at)


def alert_entry(
    event: AlertEvent,
    at: str,
    repeat: bool = False,
    mapped: list[tuple[str, str]] | None = None,
    new: Sequence[AlertItem] = (),
) -> dict[str, str]:
    """The timeline entry an alert delivery becomes (PagerDuty's: with the roster's handles).

    A firing delivery that brings alerts the record lacks (``new``) names them, those that
    arrived already resolved apart. The text ends with the delivery's ``episode``.
    """
    who = SOURCE_NAMES[event.source]
    if event.source == "pagerduty":
        text = f"{who}: {event.kind} ({event.title})"
        text += "".join(f"; {role} {h}" for role, h in mapped or [])
    elif not event.firing:
        text = f"{who}: {event.alert_name} resolved"
    elif new:
        text = f"{who}: {event.alert_name}: {_news(event, new)} ({event.count} in all)"
    else:
        again = ", again" if repeat else ""
        text = f"{who}: {event.alert_name}: {event.title} ({_firing(event)}{again})"
    if event.truncated:
        text += f"; {event.truncated} more alerts were truncated by the sender"
    mark = episode(event)
    return {"at": at, "type": "alert", "text": text + (f"; {mark}" if mark else "")}


def _firing(event: AlertEvent) -> str:
    """``2 alerts firing``, with those of the group that already resolved counted apart."""
    done = sum(not a.firing for a in event.alerts)
    firing = event.count - done
    return f"{firing} alert{'s' * (firing != 1)} firing" + (f", {done} resolved" if done else "")


def _news(event: AlertEvent, new: Sequence[AlertItem]) -> str:
    """The new alerts by their own status: firing, or already resolved when they arrived."""
    parts = []
    for firing, said in ((True, "firing"), (False, "already resolved")):
        these = [a for a in new if a.firing is firing]
        if these:
            many = "s" * (len(these) != 1)
            parts.append(f"{len(these)} new alert{many} {said}: {_named(event, these)}")
    return "; ".join(parts)


_SHOWN = 10  # new alerts named in one entry; the rest are counted
_LONGEST = 2_000  # characters of their names and labels (a timeline text holds 20,000)


def _named(event: AlertEvent, new: Sequence[AlertItem]) -> str:
    """Each new alert's name and the labels that tell it from the group's other alerts."""
    shared = set.intersection(*(set(a.labels) for a in event.alerts))
    names = []
    for alert in new[:_SHOWN]:
        own = ", ".join(f"{k}={v}" for k, v in alert.labels if (k, v) not in shared
                        and k != "alertname")  # fmt: skip
        names.append(f"{alert.name} ({own})" if own else alert.name)
    more = f" and {len(new) - _SHOWN} more" if len(new) > _SHOWN else ""
    shown = "; ".join(names)
    return (shown if len(shown) <= _LONGEST else shown[: _LONGEST - 1].rstrip() + "…") + more
