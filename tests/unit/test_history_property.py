"""Property: for random paths through both lifecycles, the pull request check (validate plus
the history rules, as check runs them per folder) accepts exactly the legal ones.

The oracle reads the edges straight from the lifecycle YAML, independently of the engine.
A few paths are also played through real git by tests/rules/test_history_cases.py."""

from __future__ import annotations

import datetime as dt
import itertools
from importlib import resources

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentctl.config import Settings
from incidentctl.history import compare as history
from incidentctl.load.documents import ArchiveIndex, IncidentDoc, Unit
from incidentctl.load.records import parse_yaml
from incidentctl.load.sources import FsSource
from incidentctl.models.incident import Incident
from incidentctl.policy.load import load_policy
from incidentctl.rules.check import check_unit
from incidentctl.rules.context import Context

RAW = {
    "outage": yaml.safe_load(
        resources.files("incidentctl.policy.defaults").joinpath("lifecycle-outage.yaml").read_text()
    ),
    "security": yaml.safe_load(
        resources.files("incidentctl.policy.defaults")
        .joinpath("lifecycle-security.yaml")
        .read_text()
    ),
}
TYPE = {"outage": "outage", "security": "security"}
PATH_RULES = {
    "history.illegal-transition",
    "timeline.illegal-transition",
    "timeline.guarded-transition",
}


def ctx() -> Context:
    from pathlib import Path

    policy = load_policy(FsSource(Path("/nonexistent")), "schemas").policy
    return Context(
        policy,
        ArchiveIndex(frozenset({"INC-2026-0001", "INC-2026-0002"}), frozenset()),
        Settings(),
        dt.date(2026, 11, 27),
    )


CTX = ctx()


def record(kind: str, states: list[str]) -> str:
    """An incident whose fields satisfy every state's requirements, so only the path matters."""
    start = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
    entries = "".join(
        f"  - at: {(start + dt.timedelta(minutes=5 * i)).isoformat()}\n    type: status_change\n    status: {s}\n"
        for i, s in enumerate(states)
    )
    return (
        f"schema_version: 1\nid: INC-2026-0001\ntitle: A generated incident\ntype: {TYPE[kind]}\n"
        f"status: {states[-1]}\nseverity: SEV3\nservices: [checkout]\nroles:\n  incident_commander: a\n"
        "impact:\n  description: Something.\nresolution: Because.\nrelations:\n  duplicate_of: INC-2026-0002\n"
        f"timeline:\n{entries}"
    )


def unit(text: str) -> Unit:
    loaded, model, findings = parse_yaml(
        text.encode(), "incidents/INC-2026-0001/incident.yaml", Incident
    )
    assert findings == [], findings
    assert loaded is not None
    assert model is not None
    doc = IncidentDoc("incidents/INC-2026-0001/incident.yaml", loaded, model)
    return Unit(
        "INC-2026-0001", doc.path, "incidents/INC-2026-0001/postmortem.md", doc, None, True, False
    )


def edges(kind: str) -> set[tuple[str, str]]:
    out = set()
    for src, spec in RAW[kind]["states"].items():
        for t in spec.get("transitions", []):
            # guarded edges: SEV3 needs no postmortem, so 'postmortem_not_required' holds
            if isinstance(t, dict) and t.get("when") == "postmortem_required":
                continue
            out.add((src, t if isinstance(t, str) else t["to"]))
    return out


def legal_prefix(kind: str, data: st.DataObject) -> list[str]:
    """A legal path from an initial state, drawn by walking the oracle's edges."""
    initial = [s for s, spec in RAW[kind]["states"].items() if spec.get("initial")]
    path = [data.draw(st.sampled_from(sorted(initial)))]
    for _ in range(data.draw(st.integers(0, 4))):
        nxt = sorted(b for a, b in edges(kind) if a == path[-1])
        if not nxt:
            break
        path.append(data.draw(st.sampled_from(nxt)))
    return path


@settings(max_examples=150, deadline=None, derandomize=True)
@given(data=st.data(), kind=st.sampled_from(["outage", "security"]))
def test_check_accepts_exactly_the_legal_paths(data: st.DataObject, kind: str) -> None:
    base_path = legal_prefix(kind, data)
    states = sorted(RAW[kind]["states"])
    appended = data.draw(st.lists(st.sampled_from(states), min_size=1, max_size=4))
    old, new = unit(record(kind, base_path)), unit(record(kind, base_path + appended))
    assert old.incident is not None
    assert new.incident is not None
    findings = check_unit(new, CTX) + history.compare_incident(old.incident, new.incident, CTX)
    # postmortem requirements are not part of the path question: the policy says 'always' for security
    refused = {f.rule_id for f in findings} & PATH_RULES
    full = base_path + appended
    legal = all((a, b) in edges(kind) for a, b in itertools.pairwise(full))
    assert (not refused) == legal, (full, sorted(refused))
