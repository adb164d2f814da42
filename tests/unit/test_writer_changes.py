"""edit_record: any value, set in a nested mapping or appended to any list, in any of the
record's layouts, loads back as exactly the change and leaves every other line as it was."""

from __future__ import annotations

import difflib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_writer_property import TEXT, TRICKY, _loaded

from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.writer import Append, SetValue, edit_record

BASE = """\
schema_version: 1  # keep
id: INC-2026-0001
title: Checkout errors
roles:
  incident_commander: alice  # the IC
responders: [alice]
action_items:
  - id: INC-2026-0001-AI-1
    title: One
    status: open
timeline:
  - at: 2026-03-01T10:00:00Z
    type: status_change
    status: detected
tags: [checkout]
"""
CHANGES = [
    SetValue(("roles", "comms_lead"), "VALUE"),
    SetValue(("roles", "incident_commander"), "VALUE"),
    SetValue(("action_items", 0, "notes"), "VALUE"),
    SetValue(("action_items", 0, "status"), "VALUE"),
    SetValue(("impact", "description"), "VALUE"),
    SetValue(("summary",), "VALUE"),
    Append("responders", "VALUE"),
    Append(("impact", "regions"), "VALUE"),  # a nested list and its parent, made
    Append("updates", {"at": "2026-03-01T10:05:00Z", "audience": "internal", "text": "VALUE"}),
    Append("action_items", {"id": "INC-2026-0001-AI-2", "title": "VALUE"}),
]


def _with(change: SetValue | Append, value: str) -> SetValue | Append:
    if isinstance(change, SetValue):
        return SetValue(change.path, value)
    item = change.item
    return Append(change.key, value if isinstance(item, str) else {**item, **{
        k: value for k, v in item.items() if v == "VALUE"}})  # fmt: skip


def _changed_lines(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
    return [ln for ln in diff if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: repr(c)[:40])
@given(value=st.one_of(TEXT, TRICKY))
def test_any_value_anywhere_round_trips(change: SetValue | Append, value: str) -> None:
    concrete = _with(change, value)
    try:
        new = edit_record(BASE, [concrete])
    except EditRefused:  # only a value that is not text may be refused
        assert any("\ud800" <= ch <= "\udfff" for ch in value)
        return
    data, old = _loaded(new), _loaded(BASE)
    if isinstance(concrete, SetValue):
        node: Any = data
        for step in concrete.path[:-1]:
            node = node[step]
        assert node[concrete.path[-1]] == value
    else:
        node = data
        for step in concrete.path:
            node = node[step]
        assert node[-1] == concrete.item
    assert data["tags"] == old["tags"] == ["checkout"]
    removed = [ln for ln in _changed_lines(BASE, new) if ln.startswith("-")]
    assert len(removed) <= 2  # the value's own line (and a flow list's line), nothing else
    assert "schema_version: 1  # keep" in new
    assert "  # the IC\n" in new  # a comment after a replaced value stays


def test_several_changes_at_once_one_new_mapping() -> None:
    new = edit_record(BASE, [
        SetValue(("release", "approved_by"), "alice"),
        SetValue(("release", "approved_at"), "2026-03-02T10:00:00Z"),
        SetValue(("visibility",), "public"),
        Append("responders", "bob", ("carol",)),
    ])  # fmt: skip
    assert _changed_lines(BASE, new) == [
        "-responders: [alice]", "+responders: [alice, bob, carol]",
        "+release:", "+  approved_by: alice", "+  approved_at: 2026-03-02T10:00:00Z",
        "+visibility: public",
    ]  # fmt: skip
