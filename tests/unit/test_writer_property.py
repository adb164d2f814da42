"""Any note round-trips exactly: newlines, quotes, ``: #``, unicode, controls.

The new entry's ``text`` must load back as the very string given, and the file's diff must
still be the status line plus the entry (the note on one line of its own).
"""

from __future__ import annotations

import difflib

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from incidentctl.load import yaml as yamlsource
from incidentctl.runs.writer import append_timeline_entry
from incidentctl.runs.yamlstyle import block_scalar, scalar
from writer_corpus import BASE, DIFF, ENTRY

# Any text Python can write as UTF-8 (lone surrogates cannot be: they are refused).
TEXT = st.text(st.characters(codec="utf-8"), max_size=80)
PIECES = [*": #-'\"\\\n\r\t,[]{}&*!|>%@`?~", "\u2028", "\x85", "\ufeff", "é", "🚨", "\u202e"]
TRICKY = st.text(st.sampled_from([*PIECES, "a", "1", " "]), max_size=20)


def _loaded(text: str) -> dict[str, object]:
    loaded, findings = yamlsource.load(text.removeprefix("\ufeff"), "x.yaml")
    assert loaded is not None, findings
    assert isinstance(loaded.data, dict)
    return loaded.data


@given(st.one_of(TEXT, TRICKY))
@example("line one\nline two: with # a hash")
@example("- starts like a list")
@example("'single' and \"double\"")
@example("trailing space ")
def test_any_note_round_trips_exactly(note: str) -> None:
    new = append_timeline_entry(BASE, {**ENTRY, "text": note}, {"status": "investigating"})
    timeline = _loaded(new)["timeline"]
    assert isinstance(timeline, list)
    assert timeline[-1] == {**ENTRY, "text": note}
    lines = difflib.unified_diff(BASE.splitlines(), new.splitlines(), n=0, lineterm="")
    changes = [ln for ln in lines if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert changes[: len(DIFF)] == DIFF
    assert changes[len(DIFF)].startswith("+    text: ")
    rest = changes[len(DIFF) + 1 :]  # a multi-line note's block scalar: added lines only
    assert all(ln.startswith("+") for ln in rest)
    assert bool(rest) == changes[len(DIFF)].startswith("+    text: |")


@given(st.one_of(TEXT, TRICKY), st.integers(0, 8), st.integers(1, 4))
@example("a  \n# c\nk: v #t\n  lead\nlast", 4, 2)
@example(" leading\nspace\n\n\n", 2, 2)
@example("\n\n  x\ny\n", 0, 1)
def test_a_block_scalar_reads_back_exactly_or_is_not_offered(
    value: str, key_col: int, step: int
) -> None:
    block = block_scalar(value, key_col, step)
    if block is None:  # single-line text, or text a block cannot hold: a quoted scalar then
        assert "\n" not in value or scalar(value) != value
        return
    doc = " " * key_col + f"k: {block[0]}\n" + "".join(f"{ln}\n" for ln in block[1:])
    doc += " " * key_col + "after: x\n"  # the next key ends the scalar
    assert _loaded(doc) == {"k": value, "after": "x"}
    assert yaml.safe_load(doc) == {"k": value, "after": "x"}


def test_a_block_scalar_refuses_what_it_cannot_hold() -> None:
    for value in ["a\rb\nc", "a\u2028b\nc", "a\x85b\nc", "a\x07\nb", "one line"]:
        assert block_scalar(value, 4) is None, value
    assert block_scalar("a\nb", 4) == ("|-", "      a", "      b")
    assert block_scalar(" a\nb\n", 4) == ("|2", "       a", "      b")
    assert block_scalar("a\n\n", 0) == ("|+", "  a", "")


@given(st.one_of(TEXT, TRICKY), st.sampled_from(["", "'", '"']), st.booleans())
def test_a_scalar_reads_back_as_the_same_string_in_any_reader(
    value: str, style: str, flow: bool
) -> None:
    rendered = scalar(value, flow=flow, style=style)
    doc = f"k: [{rendered}]\n" if flow else f"k: {rendered}\n"
    want = [value] if flow else value
    assert _loaded(doc)["k"] == want  # the strict loader: only true/false/null resolved
    assert yaml.safe_load(doc)["k"] == want  # YAML 1.1 resolution: yes, 1, +1, 2026-01-01, ...
