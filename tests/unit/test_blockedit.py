"""set rewrites a block scalar where it stands, in its own style; every other byte is kept.

Each header (literal or folded, every chomping, an indentation indicator, a comment) with each
kind of value: the result loads to exactly the value, and the lines outside the block are as
they were. What a block cannot hold is written as a one-line scalar in place of the block.
"""

from __future__ import annotations

import pytest

from incidentctl.load import yaml as yamlsource
from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.writer import SetValue, edit_record

HEADERS = ["|", "|-", "|+", ">", ">-", ">+", "|2", ">-2", "|2-", ">  # folded on purpose"]
VALUES = ["short one", " ".join(["word"] * 40), "two\nlines", "lead\n\nblank", "ends\n", "",
          "  starts indented"]  # fmt: skip
RECORD = (
    "id: X\r\nsummary: {h}\r\n  old line one\r\n\r\n  old line two\r\n\r\ntype: outage\r\n"
    "impact:\r\n  description: {h}\r\n    desc line\r\n    more desc\r\n  regions: [eu]\r\n"
)


def _data(text: str) -> object:
    loaded, findings = yamlsource.load(text, "record")
    assert loaded is not None, findings
    return loaded.data


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("value", VALUES)
def test_the_value_reads_back_exactly_and_nothing_else_changes(header: str, value: str) -> None:
    text = RECORD.format(h=header)
    new = edit_record(
        text, [SetValue(("summary",), value), SetValue(("impact", "description"), value)]
    )
    want = _data(text)
    assert isinstance(want, dict)
    want["summary"], want["impact"]["description"] = value, value
    assert _data(new) == want
    assert new.count("\n") == new.count("\r\n")  # CRLF kept, new lines included
    kept = ["id: X", "type: outage", "impact:", "  regions: [eu]"]
    assert [ln for ln in new.split("\r\n") if ln in kept] == kept
    assert "\r\n\r\ntype: outage\r\n" in new  # the blank line after the block stays


def test_the_header_and_its_comment_are_kept_and_folded_text_is_wrapped() -> None:
    text = RECORD.format(h=">-  # why")
    value = " ".join(["word"] * 30)
    new = edit_record(text, [SetValue(("summary",), value)])
    block = new.split("\r\ntype:")[0].split("\r\n")[1:]
    assert block[0] == "summary: >-  # why"
    assert len(block) > 3  # wrapped at 40 columns (the old lines are shorter)
    assert all(ln.startswith("  word") and len(ln) <= 2 + 40 for ln in block[1:-1])
    assert block[-1] == ""


def test_a_literal_block_keeps_its_style_when_it_can() -> None:
    new = edit_record(RECORD.format(h="|-"), [SetValue(("summary",), "first\nsecond")])
    assert new.startswith("id: X\r\nsummary: |-\r\n  first\r\n  second\r\n\r\ntype: outage\r\n")


def test_a_clip_block_becomes_strip_for_a_value_without_a_final_newline() -> None:
    new = edit_record(RECORD.format(h="|"), [SetValue(("summary",), "one line")])
    assert new.startswith("id: X\r\nsummary: |-\r\n  one line\r\n\r\ntype")


def test_what_no_block_holds_is_quoted_in_place_of_the_block() -> None:
    new = edit_record(RECORD.format(h=">-"), [SetValue(("summary",), "two\rlines")])
    assert new.startswith('id: X\r\nsummary: "two\\rlines"\r\n\r\ntype: outage\r\n')


def test_a_refused_set_does_not_blame_lists() -> None:
    text = "id: X\nsummary: a plain scalar\n  on two lines\ntype: outage\n"
    with pytest.raises(EditRefused) as refused:
        edit_record(text, [SetValue(("summary",), "two")])
    assert str(refused.value) == (
        "the change could not be made without changing other lines of the record; make it by"
        " hand, then retry"
    )
