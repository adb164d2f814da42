"""``escalate``: page a team's escalation contacts (or one person): responders and a timeline entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.rules.context import Context
from incidentctl.runs.edit import Edited, Plan, entry, run_edit
from incidentctl.runs.writer import Append, Change
from incidentctl.suggest import did_you_mean, known_list


def run_escalate(
    root: Path, settings: Settings, incident_id: str, team: str, person: str | None,
    when: dt.datetime, by: str | None,
) -> Edited:  # fmt: skip
    def plan(doc: IncidentDoc, _unit: Unit, ctx: Context) -> Plan:
        teams = ctx.policy.team_by_id
        if team not in teams:
            hint = did_you_mean(team, teams) or (
                f"known: {known_list(teams)}" if teams else "the roster has no teams"
            )
            msg = f"'{team}' is not a team of schemas/people.yaml; {hint}".strip()
            return Plan(refusals=[(("responders",), msg)])
        contacts = [person] if person else list(teams[team].escalation)
        if not contacts:
            msg = f"team '{team}' has no escalation contacts; name one with --person"
            return Plan(refusals=[(("responders",), msg)])
        new = [h for h in contacts if h not in doc.model.responders]
        text = f"escalated to {team}: {', '.join(contacts)}"
        changes: list[Change] = [Append("timeline", entry(when, "escalation", by, text=text))]
        if new:
            changes.append(Append("responders", new[0], tuple(new[1:])))
        return Plan(changes, summary=f"{incident_id}: {text}")

    return run_edit(root, settings, incident_id, plan)
