"""``set`` and ``release``: the record's free-text fields, and the decision to publish it.

``set`` takes only fields that are prose or a link (the table below): states, severities,
roles and people each have their own command, which checks what they mean. ``release``
records who approved publishing a record more widely than its type's default, and when. Each
widening (restricted -> internal -> public) is its own decision, as ``check`` wants it: a
second ``release`` writes a new release record (approver, time, reason) over the first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.models.incident import Visibility
from incidentctl.rules.context import Context
from incidentctl.runs.edit import Edited, Plan, format_time, run_edit
from incidentctl.runs.writer import Change, SetValue
from incidentctl.suggest import did_you_mean

FIELDS = (
    "title", "summary", "impact.description", "resolution", "reopen_reason",
    "channels.chat", "channels.bridge", "channels.status_page", "relations.duplicate_of",
    "relations.caused_by_change",
)  # fmt: skip


def run_set(root: Path, settings: Settings, incident_id: str, field: str, value: str) -> Edited:
    def plan(_doc: IncidentDoc, _unit: Unit, _ctx: Context) -> Plan:
        if field not in FIELDS:
            hint = did_you_mean(field, FIELDS) or f"one of: {', '.join(FIELDS)}"
            return Plan(refusals=[((), f"'{field}' cannot be set with 'set'; {hint}".strip())])
        if not value.strip():
            return Plan(refusals=[(tuple(field.split(".")), f"{field}: give a value")])
        return Plan(
            [SetValue(tuple(field.split(".")), value)], summary=f"{incident_id}: {field} set"
        )

    return run_edit(root, settings, incident_id, plan)


def run_release(
    root: Path, settings: Settings, incident_id: str, visibility: str, reason: str,
    when: dt.datetime, by: str | None,
) -> Edited:  # fmt: skip
    def plan(doc: IncidentDoc, _unit: Unit, ctx: Context) -> Plan:
        if by is None:
            return Plan(refusals=[(("visibility",), "a release needs who approves it: --by")])
        current = ctx.policy.visibility(doc.model)
        if Visibility(visibility).rank >= current.rank:
            msg = f"'{visibility}' is not wider than the record's '{current.value}'"
            return Plan(refusals=[(("visibility",), msg)])
        old = doc.model.release
        if (
            old is not None
            and (old.approved_by, old.reason) == (by, reason)
            and when <= old.approved_at
        ):
            msg = "widening again is a new decision: give its own --reason, or a later --at"
            return Plan(refusals=[(("release",), msg)])
        changes: list[Change] = [
            SetValue(("visibility",), visibility),
            SetValue(("release", "approved_by"), by),
            SetValue(("release", "approved_at"), format_time(when)),
            SetValue(("release", "reason"), reason),
        ]
        return Plan(changes, summary=f"{incident_id}: released as {visibility} by {by}")

    return run_edit(root, settings, incident_id, plan)
