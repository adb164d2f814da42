from __future__ import annotations

import itertools
from importlib import resources
from typing import TypedDict

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentctl.models.policy import Guard, Lifecycle
from incidentctl.models.postmortem import PostmortemStatus
from incidentctl.policy import lifecycle as lc

RAW = {
    name: yaml.safe_load(resources.files("incidentctl.policy.defaults").joinpath(f).read_text())
    for name, f in (("outage", "lifecycle-outage.yaml"), ("security", "lifecycle-security.yaml"))
}
MODELS = {name: Lifecycle.model_validate(raw) for name, raw in RAW.items()}


class RawState(TypedDict, total=False):
    transitions: list[str | dict[str, str]]


class RawLifecycle(TypedDict):
    """The parts of a lifecycle YAML file that oracle_edges reads."""

    states: dict[str, RawState]


def oracle_edges(raw: RawLifecycle) -> set[tuple[str, str]]:
    """Edges read straight from the YAML, independently of the engine."""
    out: set[tuple[str, str]] = set()
    for src, spec in raw["states"].items():
        for t in spec.get("transitions", []):
            out.add((src, t if isinstance(t, str) else t["to"]))
    return out


@pytest.mark.parametrize("name", sorted(MODELS))
def test_builtin_lifecycles_are_well_formed(name: str) -> None:
    assert lc.graph_problems(MODELS[name]) == []


def test_outage_lifecycle_matches_the_contract() -> None:
    m = MODELS["outage"]
    assert lc.initial_states(m) == ["triage", "detected"]
    assert sorted(lc.terminal_states(m)) == ["cancelled", "closed", "declined", "duplicate"]
    assert lc.next_states(m, "investigating") == ["mitigated", "resolved", "duplicate", "cancelled"]
    assert lc.allowed(m, "mitigated", "investigating")
    assert not lc.allowed(m, "detected", "resolved")
    assert not lc.allowed(m, "closed", "investigating")


def test_security_lifecycle_follows_nist_phases() -> None:
    m = MODELS["security"]
    path = ["reported", "triage", "declared", "contained", "eradicated", "recovered",
            "post_incident", "closed"]  # fmt: skip
    assert lc.check_path(m, path, lambda _: True) == []
    assert lc.next_states(m, "triage") == ["declared", "false_positive", "benign", "duplicate"]


@pytest.mark.parametrize(
    ("required", "expected"),
    [(True, ["timeline.guarded-transition"]), (False, [])],
)
def test_resolved_to_closed_depends_on_postmortem_policy(
    required: bool, expected: list[str]
) -> None:
    path = ["detected", "investigating", "resolved", "closed"]

    def guard_ok(g: Guard) -> bool:
        return (g is Guard.POSTMORTEM_REQUIRED) == required

    assert [p.rule for p in lc.check_path(MODELS["outage"], path, guard_ok)] == expected


def test_requirements_accumulate_along_the_path() -> None:
    m = MODELS["outage"]
    assert lc.required_fields(m, ["detected"]) == []
    assert lc.required_fields(m, ["detected", "investigating", "mitigated"]) == [
        "severity", "roles.incident_commander", "services"]  # fmt: skip
    assert lc.postmortem_needed(m, ["resolved", "postmortem"]) is PostmortemStatus.DRAFT
    assert lc.postmortem_needed(m, ["postmortem", "closed"]) is PostmortemStatus.APPROVED
    assert lc.postmortem_needed(m, ["detected"]) is None


def test_unknown_state_in_path_is_reported_with_its_index() -> None:
    problems = lc.check_path(MODELS["outage"], ["detected", "fixing"], lambda _: True)
    assert [(p.index, p.rule) for p in problems] == [(1, "ref.unknown-state")]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(data=st.data(), name=st.sampled_from(sorted(MODELS)))
def test_engine_accepts_exactly_the_legal_paths(data: st.DataObject, name: str) -> None:
    """Random walks, legal and not: the engine agrees with the YAML's own edge list."""
    raw, model = RAW[name], MODELS[name]
    states = sorted(raw["states"])
    path = data.draw(st.lists(st.sampled_from(states), min_size=1, max_size=9))
    edges = oracle_edges(raw)
    legal = raw["states"][path[0]].get("initial", False) and all(
        (a, b) in edges for a, b in itertools.pairwise(path)
    )
    assert (lc.check_path(model, path, lambda _: True) == []) == legal
