"""The lifecycle engine's answers for states a lifecycle does not have, the guard an edge hands
to the guard check, and the exact problems ``graph_problems`` reports for a lifecycle without a
start or an end (the policy rules turn the state ``""`` into a finding on ``states:`` itself)."""

from __future__ import annotations

from incidentctl.models.policy import Guard, Lifecycle
from incidentctl.policy import lifecycle as lc

LOOP = Lifecycle.model_validate(
    {
        "schema_version": 1,
        "name": "loop",
        "title": "Two states, neither initial nor terminal",
        "states": {
            "a": {"requires": ["summary"], "transitions": ["b"]},
            "b": {"requires": ["summary", "impact.description"], "transitions": ["a"]},
        },
    }
)


def test_a_lifecycle_without_start_or_end_is_reported_on_states_itself() -> None:
    assert lc.graph_problems(LOOP) == [
        ("", "lifecycle.no-initial-state", "no state is marked 'initial: true'"),
        ("", "lifecycle.no-terminal-state", "no state is marked 'terminal: true'"),
    ]


def test_an_unknown_state_has_no_next_states() -> None:
    assert lc.next_states(LOOP, "nope") == []
    assert lc.next_states(LOOP, "a") == ["b"]


def test_required_fields_skip_unknown_states_and_keep_first_seen_order() -> None:
    assert lc.required_fields(LOOP, ["nope", "b", "a"]) == ["summary", "impact.description"]
    assert lc.required_fields(LOOP, ["nope"]) == []


GUARDED = Lifecycle.model_validate(
    {
        "schema_version": 1,
        "name": "guarded",
        "title": "One guarded edge",
        "states": {
            "open": {
                "initial": True,
                "transitions": [{"to": "closed", "when": "postmortem_required"}],
            },
            "closed": {"terminal": True},
        },
    }
)


def only(guard: Guard) -> lc.GuardCheck:
    """A guard check that holds for exactly ``guard``: it must be handed the edge's own guard."""
    return lambda g: g is guard


def test_a_guarded_edge_asks_the_check_about_its_own_guard() -> None:
    assert lc.allowed(GUARDED, "open", "closed", only(Guard.POSTMORTEM_REQUIRED))
    assert not lc.allowed(GUARDED, "open", "closed", only(Guard.POSTMORTEM_NOT_REQUIRED))
    assert lc.check_path(GUARDED, ["open", "closed"], only(Guard.POSTMORTEM_REQUIRED)) == []
    refused = lc.check_path(GUARDED, ["open", "closed"], only(Guard.POSTMORTEM_NOT_REQUIRED))
    assert [(p.index, p.rule) for p in refused] == [(1, "timeline.guarded-transition")]
