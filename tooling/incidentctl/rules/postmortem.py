"""Rules on a postmortem, alone and against its incident.

PASS: front matter naming its own folder's incident, every required section as a heading, and
a status at least as far as the incident's state needs (``approved`` once it is closed).
FAIL: a SEV1 incident in ``postmortem`` state without ``postmortem.md`` (``postmortem.required``);
a postmortem in review without "## Where we got lucky" or an alias of it
(``postmortem.missing-section``). Sections are required from ``sections_required_from``
(``in_review``) on; on an imported incident a missing one is ``import.unknown-fact``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from incidentctl.findings import Finding
from incidentctl.load.documents import PostmortemDoc, Unit
from incidentctl.policy import lifecycle as lc_engine
from incidentctl.policy.sections import Section
from incidentctl.rules.context import Context, at, finding
from incidentctl.rules.gate import Names, Reads, intact, offered
from incidentctl.rules.people import check_people

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
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
        # an import turns a missing owner or approver into import.unknown-fact
        Reads(postmortem=("status", "approvers", "owner"), incident=("imported",)),
        lambda doc, unit, _ctx: _people_for(doc, unit),
    ),
    (Reads(local=True), lambda doc, _unit, ctx: check_people(doc, ctx)),  # each handle alone
    (
        # the body from the status on; the incident's type, severity and import pick them
        Reads(postmortem=("status",), incident=("type", "severity", "imported")),
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


def _imported(unit: Unit) -> bool:
    return unit.incident is not None and unit.incident.model.imported is not None


def _people_for(doc: PostmortemDoc, unit: Unit) -> Iterator[Finding]:
    return _people(doc, _imported(unit))


def _sections_for(doc: PostmortemDoc, unit: Unit, ctx: Context) -> Iterator[Finding]:
    """Sections from ``sections_required_from`` on, picked by the incident's type and severity."""
    if doc.model.status.rank < ctx.policy.postmortem.sections_required_from.rank:
        return iter(())
    inc = unit.incident.model if unit.incident else None
    kind, severity = (inc.type, inc.severity) if inc else (None, None)
    return _sections(doc, ctx.policy.required_sections(kind, severity), _imported(unit))


def _people(doc: PostmortemDoc, imported: bool) -> Iterator[Finding]:
    """An owner, and an approver besides the owner once approved; on an import, if known."""
    pm, ld, p = doc.model, doc.loaded, doc.path
    gaps: list[tuple[tuple[str, ...], str, str, str]] = []
    if pm.owner is None:
        gaps.append(((), "postmortem.owner-missing", "a postmortem needs an owner", "no owner"))
    if pm.status.rank >= 2 and not [a for a in pm.approvers if a != pm.owner]:
        state = f"status '{pm.status.value}'"
        need = f"{state} needs an approver other than the owner"
        gaps.append((("status",), "postmortem.approver-required", need, f"no approver ({state})"))
    for loc, rule, msg, unknown in gaps:
        if imported:
            text = f"{unknown}: the imported source does not say who; add it if you know it"
            yield at(ld, p, loc, "import.unknown-fact", text)
        else:
            yield at(ld, p, loc, rule, msg)


def headings(body: str) -> list[str]:
    """Heading texts of a Markdown body, outside fenced code blocks, normalised for matching.

    ATX headings (``#`` to ``######``) and setext ones (a text line underlined with ``=`` or
    ``-``); a ``---`` line after a blank line is a rule, not a heading.
    """
    found, fenced, previous = [], False, ""
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced, previous = not fenced, ""
            continue
        if fenced:
            continue
        if m := _HEADING.match(line):
            found.append(_norm(m.group(1)))
        elif _SETEXT.match(line) and previous.strip() and not _HEADING.match(previous):
            found.append(_norm(previous))
        previous = line
    return found


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s/&-]", "", text).lower().split())


def _sections(doc: PostmortemDoc, required: list[Section], imported: bool) -> Iterator[Finding]:
    present = headings(doc.body)
    for section in required:
        wanted = [_norm(name) for name in section.headings]
        if any(h == w or h.startswith(w + " ") for h in present for w in wanted):
            continue
        also = f" (or {_either(section.aliases)})" if section.aliases else ""
        if imported:
            msg = f"no '## {section.name}' section{also}; the imported source has none: add it if you know it"
            yield finding(doc.path, (doc.body_line, 1), "import.unknown-fact", msg)
        else:
            msg = f"the body needs a '## {section.name}' section{also}"
            yield finding(doc.path, (doc.body_line, 1), "postmortem.missing-section", msg)


def _either(names: tuple[str, ...]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


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
