"""An alert in this repository's words (pure): its services, severity and record lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from incidentctl.policy.value import Policy
from incidentctl.runs.alertparse import AlertEvent, AlertPerson
from incidentctl.runs.yamlstyle import Style, scalar

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SOURCE_NAMES = {"alertmanager": "Alertmanager", "grafana": "Grafana", "pagerduty": "PagerDuty"}


def services(event: AlertEvent, policy: Policy) -> list[str]:
    """Catalog services named by the alert's labels (``alerts.yaml``), in label order."""
    labels, routing, catalog = dict(event.labels), policy.alerts, policy.service_ids
    out: list[str] = []
    for label in [*routing.service_labels, "service"]:
        value = labels.get(label)
        if value is None:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        mapped = routing.services.get(value) or (slug if _SLUG.match(slug) else None)
        if mapped and (catalog is None or mapped in catalog) and mapped not in out:
            out.append(mapped)
    return out


def regions(event: AlertEvent, policy: Policy) -> list[str]:
    """Regions and zones the group's alerts name (``region_labels``), as ``impact.regions``.

    Every alert's labels count (a group can span zones); a value maps through ``regions`` of
    ``alerts.yaml``, else becomes a slug (``us-east-1a``); one that cannot is skipped.
    """
    routing = policy.alerts
    wanted = set(routing.region_labels)
    out: list[str] = []
    for label, value in event.all_labels or event.labels:
        if label not in wanted:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        mapped = routing.regions.get(value) or (slug if _SLUG.match(slug) else None)
        if mapped and mapped not in out:
            out.append(mapped)
    return out


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
    refs = [{"system": s, "id": i, **({"url": u} if u else {})} for s, i, u in event.refs]
    links = [{"kind": k, "url": u} for k, u in event.links]
    return (
        "detection:", "  source: monitoring_alert", f"  alert: {scalar(event.alert_name)}",
        f"started_at: {style.value('started_at', stamp(event), flow=False)}",
        "external_ids:", *(line for r in refs for line in style.block(r)),
        *(["links:", *(line for link in links for line in style.block(link))] if links else []),
        *([f"responders: [{', '.join(scalar(h, flow=True) for h in responders)}]"]
          if responders else []),
        *(["impact:", f"  regions: [{', '.join(scalar(z, flow=True) for z in zones)}]"]
          if zones else []),
    )  # fmt: skip


def stamp(event: AlertEvent) -> str:
    return event.at.isoformat(
        timespec="milliseconds" if event.at.microsecond else "seconds"
    ).replace("+00:00", "Z")


def alert_entry(
    event: AlertEvent, at: str, repeat: bool = False, mapped: list[tuple[str, str]] | None = None
) -> dict[str, str]:
    """The timeline entry an alert delivery becomes (PagerDuty's: with the roster's handles)."""
    who = SOURCE_NAMES[event.source]
    if event.source == "pagerduty":
        text = f"{who}: {event.kind} ({event.title})"
        text += "".join(f"; {role} {h}" for role, h in mapped or [])
    elif not event.firing:
        text = f"{who}: {event.alert_name} resolved"
    else:
        count = f"{event.count} alert{'s' * (event.count != 1)} firing"
        text = f"{who}: {event.alert_name}: {event.title} ({count}{', again' if repeat else ''})"
    if event.truncated:
        text += f"; {event.truncated} more alerts were truncated by the sender"
    return {"at": at, "type": "alert", "text": text}
