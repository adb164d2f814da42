"""textedit: lines cut as libyaml counts them, edits made at positions, and the line-diff proof."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentctl.runs.textedit import Edit, Insert, Lines, Splice, apply, unchanged_elsewhere
from incidentctl.runs.writer import append_timeline_entry
from writer_corpus import ENTRY, HEAD, TAIL, TIMELINE

BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"]


@given(st.lists(st.sampled_from(["a", " ", "#", "\ufeff", *BREAKS]), max_size=40))
def test_split_then_join_gives_the_text_back(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert Lines.split(text).join() == text


def test_every_libyaml_line_break_ends_a_line() -> None:
    lines = Lines.split("\ufeffa\nb\r\nc\rd\x85e\u2028f\u2029g")
    assert (lines.bom, lines.body) == ("\ufeff", ["a", "b", "c", "d", "e", "f", "g"])
    assert lines.ends == [*BREAKS, ""]


OLD = Lines.split("a: 1\r\n# one\r\n# two\r\nb: 2")
EDITS: list[Edit] = [Splice(0, 3, 4, "9"), Insert(3, ("c: 3",))]


def test_apply_keeps_endings_and_the_missing_final_newline() -> None:
    assert apply(OLD, EDITS).join() == "a: 9\r\n# one\r\n# two\r\nb: 2\r\nc: 3"


def test_the_edits_own_result_passes_the_proof() -> None:
    assert unchanged_elsewhere(OLD, apply(OLD, EDITS), EDITS)


@pytest.mark.parametrize(
    "tampered",
    [
        "a: 9\r\n# two\r\n# one\r\nb: 2\r\nc: 3",  # two comments swapped
        "a: 9\r\n# one\r\n# two\r\n\r\nb: 2\r\nc: 3",  # a blank line more
        "a: 9\r\n# one\n# two\r\nb: 2\r\nc: 3",  # one line ending changed
        "a: 9\r\n# one\r\n# two \r\nb: 2\r\nc: 3",  # trailing whitespace
        "a: 9\r\n# one\r\n# two\r\nb: 2\r\nc: 3\r\n",  # a final newline added
        "\ufeffa: 9\r\n# one\r\n# two\r\nb: 2\r\nc: 3",  # a BOM added
        "a: 9\r\n# one\r\n# two\r\nb: 2",  # the inserted line missing
    ],
)
def test_any_other_change_fails_the_proof(tampered: str) -> None:
    assert not unchanged_elsewhere(OLD, Lines.split(tampered), EDITS)


def test_thousands_of_repeated_lines_are_no_problem_for_the_proof() -> None:
    entries = "".join(
        f"  - at: 2026-11-26T07:{i % 60:02d}:00Z\n    type: observation\n    text: |\n      same\n"
        for i in range(3000)
    )
    text = HEAD + TIMELINE + entries + TAIL
    new = append_timeline_entry(text, ENTRY, {"status": "investigating"})
    assert new.endswith("      same\n  - at: 2026-11-27T09:00:00Z\n    type: status_change\n"
                        "    status: investigating\n    by: ahmed.nasser\ntags: [login, mobile]\n")  # fmt: skip
