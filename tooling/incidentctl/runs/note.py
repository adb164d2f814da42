"""``note``: add one timeline entry (an observation, action, decision, ...) to a record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.models.timeline import TimelineType
from incidentctl.rules.context import Context
from incidentctl.runs.edit import Edited, Plan, entry, run_edit
from incidentctl.runs.writer import Append

# The kinds another command writes, with the record change that goes with them.
OWN_COMMAND = {
    "status_change": "incidentctl transition",
    "severity_change": "incidentctl severity",
    "role_change": "incidentctl assign",
    "escalation": "incidentctl escalate",
}
NOTE_TYPES = [t.value for t in TimelineType if t.value not in OWN_COMMAND]


def run_note(
    root: Path, settings: Settings, incident_id: str, text: str, kind: str,
    when: dt.datetime, by: str | None,
) -> Edited:  # fmt: skip
    def plan(doc: IncidentDoc, _unit: Unit, _ctx: Context) -> Plan:
        if kind in OWN_COMMAND:
            return Plan(
                refusals=[(("timeline",), f"a {kind} entry is written by {OWN_COMMAND[kind]}")]
            )
        if not text.strip():
            return Plan(refusals=[(("timeline",), "the note is empty; say what happened")])
        summary = f"{incident_id}: {kind} added to the timeline ({doc.path})"
        return Plan([Append("timeline", entry(when, kind, by, text=text))], summary=summary)

    return run_edit(root, settings, incident_id, plan)
