"""A postmortem draft prefilled from its record (pure): front matter, then every section.

Each required section of the policy (``Policy.required_sections``) gets a heading and a
prompt; what the record already says (summary, impact, timeline, responders, action items)
is written under its section, so the author edits rather than types.
"""

from __future__ import annotations

import datetime as dt

from incidentctl.models.incident import Incident
from incidentctl.policy.sections import Section
from incidentctl.runs.yamlstyle import scalar

PROMPTS = {
    "summary": "What happened, to whom, for how long, in two or three sentences.",
    "impact": "Who was affected and how much: users, requests, money, data (numbers).",
    "timeline": "Key moments only; the full timeline is in incident.yaml.",
    "contributing factors": "The conditions that together made this possible (not one cause).",
    "what went well": "What helped: detection, tooling, people, luck that was not luck.",
    "what went wrong": "What slowed detection, diagnosis or recovery.",
    "where we got lucky": "What could have made it worse and did not.",
    "action items": "One line each; add them with incidentctl action add.",
    "containment and eradication": "How the threat was contained and removed; evidence kept.",
}


def render_postmortem(inc: Incident, owner: str | None, sections: list[Section]) -> str:
    front = ["---", "schema_version: 1", f"incident: {inc.id}", "status: draft"]
    front += [f"owner: {scalar(owner)}", f"authors: [{scalar(owner, flow=True)}]"] if owner else []
    body = [*front, "---", "", f"# {inc.id}: {inc.title}", ""]
    for section in sections:
        body += [f"## {section.name}", "", *_content(section.name.casefold(), inc), ""]
    if not any(s.name.casefold() == "responders" for s in sections):
        body += ["## Responders", "", *_people(inc), ""]
    return "\n".join(body).rstrip("\n") + "\n"


def _content(name: str, inc: Incident) -> list[str]:
    prompt = f"<!-- {PROMPTS.get(name, 'What the team should know about this.')} -->"
    if name == "summary" and inc.summary:
        return [prompt, inc.summary.strip()]
    if name == "impact" and inc.impact and inc.impact.description:
        return [prompt, inc.impact.description.strip()]
    if name == "timeline" and inc.timeline:
        return [prompt, *(_event(e.at, e.type.value, e.status or e.severity, e.text)
                          for e in inc.timeline)]  # fmt: skip
    if name == "action items" and inc.action_items:
        return [
            prompt,
            *(f"- {a.id}: {a.title} ({a.owner or 'no owner'})" for a in inc.action_items),
        ]
    return [prompt]


def _event(at: dt.datetime, kind: str, what: str | None, text: str) -> str:
    when = at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
    words = " ".join(text.split())
    return f"- {when} UTC: {kind}{f' ({what})' if what else ''}{f': {words}' if words else ''}"


def _people(inc: Incident) -> list[str]:
    roles = [f"- {role}: {who}" for role, who in inc.roles.items()]
    others = [f"- {who}" for who in inc.responders if who not in inc.roles.values()]
    return roles + others or ["<!-- Who responded, and in which role. -->"]
