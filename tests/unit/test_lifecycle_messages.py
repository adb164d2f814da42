"""The lifecycle engine's words and searches, pinned exactly on a small hand-made lifecycle.

Each test names the mutants it was written to kill (docs/maintainers/mutation.md): messages a
responder reads must say what is open and what is guarded, and detours must respect guards on
both legs.
"""

from __future__ import annotations

import pytest

from incidentctl.models.policy import Guard, Lifecycle
from incidentctl.policy import lifecycle as lc

# a -> b (open), a -> c (only when no postmortem is required), b -> c (open),
# c -> d (only when a postmortem is required), c -> e (open), b -> d (open), e -> d (only when
# a postmortem is required); d terminal.
TOY = Lifecycle.model_validate(
    {
        "schema_version": 1,
        "name": "toy",
        "title": "Toy",
        "states": {
            "a": {
                "initial": True,
                "transitions": ["b", {"to": "c", "when": "postmortem_not_required"}],
            },
            "b": {"transitions": ["c", "d"]},
            "c": {"transitions": [{"to": "d", "when": "postmortem_required"}, "e"]},
            "d": {"terminal": True, "requires": ["summary", "resolution", "summary"]},
            "e": {
                "requires": ["resolution"],
                "transitions": [{"to": "d", "when": "postmortem_required"}],
            },
        },
    }
)


def none_hold(_g: Guard) -> bool:
    return False


def only_not_required(g: Guard) -> bool:
    return g is Guard.POSTMORTEM_NOT_REQUIRED


def test_options_list_open_moves_then_the_guarded_ones() -> None:
    assert lc.options(TOY, "a") == "b, c"
    assert lc.options(TOY, "a", none_hold) == "b; 'c' only when no postmortem is required"
    assert lc.options(TOY, "a", only_not_required) == "b, c"


def test_options_when_every_move_is_guarded_or_none_exists() -> None:
    # guard_ok is asked about the edge's own guard, not about None (options mutants 9, 13)
    assert lc.options(TOY, "c", only_not_required) == "e; 'd' only when a postmortem is required"
    assert lc.options(TOY, "c", lambda g: g is Guard.POSTMORTEM_REQUIRED) == "d, e"
    assert lc.options(TOY, "e", none_hold) == "none; 'd' only when a postmortem is required"
    assert lc.options(TOY, "d") == "none: it is terminal"
    assert lc.options(TOY, "nowhere") == "none: it is terminal"


def test_detours_respect_the_guard_on_both_legs() -> None:
    # a -> c is guarded: with no guard holding, c is no detour from a (detours mutant 13)
    assert lc.detours(TOY, "a", "d", none_hold) == ["b"]
    assert lc.detours(TOY, "a", "d", only_not_required) == ["b"]
    assert lc.detours(TOY, "a", "e", none_hold) == []
    assert lc.detours(TOY, "a", "e", only_not_required) == ["c"]
    # c -> d is guarded too: b -> c -> d is no detour from b unless that guard holds (17, 21)
    assert lc.detours(TOY, "b", "d", none_hold) == []
    assert lc.detours(TOY, "b", "d", lambda _g: True) == ["c"]


def test_a_guarded_step_without_a_reason_says_so() -> None:
    problems = lc.check_path(TOY, ["a", "c"], none_hold)
    assert [(p.index, p.rule, p.message) for p in problems] == [
        (
            1,
            "timeline.guarded-transition",
            (
                "'a' -> 'c' is allowed only when no postmortem is required, and that does not "
                "hold for this incident; go through 'b' first"
            ),
        )
    ]


def test_unknown_state_message_without_a_value_suggests_nothing() -> None:
    assert lc.unknown_state_message(TOY) == "not a state of the 'toy' lifecycle (a, b, c, d, e)"
    assert lc.unknown_state_message(TOY, "dd").startswith("not a state of the 'toy' lifecycle; ")


def test_required_fields_keep_first_seen_order_without_duplicates() -> None:
    assert lc.required_fields(TOY, ["a", "d", "e"]) == ["summary", "resolution"]
    assert lc.required_fields(TOY, ["e", "d"]) == ["resolution", "summary"]


def test_a_guarded_step_with_no_detour_names_none() -> None:
    # e -> d is guarded and e has no other move: no "go through" (guarded_message 24, 29)
    def why(g: Guard | None) -> str:
        return f"{g.value if g else 'no guard'} does not hold"

    assert lc.guarded_message(TOY, "e", "d", none_hold, why) == (
        "is allowed only when a postmortem is required, and postmortem_required does not hold"
    )  # the reason is asked about the edge's guard (30)
    assert lc.guarded_message(TOY, "e", "d", lambda _g: True, why) is None


def test_a_guarded_step_with_two_detours_names_both() -> None:
    fork = Lifecycle.model_validate(
        {
            "schema_version": 1,
            "name": "fork",
            "title": "Fork",
            "states": {
                "x": {
                    "initial": True,
                    "transitions": [{"to": "z", "when": "postmortem_required"}, "y1", "y2"],
                },
                "y1": {"transitions": ["z"]},
                "y2": {"transitions": ["z"]},
                "z": {"terminal": True},
            },
        }
    )
    assert lc.guarded_message(fork, "x", "z", none_hold, lambda _g: "it does not") == (
        "is allowed only when a postmortem is required, and it does not; go through 'y1' or"
        " 'y2' first"
    )  # guarded_message 26, 27


def test_an_edge_table_cached_under_a_reused_id_is_not_served(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CPython reuses a freed object's id: the cache keeps each table with its lifecycle and
    # builds again when the one it holds under this id is another (edge mutant 7)
    monkeypatch.setitem(lc._EDGES, id(TOY), (object(), {}))
    edge = lc.edge(TOY, "a", "b")
    assert edge is not None
    assert edge.to == "b"
    assert lc.edge(TOY, "a", "d") is None
