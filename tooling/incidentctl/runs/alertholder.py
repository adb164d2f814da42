"""The incident that holds an alert group (edge: reads the records), the one a delivery joins.

A group's ids (``external_ids``) can be held by more than one record: a closed incident and
the one opened when its alert came back. A delivery joins the newest record that is not in a
terminal state, else the newest. Why a record that holds the group but does not load stops
the delivery: passing it over would open a second incident for one group.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource
from incidentctl.models.incident import Incident
from incidentctl.policy.value import Policy
from incidentctl.runs.alertparse import AlertEvent
from incidentctl.runs.edit import incident_ids


@dataclass(frozen=True)
class Holder:
    incident_id: str
    doc: IncidentDoc
    unit: Unit


def holders(root: Path, settings: Settings, event: AlertEvent) -> list[Holder]:
    """Every record that holds one of the group's ids, in id order.

    Raises ``UserError`` naming a record that holds one but does not load, with its first
    problem: nothing is written until it is fixed.
    """
    source, keys = FsSource(root), set(event.keys)
    out = []
    for incident_id in incident_ids(root, settings):
        try:  # most records hold no external id: skip them unparsed
            raw = (root / settings.incidents_dir / incident_id / "incident.yaml").read_bytes()
        except OSError:
            continue
        if b"external_ids" not in raw:
            continue
        unit, findings = load_unit(source, settings, incident_id)
        if unit.incident is None:
            if _holds_unloaded(unit, raw, keys):
                first = next((str(f) for f in findings if f.is_error), unit.incident_path)
                raise UserError(
                    f"{unit.incident_path} holds this alert group but does not load ({first});"
                    " fix it, then deliver the alert again; nothing written"
                )
            continue
        if {(r.system, r.id) for r in unit.incident.model.external_ids} & keys:
            out.append(Holder(incident_id, unit.incident, unit))
    return out


def _holds_unloaded(unit: Unit, raw: bytes, keys: set[tuple[str, str]]) -> bool:
    """Whether a record that failed holds one of the ids: as read, else as its text says."""
    saved = unit.salvaged_incident
    data: Any = saved.doc.loaded.data if saved is not None else None
    if isinstance(data, dict):
        refs = data.get("external_ids")
        held = {
            (r.get("system"), r.get("id"))
            for r in (refs if isinstance(refs, list) else [])
            if isinstance(r, dict)
        }
        return bool(held & keys)
    text = raw.decode("utf-8", errors="replace")
    return any(i in text or i.replace('"', '\\"') in text for _, i in keys)


def terminal(inc: Incident, policy: Policy) -> bool:
    """Whether the record is in a terminal state of its lifecycle (closed: no more entries)."""
    lc = policy.lifecycle_for(inc)
    return lc is not None and inc.status in lc.states and lc.states[inc.status].terminal


def choose(found: list[Holder], policy: Policy) -> Holder | None:
    """The newest holder still open, else the newest (closed) one."""
    open_ = [h for h in found if not terminal(h.doc.model, policy)]
    return (open_ or found)[-1] if found else None
