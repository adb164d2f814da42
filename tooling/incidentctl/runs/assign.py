"""``assign``: give a role (incident commander, comms lead, ...) to a person, on the timeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.rules.context import Context
from incidentctl.runs.edit import Edited, Plan, entry, run_edit
from incidentctl.runs.writer import Append, Change, SetValue
from incidentctl.suggest import did_you_mean, known_list


def run_assign(
    root: Path, settings: Settings, incident_id: str, role: str, handle: str,
    when: dt.datetime, by: str | None,
) -> Edited:  # fmt: skip
    def plan(doc: IncidentDoc, _unit: Unit, ctx: Context) -> Plan:
        roles = ctx.policy.role_ids
        if role not in roles:
            hint = did_you_mean(role, roles) or f"expected one of: {known_list(roles)}"
            return Plan(refusals=[(("roles",), f"'{role}' is not a role; {hint}".strip())])
        old = doc.model.roles.get(role)
        if old == handle:
            return Plan(refusals=[(("roles", role), f"{handle} is already {role}")])
        text = f"{role}: {old} -> {handle}" if old else f"{role}: {handle}"
        changes: list[Change] = [
            Append("timeline", entry(when, "role_change", by, text=text)),
            SetValue(("roles", role), handle),
        ]
        if handle not in doc.model.responders and doc.model.responders:
            changes.append(Append("responders", handle))
        return Plan(changes, summary=f"{incident_id}: {text}")

    return run_edit(root, settings, incident_id, plan)
