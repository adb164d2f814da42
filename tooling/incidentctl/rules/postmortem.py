"""Rules on a postmortem, alone and against its incident.

PASS: front matter naming its own folder's incident, every required section as a heading, and
a status at least as far as the incident's state needs (``approved`` once it is closed).
FAIL: a SEV1 incident in ``postmortem`` state without ``postmortem.md`` (``postmortem.required``);
a body without "## Where we got lucky" (``postmortem.missing-section``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from incidentctl.findings import Finding
from incidentctl.load.documents import PostmortemDoc, Unit
from incidentctl.policy import lifecycle as lc_engine
from incidentctl.rules.context import Context, at, finding
from incidentctl.rules.gate import Names, Reads, intact, offered

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


PostmortemCheck = Callable[[PostmortemDoc, Unit, Context], Iterable[Finding]]
# One row per check, with what it reads of the front matter and of the incident (late-bound:
# the checks are defined below). On a salvaged front matter a check runs only if none of what
# it reads was damaged, and it sees a salvaged incident only if what it reads of that one is
# intact (rules.gate); a check missing here never runs on a salvaged front matter.
CHECKS: tuple[tuple[Reads, PostmortemCheck], ...] = (
    (Reads(postmortem=("incident",)), lambda doc, unit, _ctx: _incident_matches(doc, unit)),
    (
        Reads(postmortem=("contributing_factors",)),
        lambda doc, _unit, ctx: _factors(doc, ctx),
    ),
    (
        Reads(postmortem=("status", "approvers", "owner")),
        lambda doc, _unit, _ctx: _approved(doc),
    ),
    (
        Reads(incident=("type",)),  # the body, and the incident's type picks its sections
        lambda doc, unit, ctx: _sections_for(doc, unit, ctx),
    ),
)


def check_postmortem(
    doc: PostmortemDoc, unit: Unit, ctx: Context, damaged: frozenset[Names] | None = None
) -> list[Finding]:
    """Every check in ``CHECKS``; on a salvaged front matter (``damaged``), those reading none of it."""
    return [
        f
        for reads, check in CHECKS
        if damaged is None or intact(damaged, reads.postmortem)
        for f in check(doc, offered(unit, reads, ctx), ctx)
    ]


def _incident_matches(doc: PostmortemDoc, unit: Unit) -> Iterator[Finding]:
    if doc.model.incident != unit.folder:
        msg = f"incident must name its folder's incident '{unit.folder}'"
        yield at(doc.loaded, doc.path, ("incident",), "postmortem.incident-mismatch", msg)


def _factors(doc: PostmortemDoc, ctx: Context) -> Iterator[Finding]:
    for i, factor in enumerate(doc.model.contributing_factors):
        if factor.category not in ctx.policy.factor_ids:
            known = ", ".join(sorted(ctx.policy.factor_ids))
            msg = f"unknown contributing-factor category; expected one of: {known}"
            loc = ("contributing_factors", i, "category")
            yield at(doc.loaded, doc.path, loc, "ref.unknown-factor", msg)


def _approved(doc: PostmortemDoc) -> Iterator[Finding]:
    pm = doc.model
    if pm.status.rank >= 2 and not [a for a in pm.approvers if a != pm.owner]:
        msg = f"status '{pm.status.value}' needs an approver other than the owner"
        yield at(doc.loaded, doc.path, ("status",), "postmortem.approver-required", msg)


def _sections_for(doc: PostmortemDoc, unit: Unit, ctx: Context) -> Iterator[Finding]:
    incident_type = unit.incident.model.type if unit.incident else None
    return _sections(doc, ctx.policy.required_sections(incident_type))


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
