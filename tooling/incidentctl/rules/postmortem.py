"""Rules on a postmortem, alone and against its incident.

PASS: front matter naming its own folder's incident, every required section as a heading, and
a status at least as far as the incident's state needs (``approved`` once it is closed).
FAIL: a SEV1 incident in ``postmortem`` state without ``postmortem.md`` (``postmortem.required``);
a body without "## Where we got lucky" (``postmortem.missing-section``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from incidentctl.findings import Finding
from incidentctl.load.documents import PostmortemDoc, Unit
from incidentctl.policy import lifecycle as lc_engine
from incidentctl.rules.context import Context, at, finding

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def check_postmortem(doc: PostmortemDoc, unit: Unit, ctx: Context) -> list[Finding]:
    pm, ld, p = doc.model, doc.loaded, doc.path
    out: list[Finding] = []
    if pm.incident != unit.folder:
        msg = f"incident must name its folder's incident '{unit.folder}'"
        out.append(at(ld, p, ("incident",), "postmortem.incident-mismatch", msg))
    for i, factor in enumerate(pm.contributing_factors):
        if factor.category not in ctx.policy.factor_ids:
            known = ", ".join(sorted(ctx.policy.factor_ids))
            msg = f"unknown contributing-factor category; expected one of: {known}"
            out.append(
                at(ld, p, ("contributing_factors", i, "category"), "ref.unknown-factor", msg)
            )
    if pm.status.rank >= 2 and not [a for a in pm.approvers if a != pm.owner]:
        msg = f"status '{pm.status.value}' needs an approver other than the owner"
        out.append(at(ld, p, ("status",), "postmortem.approver-required", msg))
    incident_type = unit.incident.model.type if unit.incident else None
    out += _sections(doc, ctx.policy.required_sections(incident_type))
    return out


def headings(body: str) -> list[str]:
    """Heading texts of a Markdown body, outside fenced code blocks, normalised for matching."""
    found, fenced = [], False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            found.append(_norm(m.group(1)))
    return found


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s/&-]", "", text).lower().split())


def _sections(doc: PostmortemDoc, required: list[str]) -> Iterator[Finding]:
    present = headings(doc.body)
    for section in required:
        want = _norm(section)
        if not any(h == want or h.startswith(want + " ") for h in present):
            msg = f"the body needs a '## {section}' section"
            yield finding(doc.path, (doc.body_line, 1), "postmortem.missing-section", msg)


def check_unit_postmortem(unit: Unit, ctx: Context) -> list[Finding]:
    """Whether the incident's state and severity need a postmortem, and how far along."""
    if unit.has_postmortem_file and not unit.has_incident_file:
        msg = "this folder has no incident.yaml; move the postmortem next to its incident"
        return [finding(unit.postmortem_path, (1, 1), "postmortem.orphan", msg)]
    doc = unit.incident
    if doc is None or not ctx.policy.postmortem_required(doc.model):
        return []
    lifecycle = ctx.policy.lifecycle_for(doc.model)
    if lifecycle is None:
        return []
    visited = [e.status or "" for _, e in doc.model.status_changes()]
    needed = lc_engine.postmortem_needed(lifecycle, visited)
    if needed is None:
        return []
    if not unit.has_postmortem_file:
        msg = f"state '{doc.model.status}' needs a postmortem ({unit.postmortem_path}), at least {needed.value}"
        return [at(doc.loaded, doc.path, ("status",), "postmortem.required", msg)]
    pm = unit.postmortem
    if pm is not None and pm.model.status.rank < needed.rank:
        msg = f"state '{doc.model.status}' needs the postmortem to be at least {needed.value}"
        return [at(doc.loaded, doc.path, ("status",), "postmortem.status-too-early", msg)]
    return []
