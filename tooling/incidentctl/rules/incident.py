"""Rules on one incident record: identity, references, timeline, lifecycle path, action items.

PASS: a record whose status_change entries walk ``detected -> investigating`` and whose
``status`` is ``investigating``, with a severity and an incident commander.
FAIL: ``status: resolved`` while the last status_change says ``investigating``
(``timeline.status-mismatch``); ``detected -> resolved`` (``timeline.illegal-transition``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from incidentctl.findings import Finding
from incidentctl.load.documents import IncidentDoc
from incidentctl.models.incident import TimelineType, Visibility
from incidentctl.models.policy import Lifecycle
from incidentctl.policy import lifecycle as lc_engine
from incidentctl.rules.action_items import check_action_items
from incidentctl.rules.context import Context, at, at_key, finding
from incidentctl.rules.facts import CHECKS as FACT_CHECKS
from incidentctl.rules.fields import is_present
from incidentctl.rules.gate import Names, Reads, reads_intact
from incidentctl.rules.people import check_people
from incidentctl.rules.references import Reference
from incidentctl.suggest import SHOWN, did_you_mean, known_list, unknown_choice

Check = Callable[[IncidentDoc, str, Context], Iterable[Finding]]
# One row per check, with what it reads (late-bound: the checks are defined below). On a
# salvaged record a check runs only if none of what it reads was damaged (rules.gate); a
# check missing here never runs at all: add its row with what it reads.
CHECKS: tuple[tuple[Reads, Check], ...] = (
    (Reads(("id",)), lambda doc, folder, ctx: _identity(doc, folder, ctx)),
    (
        Reads(("type", "lifecycle", "severity", "timeline", "services", "roles")),
        lambda doc, _folder, ctx: _policy_refs(doc, ctx),
    ),
    (Reads(("id", "relations")), lambda doc, _folder, _ctx: _relations(doc)),
    (Reads(("timeline",)), lambda doc, _folder, _ctx: _timeline_order(doc)),
    (
        # the path, its guards (type, severity) and the fields its states require
        Reads(("type", "lifecycle", "status", "severity", "timeline", "imported"), requires=True),
        lambda doc, _folder, ctx: _lifecycle(doc, ctx),
    ),
    (Reads(("type", "visibility", "release")), lambda doc, _folder, ctx: _visibility(doc, ctx)),
    (Reads(("id", "action_items", "imported")), lambda doc, _folder, _ctx: check_action_items(doc)),
    *FACT_CHECKS,
    (Reads(local=True), lambda doc, _folder, ctx: check_people(doc, ctx)),  # each handle alone
)


def check_incident(
    doc: IncidentDoc, folder: str, ctx: Context, damaged: frozenset[Names] | None = None
) -> list[Finding]:
    """Every check in ``CHECKS``; on a salvaged record (``damaged``), those that read none of it."""
    return [
        f
        for reads, check in CHECKS
        if damaged is None or reads_intact(reads, damaged, doc.model, ctx)
        for f in check(doc, folder, ctx)
    ]


def _identity(doc: IncidentDoc, folder: str, ctx: Context) -> Iterator[Finding]:
    inc, ld, p = doc.model, doc.loaded, doc.path
    if inc.id != folder:
        msg = f"id must equal its folder name '{folder}'; rename the folder or fix the id"
        yield at(ld, p, ("id",), "incident.id-mismatch", msg)
    prefix = ctx.settings.id_prefix
    if not inc.id.startswith(prefix + "-"):
        msg = f"ids in this repository start with '{prefix}-' ([tool.incidentctl] id_prefix)"
        yield at(ld, p, ("id",), "incident.id-prefix", msg)


def _policy_refs(doc: IncidentDoc, ctx: Context) -> Iterator[Finding]:
    inc, ld, p, pol = doc.model, doc.loaded, doc.path, ctx.policy
    if inc.type not in pol.type_by_id:
        yield at(
            ld, p, ("type",), "ref.unknown-type", unknown_choice("type", inc.type, pol.type_by_id)
        )
    if inc.lifecycle is not None and inc.lifecycle not in pol.lifecycles:
        msg = unknown_choice("lifecycle", inc.lifecycle, pol.lifecycles)
        yield at(ld, p, ("lifecycle",), "ref.unknown-lifecycle", msg)
    severities = pol.severity_by_id
    if inc.severity is not None and inc.severity not in severities:
        msg = unknown_choice("severity", inc.severity, severities)
        yield at(ld, p, ("severity",), "ref.unknown-severity", msg)
    for i, entry in enumerate(inc.timeline):
        if entry.severity is not None and entry.severity not in severities:
            msg = unknown_choice("severity", entry.severity, severities)
            yield at(ld, p, ("timeline", i, "severity"), "ref.unknown-severity", msg)
    known = pol.service_ids
    for i, service in enumerate(inc.services):
        if known is not None and service not in known:
            yield at(ld, p, ("services", i), "ref.unknown-service", service_message(service, known))
    for role in inc.roles:
        if role not in pol.role_ids:
            msg = unknown_choice("role", role, pol.role_ids)
            yield at_key(ld, p, ("roles", role), "ref.unknown-role", msg)


def service_message(service: str, known: frozenset[str]) -> str:
    """An unknown service: the whole catalog when it is small, and the closest ids."""
    listed = f": {known_list(known)}" if len(known) <= SHOWN else ""
    hint = did_you_mean(service, known).rstrip()
    return f"not in the service catalog (schemas/services.yaml{listed})" + (
        f"; {hint}" if hint else ""
    )


def _relations(doc: IncidentDoc) -> Iterator[Finding]:
    """Index-free relation rules; whether targets exist is ``references`` + ``resolve``."""
    inc = doc.model
    for ref in references(doc):
        if ref.kind == "incident" and ref.target == inc.id:
            msg = "an incident cannot refer to itself"
            yield at(doc.loaded, doc.path, ref.loc, "ref.self-reference", msg)


def references(doc: IncidentDoc) -> list[Reference]:
    rel, p = doc.model.relations, doc.path
    refs = (
        [Reference(p, ("relations", "duplicate_of"), "incident", rel.duplicate_of)]
        if rel.duplicate_of
        else []
    )
    refs += [
        Reference(p, ("relations", "related", i), "incident", r) for i, r in enumerate(rel.related)
    ]
    refs += [
        Reference(p, ("relations", "playbooks_used", i), "playbook", s)
        for i, s in enumerate(rel.playbooks_used)
    ]
    return refs


def reference_finding(ref: Reference, pos: tuple[int, int], ctx: Context) -> Finding:
    if ref.kind == "incident":
        return finding(ref.path, pos, "ref.unknown-incident", "no such incident in the archive")
    msg = f"no such playbook (expected a file in {ctx.settings.playbooks_dir}/)"
    return finding(ref.path, pos, "ref.unknown-playbook", msg)


def _timeline_order(doc: IncidentDoc) -> Iterator[Finding]:
    """Out of order only when no reading of the times fits: a day holds every time inside it."""
    timeline = doc.model.timeline
    bound: tuple[dt.datetime, int] | None = None  # the latest "not before" so far, and whose
    for i, entry in enumerate(timeline):
        low, high = entry.window()
        if bound is not None and high < bound[0]:
            which = "the entry before it" if bound[1] == i - 1 else f"timeline[{bound[1]}]"
            msg = f"timeline[{i}] is earlier than {which}; keep entries in time order"
            yield at(doc.loaded, doc.path, ("timeline", i, "at"), "timeline.order", msg)
            return
        if bound is None or low >= bound[0]:
            bound = (low, i)


def _lifecycle(doc: IncidentDoc, ctx: Context) -> Iterator[Finding]:
    inc, ld, p = doc.model, doc.loaded, doc.path
    lifecycle = ctx.policy.lifecycle_for(inc)
    if lifecycle is None:  # reported as ref.unknown-lifecycle or ref.unknown-type already
        return
    changes = inc.status_changes()
    if inc.status not in lifecycle.states:
        msg = lc_engine.unknown_state_message(lifecycle, inc.status)
        yield at(ld, p, ("status",), "ref.unknown-state", msg)
    if not changes:
        msg = "record the current status as a status_change entry in the timeline"
        yield at_key(ld, p, ("timeline",), "timeline.no-status-change", msg)
        return
    path = [e.status or "" for _, e in changes]
    guard_ok = ctx.policy.guard_check(inc)
    problems = lc_engine.check_path(lifecycle, path, guard_ok, ctx.policy.guard_why(inc))
    for prob in problems:
        loc = ("timeline", changes[prob.index][0], "status")
        yield at(ld, p, loc, prob.rule, prob.message)
    if inc.status != path[-1]:
        last = ld.value_pos(("timeline", changes[-1][0], "status"))[0]
        msg = f"status must equal the last status_change in the timeline (line {last})"
        yield at(ld, p, ("status",), "timeline.status-mismatch", msg)
    elif not problems:
        yield from _required_fields(doc, lifecycle, path)
    yield from _severity_changes(doc)


def _required_fields(doc: IncidentDoc, lifecycle: Lifecycle, path: list[str]) -> Iterator[Finding]:
    imported = doc.model.imported is not None
    for state in dict.fromkeys(path):
        for field in lifecycle.states[state].requires:
            if is_present(doc.model, field):
                continue
            if imported:
                msg = f"state '{state}' asks for {field}; the imported source does not say it"
                yield at(doc.loaded, doc.path, ("status",), "import.unknown-fact", msg)
            else:
                msg = f"state '{state}' requires {field}; fill it in"
                yield at(doc.loaded, doc.path, ("status",), "lifecycle.required-field", msg)


def _severity_changes(doc: IncidentDoc) -> Iterator[Finding]:
    changes = [
        (i, e) for i, e in enumerate(doc.model.timeline)
        if e.type is TimelineType.SEVERITY_CHANGE and e.severity
    ]  # fmt: skip
    if changes and doc.model.severity != changes[-1][1].severity:
        line = doc.loaded.value_pos(("timeline", changes[-1][0], "severity"))[0]
        msg = f"severity must equal the last severity_change in the timeline (line {line})"
        yield at(doc.loaded, doc.path, ("severity",), "timeline.severity-mismatch", msg)


def _visibility(doc: IncidentDoc, ctx: Context) -> Iterator[Finding]:
    inc = doc.model
    default = ctx.policy.default_visibility(inc)
    if inc.visibility is None or default is not Visibility.RESTRICTED or inc.release is not None:
        return
    if inc.visibility.rank < default.rank:
        msg = (
            f"'{inc.type}' incidents are {default.value} by default; making one "
            f"{inc.visibility.value} needs a 'release' record (approved_by, approved_at)"
        )
        yield at(doc.loaded, doc.path, ("visibility",), "incident.release-required", msg)
