"""Append to a nested list (``impact.regions``) through the same code as a top-level one: the
list and its parents are made when absent, in the record's own style, and nothing else moves."""

from __future__ import annotations

import difflib

import pytest

from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.writer import Append, edit_record

REGIONS = Append(("impact", "regions"), "eu-2", ("us-1",))
HEAD = "schema_version: 1  # keep\nid: INC-2026-0001\n"


def _added(old: str, new: str) -> tuple[list[str], list[str]]:
    diff = [ln for ln in difflib.ndiff(old.splitlines(), new.splitlines()) if ln[:1] in "+-"]
    return [ln[2:] for ln in diff if ln[0] == "-"], [ln[2:] for ln in diff if ln[0] == "+"]


CASES = [
    (  # no impact at all: made at the end, dashes in the columns the timeline's are in
        "services: [checkout]\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    type: alert\n",
        ["impact:", "  regions:", "    - eu-2", "    - us-1"],
    ),
    (  # four-space nesting, dashes at the key's column: the same layout one level down
        "roles:\n    incident_commander: alice\ntimeline:\n- at: 2026-03-01T10:00:00Z\n",
        ["impact:", "    regions:", "    - eu-2", "    - us-1"],
    ),
    (  # impact without regions: a key of that mapping, at its column
        "impact:\n   description: Checkout down  # why\nservices: [checkout]\n",
        ["   regions:", "     - eu-2", "     - us-1"],
    ),
    ("impact:\nservices: [checkout]\n", ["  regions:", "    - eu-2", "    - us-1"]),  # "impact:"
]


@pytest.mark.parametrize(("body", "lines"), CASES)
def test_a_missing_nested_list_is_made_with_its_parents(body: str, lines: list[str]) -> None:
    old = HEAD + body
    new = edit_record(old, [REGIONS])
    assert _added(old, new) == ([], lines)


def test_a_flow_list_gets_items_after_its_last_one_comment_kept() -> None:
    old = HEAD + "impact:\n  regions: [eu-1]  # where\n  description: d\ntags: [a]\n"
    new = edit_record(old, [REGIONS])
    assert _added(old, new) == (
        ["  regions: [eu-1]  # where"], ["  regions: [eu-1, eu-2, us-1]  # where"])  # fmt: skip


def test_a_block_list_gets_items_below_its_last_one_not_past_the_next_key() -> None:
    old = (
        HEAD + "impact:\n  regions:\n    - eu-1  # first\n    # of what follows\n  description: d\n"
    )
    new = edit_record(old, [REGIONS])
    assert new == HEAD + (
        "impact:\n  regions:\n    - eu-1  # first\n    - eu-2\n    - us-1\n"
        "    # of what follows\n  description: d\n"
    )


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("impact: {description: d}\n", "'impact' cannot be added to here"),
        ("impact:\n  regions: eu-1\n", "'impact.regions' must be a list"),
        ("impact: down\n", "'impact.regions' does not fit the record"),
    ],
)
def test_a_layout_it_cannot_edit_is_refused(body: str, why: str) -> None:
    with pytest.raises(EditRefused, match=why):
        edit_record(HEAD + body, [REGIONS])


def test_a_top_level_list_goes_through_the_same_rule() -> None:
    old = HEAD + "responders:\n  - alice\nimpact:\n  regions: [eu-1]\n"
    new = edit_record(old, [Append("responders", "bob"), Append(("impact", "regions"), "eu-2")])
    assert new == HEAD + "responders:\n  - alice\n  - bob\nimpact:\n  regions: [eu-1, eu-2]\n"
