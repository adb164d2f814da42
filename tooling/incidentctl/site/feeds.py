"""The Atom feed of published postmortems and ``status.json`` (pure: records in, text out).

Atom is written with the standard library's ElementTree, which escapes every value; feedgen
would add lxml and dateutil for the same dozen elements. ``status.json`` holds public
incidents only, whatever the build: it is the customers' view.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from incidentctl.models.incident import Audience, Visibility
from incidentctl.site.incident_page import page_title, postmortem_path
from incidentctl.site.values import Record

ATOM = "http://www.w3.org/2005/Atom"
RECENT = dt.timedelta(days=7)
STATUS_VERSION = 1


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def atom(records: list[Record], site_url: str, now: dt.datetime) -> str:
    """An Atom 1.0 feed with one entry per postmortem shown on the site, newest first."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "Postmortems"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = (
        f"{base}feed.xml" if base else "urn:incidentctl:postmortems"
    )
    dated = sorted(records, key=lambda r: _when(r, now), reverse=True)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(_when(dated[0], now) if dated else now)
    ET.SubElement(feed, f"{{{ATOM}}}link", href=f"{base}feed.xml", rel="self")
    for r in dated:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = base + postmortem_path(r.id).replace(".md", ".html")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = page_title(r.incident)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url if base else f"urn:incidentctl:{r.id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(_when(r, now))
        ET.SubElement(entry, f"{{{ATOM}}}link", href=url)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        owner = r.postmortem.owner if r.postmortem else None
        ET.SubElement(author, f"{{{ATOM}}}name").text = owner or "not known"  # Atom needs one
        if r.incident.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = r.incident.summary
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _when(record: Record, now: dt.datetime) -> dt.datetime:
    pm = record.postmortem
    return (pm.published_at if pm else None) or record.incident.started_at or now


def last_change(record: Record) -> dt.datetime | None:
    changes = [e.at for _, e in record.incident.status_changes()]
    return max(changes) if changes else None


def status_json(records: list[Record], now: dt.datetime) -> str:
    """Ongoing public incidents, and public ones whose state changed in the last week."""
    out = []
    for r in sorted(records, key=lambda r: r.id):
        changed = last_change(r)
        recent = changed is not None and now - changed <= RECENT
        if r.visibility is not Visibility.PUBLIC or not (r.ongoing or recent):
            continue
        inc = r.incident
        out.append({
            "id": inc.id, "title": inc.title, "status": inc.status, "ongoing": r.ongoing,
            "severity": inc.severity, "services": inc.services,
            "started_at": _iso(inc.started_at) if inc.started_at else None,
            "updated_at": _iso(changed) if changed else None,
            "updates": [
                {"at": _iso(u.at), "channel": u.channel, "text": u.text}
                for u in sorted(inc.updates, key=lambda u: u.at)
                if u.audience is Audience.CUSTOMERS
            ],
        })  # fmt: skip
    doc = {"version": STATUS_VERSION, "generated_at": _iso(now), "incidents": out}
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"
