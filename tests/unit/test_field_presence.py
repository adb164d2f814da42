"""``rules.fields.is_present``: what counts as filled in for a state's ``requires`` (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from incidentctl.rules.fields import is_present

RECORD: dict[str, Any] = {
    "title": "Checkout errors",
    "summary": "",
    "services": [],
    "tags": ["payments"],
    "roles": {},
    "impact": {"description": "Errors for 20 minutes.", "regions": []},
    "release": None,
    "action_items": [{"owner": "alice", "due": "2026-04-01"}, {"owner": "", "due": None}],
    "timeline": [],
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("title", True),
        ("summary", False),  # an empty string is not filled in
        ("services", False),  # nor an empty list
        ("roles", False),  # nor an empty mapping
        ("release", False),  # nor null
        ("missing", False),
        ("tags", True),
        ("tags[]", True),  # a list named with [] and nothing after: it must not be empty
        ("services[]", False),
        ("timeline[]", False),
        ("impact.description", True),
        ("impact.regions", False),
        ("release.approved_by", False),  # through a null parent
        ("action_items[].owner", False),  # every item must have it: the second's is ""
        ("action_items[].due", False),  # the second's is null
        ("timeline[].at", True),  # every item of an empty list has it: vacuously true
    ],
)
def test_is_present(path: str, expected: bool) -> None:
    assert is_present(RECORD, path) is expected


def test_every_item_filled_in_is_present() -> None:
    record = {"action_items": [{"owner": "alice"}, {"owner": "bob"}]}
    assert is_present(record, "action_items[].owner") is True
    assert is_present({"action_items": [{"owner": "alice"}]}, "action_items[]") is True
