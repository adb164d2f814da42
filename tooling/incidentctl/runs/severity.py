"""``severity``: change an incident's severity, with a severity_change entry giving the reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.rules.context import Context
from incidentctl.runs.edit import Edited, Plan, entry, run_edit
from incidentctl.runs.writer import Append, Change, SetValue
from incidentctl.suggest import did_you_mean, known_list


def run_severity(
    root: Path, settings: Settings, incident_id: str, level: str, reason: str,
    when: dt.datetime, by: str | None,
) -> Edited:  # fmt: skip
    def plan(doc: IncidentDoc, _unit: Unit, ctx: Context) -> Plan:
        known = ctx.policy.severity_by_id
        old = doc.model.severity
        if level not in known:
            hint = did_you_mean(level, known) or f"expected one of: {known_list(known)}"
            return Plan(refusals=[(("severity",), f"'{level}' is not a severity; {hint}".strip())])
        if level == old:
            return Plan(refusals=[(("severity",), f"the severity is already {level}")])
        if not reason.strip():
            return Plan(refusals=[(("severity",), "give the reason with --reason")])
        text = f"{old or 'none'} -> {level}: {reason}"
        changes: list[Change] = [
            Append("timeline", entry(when, "severity_change", by, severity=level, text=text)),
            SetValue(("severity",), level),
        ]
        return Plan(changes, summary=f"{incident_id}: severity {old or 'none'} -> {level}")

    return run_edit(root, settings, incident_id, plan)
