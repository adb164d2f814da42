"""append_timeline_entry changes only what it says, in every style a record is written in.

For each record of the corpus (tests/writer_corpus.py): the line diff is exactly the status line
and the new entry; line endings, BOM and final newline are as they were; the result loads to
the old data plus the entry and the new status, and is a valid Incident.
"""

from __future__ import annotations

import copy
import difflib

import pytest

from incidentctl.load import yaml as yamlsource
from incidentctl.load.records import parse_yaml
from incidentctl.models.incident import Incident
from incidentctl.runs import textedit
from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.writer import append_timeline_entry
from writer_corpus import AT, BASE, CASES, ENTRY, Case

PATH = "incidents/INC-2026-0013/incident.yaml"
MODEL_REJECTS = {"nine-digit-fraction"}  # kept digit for digit, but more than the model takes


def diff(old: str, new: str) -> list[str]:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def data(text: str) -> object:
    loaded, findings = yamlsource.load(text.removeprefix("\ufeff"), PATH)
    assert loaded is not None, findings
    return loaded.data


def edit(text: str, entry: dict[str, str] = ENTRY) -> str:
    return append_timeline_entry(text, entry, {"status": "investigating"})


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_diff_is_the_status_line_and_the_new_entry(case: Case) -> None:
    new = edit(case.text)
    assert diff(case.text, new) == case.diff


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_endings_bom_and_final_newline_are_kept(case: Case) -> None:
    new = edit(case.text)
    assert new.startswith("\ufeff") == case.text.startswith("\ufeff")
    assert new.endswith("\n") == case.text.endswith("\n")
    crlf = "\r\n" in case.text
    assert new.count("\r\n") == (new.count("\n") if crlf else 0)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_result_is_the_old_data_plus_the_entry_and_a_valid_incident(case: Case) -> None:
    new = edit(case.text)
    want = copy.deepcopy(data(case.text))
    assert isinstance(want, dict)
    want["status"] = "investigating"
    want["timeline"] = [*(want.get("timeline") or []), ENTRY]
    assert data(new) == want
    if case.name not in MODEL_REJECTS:
        _, model, findings = parse_yaml(new.encode("utf-8"), PATH, Incident)
        assert (findings, model is not None) == ([], True)


def test_an_edit_of_its_own_output_is_clean_again() -> None:
    once = edit(BASE)
    later = {**ENTRY, "at": "2026-11-27T10:00:00Z", "status": "mitigated"}
    twice = append_timeline_entry(once, later, {"status": "mitigated"})
    assert diff(once, twice) == [
        "-status: investigating",
        "+status: mitigated",
        "+  - at: 2026-11-27T10:00:00Z",
        "+    type: status_change",
        "+    status: mitigated",
        "+    by: ahmed.nasser",
    ]


@pytest.mark.parametrize(
    ("note", "line"),
    [
        ("Vendor fix confirmed", "    text: Vendor fix confirmed"),
        ("cause: the cache # really", '    text: "cause: the cache # really"'),
        ("- a list?", '    text: "- a list?"'),
        ("+1", '    text: "+1"'),
        ("yes", '    text: "yes"'),
        ("null", '    text: "null"'),
        ("2026-11-27", '    text: "2026-11-27"'),
        ('it\'s "quoted"', '    text: it\'s "quoted"'),
        ('"starts quoted"', '    text: "\\"starts quoted\\""'),
        ("two\nlines", "      lines"),  # a block scalar: "    text: |-", then "      two"
        ("two\rlines\nthree", '    text: "two\\rlines\\nthree"'),  # no block holds a CR
        (" padded ", '    text: " padded "'),
        ("tab\there", '    text: "tab\\there"'),
        ("bidi \u202e here", '    text: "bidi \\u202E here"'),
        ("ends with a colon:", '    text: "ends with a colon:"'),
    ],
)
def test_a_note_is_quoted_only_when_it_must_be(note: str, line: str) -> None:
    new = edit(BASE, {**ENTRY, "text": note})
    assert diff(BASE, new)[-1] == f"+{line}"
    timeline = data(new)["timeline"]  # type: ignore[index]
    assert timeline[-1]["text"] == note


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            BASE.replace("status: detected\nsev", "status: detected\n  still\nsev"),
            "multi-line status",
        ),
        ("{status: detected, timeline: []}\n", "flow root, block list"),
    ],
    ids=lambda v: v if " " in v else "",
)
def test_what_cannot_be_edited_in_place_is_refused(text: str, why: str) -> None:
    with pytest.raises(EditRefused, match="could not be added without changing other lines"):
        edit(text)


def test_a_block_scalar_is_rewritten_where_it_stands() -> None:
    """A value written as a block scalar keeps its header; only its content lines change."""
    text = BASE.replace("status: detected\nsev", "status: >-  # folded\n  detected\n\nsev")
    new = edit(text)
    assert diff(text, new)[:2] == ["-  detected", "+  investigating"]
    assert "status: >-  # folded\n  investigating\n\nsev" in new


def test_a_note_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(EditRefused, match="not valid text"):
        edit(BASE, {**ENTRY, "text": "bad \udcff byte"})


def test_a_record_that_does_not_load_is_refused() -> None:
    with pytest.raises(EditRefused, match="not valid YAML"):
        edit(BASE + "tags: [again]\n")


def test_an_edit_that_would_change_another_line_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The proof is not a formality: a bug that touches another line never reaches the file."""
    real = textedit.apply

    def sloppy(old: textedit.Lines, edits: list[textedit.Edit]) -> textedit.Lines:
        new = real(old, edits)
        body = [new.body[0] + " ", *new.body[1:]]  # trailing whitespace: same data, another byte
        return textedit.Lines(body, new.ends, new.bom)

    monkeypatch.setattr("incidentctl.runs.writer.apply", sloppy)
    with pytest.raises(EditRefused):
        edit(BASE)


def test_an_edit_that_would_change_the_data_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "incidentctl.runs.yamlstyle.Style.value", lambda self, key, value, flow: "wrong"
    )
    with pytest.raises(EditRefused):
        edit(BASE)


def test_the_timestamp_is_written_as_given() -> None:
    assert f"  - at: {AT}" in edit(BASE)
