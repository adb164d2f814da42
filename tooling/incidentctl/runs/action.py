"""``action add|update|done``: action items of a record, with due dates from the policy's SLOs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.rules.context import Context
from incidentctl.runs.actiondue import default_due
from incidentctl.runs.edit import Edited, Plan, format_time, run_edit
from incidentctl.runs.writer import Append, Change, SetValue
from incidentctl.suggest import did_you_mean


@dataclass(frozen=True)
class NewItem:
    title: str
    owner: str | None = None
    kind: str | None = None
    priority: str | None = None
    priority_action: bool = False
    due: str | None = None
    team: str | None = None


def run_add(
    root: Path, settings: Settings, incident_id: str, new: NewItem, when: dt.datetime
) -> Edited:
    def plan(doc: IncidentDoc, unit: Unit, ctx: Context) -> Plan:
        inc = doc.model
        numbers = [int(a.id.rsplit("-", 1)[1]) for a in inc.action_items]
        item_id = f"{inc.id}-AI-{max(numbers, default=0) + 1}"
        due, why = new.due, "--due"
        if due is None:
            found = default_due(ctx.policy.action_items, when.date(), new.priority,
                                new.priority_action, inc.severity)  # fmt: skip
            due, why = (found[0].isoformat(), found[1]) if found else (None, "")
        item: dict[str, str | bool] = {"id": item_id, "title": new.title}
        optional = {"owner": new.owner, "team": new.team, "type": new.kind,
                    "priority": new.priority}  # fmt: skip
        item |= {k: v for k, v in optional.items() if v}
        item |= {"priority_action": True} if new.priority_action else {}
        item |= {"status": "open", "source": "postmortem" if unit.postmortem else "response"}
        item |= {"created_at": format_time(when)}
        item |= {"due": due} if due else {}
        tail = f", due {due} ({why})" if due else ", no due date (no --due, no SLO for it)"
        return Plan([Append("action_items", item)], summary=f"{item_id}: {new.title}{tail}")

    return run_edit(root, settings, incident_id, plan)


def run_update(
    root: Path, settings: Settings, incident_id: str, item_id: str,
    values: Mapping[str, str], when: dt.datetime,
) -> Edited:  # fmt: skip
    def plan(doc: IncidentDoc, _unit: Unit, _ctx: Context) -> Plan:
        ids = [a.id for a in doc.model.action_items]
        wanted = item_id if "-AI-" in item_id else f"{doc.model.id}-{item_id}"
        if wanted not in ids:
            hint = did_you_mean(wanted, ids).rstrip() or (
                f"known: {', '.join(ids)}" if ids else "the record has no action items"
            )
            return Plan(refusals=[(("action_items",), f"no action item {wanted}; {hint}")])
        index = ids.index(wanted)
        fields = dict(values)
        if fields.get("status") == "done" and not doc.model.action_items[index].completed_at:
            fields["completed_at"] = format_time(when)
        if not fields:
            return Plan(refusals=[(("action_items", index), "nothing to change; give an option")])
        text = ", ".join(f"{k} {v}" for k, v in fields.items())
        current = doc.loaded.data["action_items"][index]
        fields = {k: v for k, v in fields.items() if current.get(k) != v}
        if not fields:  # e.g. a second 'action done': said as it is, nothing written
            return Plan(summary=f"{wanted}: already {text}; nothing changed")
        changes: list[Change] = [SetValue(("action_items", index, k), v) for k, v in fields.items()]
        return Plan(
            changes, summary=f"{wanted}: {', '.join(f'{k} {v}' for k, v in fields.items())}"
        )

    return run_edit(root, settings, incident_id, plan)
