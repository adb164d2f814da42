"""Rules on the repository's policy files (lifecycles, types, cross-references).

PASS: the built-in lifecycles. FAIL: a lifecycle whose ``mitigated`` state has no transitions
and is not terminal (``lifecycle.dead-end``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from incidentctl.findings import Finding
from incidentctl.models.alerts import AlertRouting
from incidentctl.models.incident import Incident
from incidentctl.models.people import People
from incidentctl.models.policy import (
    ActionItemPolicy,
    ChangePolicy,
    IncidentTypes,
    Lifecycle,
    PostmortemPolicy,
    SectionRequirement,
    Vocabularies,
)
from incidentctl.policy import lifecycle as lc_engine
from incidentctl.policy.load import PolicyFile
from incidentctl.policy.value import Policy
from incidentctl.rules.context import at, at_key
from incidentctl.rules.fields import is_known
from incidentctl.rules.people import unknown_person
from incidentctl.suggest import unknown_choice

_ID_LISTS = {"severities": "severities", "types": "types", "services": "services",
             "roles": "roles", "teams": "teams", "categories": "categories", "priorities": "priorities"}  # fmt: skip


def check_policy_files(files: list[PolicyFile], policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    for f in files:
        out += _duplicate_ids(f)
        if isinstance(f.model, Lifecycle):
            out += _lifecycle(f, f.model)
        elif isinstance(f.model, IncidentTypes):
            out += _types(f, f.model, policy)
        elif isinstance(f.model, PostmortemPolicy):
            out += _postmortem(f, f.model, policy)
        elif isinstance(f.model, ChangePolicy):
            out += _changes(f, f.model)
        elif isinstance(f.model, Vocabularies):
            out += _vocabularies(f, f.model, policy)
        elif isinstance(f.model, ActionItemPolicy):
            out += _due_days(f, f.model, policy)
        elif isinstance(f.model, People):
            out += _roster(f, f.model, policy)
        elif isinstance(f.model, AlertRouting):
            out += _alerts(f, f.model, policy)
    return out


def _alerts(f: PolicyFile, routing: AlertRouting, policy: Policy) -> Iterator[Finding]:
    """The type alerts open is one of the repository's; ``move_on_resolved`` one of its states."""
    target = routing.move_on_resolved
    itype = policy.type_by_id.get(routing.type)
    if itype is None:  # else the first alert fails, naming a --type option nobody gave
        msg = unknown_choice("incident type", routing.type, policy.type_by_id)
        yield at(f.loaded, f.path, ("type",), "ref.unknown-type", msg)
    lc = policy.lifecycles.get(itype.lifecycle) if itype else None
    if target is not None and lc is not None and target not in lc.states:
        msg = f"not a state of '{lc.name}', the lifecycle of '{routing.type}' ({', '.join(lc.states)})"
        yield at(f.loaded, f.path, ("move_on_resolved",), "ref.unknown-state", msg)


def _roster(f: PolicyFile, people: People, policy: Policy) -> Iterator[Finding]:
    """Handles and e-mails once each; teams and escalation contacts the roster knows."""
    seen: dict[str, set[str]] = {"handle": set(), "email": set(), "pagerduty": set()}
    for i, m in enumerate(people.people):
        keys = (("handle", m.handle), ("email", (m.email or "").casefold()),
                ("pagerduty", m.pagerduty or ""))  # fmt: skip
        for key, value in keys:
            if value and value in seen[key]:
                msg = f"this {key} is used twice; each person is listed once"
                yield at(f.loaded, f.path, ("people", i, key), "ref.duplicate-id", msg)
            seen[key].add(value)
        for j, team in enumerate(m.teams):
            if team not in policy.team_by_id:
                msg = f"unknown team '{team}'; add it under teams: or fix the name"
                yield at(f.loaded, f.path, ("people", i, "teams", j), "ref.unknown-team", msg)
    handles = policy.handles or frozenset()
    for i, t in enumerate(people.teams):
        for j, handle in enumerate(t.escalation):
            if handle not in handles:
                msg = unknown_person(handle, handles)
                yield at(f.loaded, f.path, ("teams", i, "escalation", j), "ref.unknown-person", msg)


def _duplicate_ids(f: PolicyFile) -> Iterator[Finding]:
    for attr in _ID_LISTS:
        seen: set[str] = set()
        items = getattr(f.model, attr, None)
        for i, item in enumerate(items if isinstance(items, list) else []):  # alerts: a mapping
            if item.id in seen:
                yield at(
                    f.loaded, f.path, (attr, i, "id"), "ref.duplicate-id", "this id is used twice"
                )
            seen.add(item.id)


def _lifecycle(f: PolicyFile, lc: Lifecycle) -> Iterator[Finding]:
    if PurePosixPath(f.path).stem != lc.name:
        msg = f"name must equal the file name '{PurePosixPath(f.path).stem}'"
        yield at(f.loaded, f.path, ("name",), "lifecycle.name-mismatch", msg)
    for state, rule, msg in lc_engine.graph_problems(lc):
        loc = ("states", state) if state else ("states",)
        yield at_key(f.loaded, f.path, loc, rule, msg)
    for name, spec in lc.states.items():
        for i, field in enumerate(spec.requires):
            if not is_known(Incident, field):
                msg = f"incidents have no field '{field}'"
                yield at(
                    f.loaded,
                    f.path,
                    ("states", name, "requires", i),
                    "lifecycle.unknown-field",
                    msg,
                )


def _changes(f: PolicyFile, changes: ChangePolicy) -> Iterator[Finding]:
    for i, field in enumerate(changes.editable_after_close):
        if not is_known(Incident, field):
            msg = f"incidents have no field '{field}'"
            yield at(f.loaded, f.path, ("editable_after_close", i), "policy.unknown-field", msg)


def _types(f: PolicyFile, types: IncidentTypes, policy: Policy) -> Iterator[Finding]:
    for i, t in enumerate(types.types):
        if t.lifecycle not in policy.lifecycles:
            msg = (
                f"no lifecycle '{t.lifecycle}' (built-in: outage, security; or schemas/lifecycles/)"
            )
            yield at(f.loaded, f.path, ("types", i, "lifecycle"), "ref.unknown-lifecycle", msg)


def _postmortem(f: PolicyFile, pm: PostmortemPolicy, policy: Policy) -> Iterator[Finding]:
    for name in pm.sections_by_type:
        if name not in policy.type_by_id:
            msg = "not an incident type of this repository"
            yield at_key(f.loaded, f.path, ("sections_by_type", name), "ref.unknown-type", msg)
    for kind, entries in [("required_sections", pm.required_sections)] + [
        (f"sections_by_type.{name}", entries) for name, entries in pm.sections_by_type.items()
    ]:
        for i, entry in enumerate(entries):
            if not isinstance(entry, SectionRequirement):
                continue
            for j, severity in enumerate(entry.severities):
                if severity not in policy.severity_by_id:
                    loc: tuple[str | int, ...] = (*kind.split("."), i, "severities", j)
                    msg = "not a severity of this repository (schemas/severities.yaml)"
                    yield at(f.loaded, f.path, loc, "ref.unknown-severity", msg)


# What each vocabulary table maps onto, and the rule for a name that is not there.
_TARGETS = {
    "severities": ("ref.unknown-severity", "severity of this repository (schemas/severities.yaml)"),
    "priorities": ("ref.unknown-priority", "priority of this repository (schemas/priorities.yaml)"),
    "states": ("ref.unknown-state", "state of this repository's lifecycles"),
    "roles": ("ref.unknown-role", "role of this repository (schemas/roles.yaml)"),
}


def _vocabularies(f: PolicyFile, vocab: Vocabularies, policy: Policy) -> Iterator[Finding]:
    """Every translation lands on a name of this repository's policy."""
    known = {
        "severities": set(policy.severity_by_id),
        "priorities": set(policy.priority_ids),
        "states": set(policy.state_ids),
        "roles": set(policy.role_ids),
    }
    for system, tables in vocab.systems.items():
        for kind, (rule, what) in _TARGETS.items():
            for theirs, ours in getattr(tables, kind).items():
                if ours not in known[kind]:
                    msg = f"maps to no {what}"
                    yield at(f.loaded, f.path, ("systems", system, kind, theirs), rule, msg)


def _due_days(f: PolicyFile, items: ActionItemPolicy, policy: Policy) -> Iterator[Finding]:
    for priority in items.due_days_by_priority:
        if priority not in policy.priority_ids:
            msg = "not a priority of this repository (schemas/priorities.yaml)"
            yield at_key(
                f.loaded, f.path, ("due_days_by_priority", priority), "ref.unknown-priority", msg
            )
