"""No output can be forged: every reporter escapes what comes from files and from git.

Values a filesystem or git will not store (a newline in an author, a lone surrogate in a
rule message) are built here directly; tests/acceptance/test_output_escaping.py makes the
real ones."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentctl.findings import Finding, Level
from incidentctl.history.results import AuditResult, Refusal, TrailRow
from incidentctl.reporters import REPORTERS
from incidentctl.reporters.audit import render_audit, render_trail
from incidentctl.reporters.escape import (
    escape_data,
    escape_property,
    finding_line,
    json_text,
    markdown_code,
    markdown_text,
    visible,
)
from incidentctl.rules.results import CheckResult

UNSAFE = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]] + [
    *"\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e",
    *"\u2066\u2067\u2068\u2069\ufeff\ud800\udcff\udfff",
]
# Every character Python itself treats as a line break (str.splitlines), plus the runner's.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
FORGED = "incidents/INC-2026-0001\n::error file=x::forged"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\t", "\\t"),
        ("\x00", "\\x00"),
        ("\x07", "\\x07"),
        ("\x1b[31m", "\\x1b[31m"),
        ("\x7f", "\\x7f"),
        ("\x85", "\\x85"),
        ("\x9b", "\\x9b"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        ("\udcff", "\\udcff"),  # os.fsdecode of the byte 0xff
        ("##[add-mask]x", "##\\x5b" + "add-mask]x"),  # GitHub's legacy command, anywhere
        ("###[", "###\\x5b"),
    ],
)
def test_visible_shows_each_unsafe_character_as_an_escape(raw: str, shown: str) -> None:
    assert visible(f"a{raw}b") == f"a{shown}b"


def test_visible_covers_every_class_named_in_the_docs() -> None:
    for char in UNSAFE:
        out = visible(char)
        assert out.startswith("\\"), repr(char)
        assert out.isascii(), repr(char)
        assert out.isprintable(), repr(char)


@pytest.mark.parametrize(
    "text",
    [
        "incidents/INC-2026-0001/incident.yaml",
        "Ünïcødé prose — “quoted” ✓",
        "50% of a, b: c",
        "\\n",
    ],
)
def test_printable_text_is_unchanged(text: str) -> None:
    assert visible(text) == text


@given(st.text())
def test_visible_never_leaves_a_line_break_or_a_legacy_command(text: str) -> None:
    out = visible(text)
    assert not any(c in out for c in LINE_BREAKS)
    assert "##[" not in out
    assert not any(c in out for c in UNSAFE)


@given(st.text(alphabet=st.characters(blacklist_characters=UNSAFE)))
def test_visible_is_the_identity_on_safe_text(text: str) -> None:
    if "##[" not in text:
        assert visible(text) == text


def test_workflow_command_values_follow_githubs_rules() -> None:
    assert escape_data("50% done\n::stop-commands::tok") == "50%25 done\\n::stop-commands::tok"
    assert escape_property("a,b:c%d\re") == "a%2Cb%3Ac%25d\\re"


def finding(path: str, message: str = "folder name must be an incident id") -> Finding:
    return Finding(path, 1, 2, "incident.folder-name", message)


HOSTILE = CheckResult(
    [
        finding(FORGED),
        finding("x\u202e\x1b[31m\x07", "msg\r::warning::y ##[add-mask]z\u2028w"),
        Finding("incidents/INC-\udcff", 0, 0, "rule", "50% done", Level.WARNING),
    ],
    3,
)


def test_text_reporter_keeps_each_finding_on_one_line() -> None:
    assert REPORTERS["text"](HOSTILE, False).splitlines() == [
        (
            "incidents/INC-2026-0001\\n::error file=x::forged:1:2: incident.folder-name folder"
            " name must be an incident id"
        ),
        "x\\u202e\\x1b[31m\\x07:1:2: incident.folder-name msg\\r::warning::y ##\\x5badd-mask]z\\u2028w",
        "incidents/INC-\\udcff:0:0: rule 50% done",
        "failed: 3 files checked, 2 errors, 1 warning",
    ]


def test_coloured_text_has_only_its_own_escape_sequences() -> None:
    out = REPORTERS["text"](CheckResult([finding("a\x1b[2Jb")], 1), True)
    assert out.splitlines()[0] == (
        "\x1b[1ma\\x1b[2Jb:1:2:\x1b[0m \x1b[31mincident.folder-name\x1b[0m folder name must be an"
        " incident id"
    )


def test_github_reporter_cannot_start_a_command_or_break_a_property() -> None:
    assert REPORTERS["github"](HOSTILE, False).splitlines() == [
        (
            "::error file=incidents/INC-2026-0001\\n%3A%3Aerror file=x%3A%3Aforged,line=1,col=2,"
            "title=incident.folder-name::folder name must be an incident id"
        ),
        (
            "::error file=x\\u202e\\x1b[31m\\x07,line=1,col=2,title=incident.folder-name::"
            "msg\\r::warning::y ##\\x5badd-mask]z\\u2028w"
        ),
        "::warning file=incidents/INC-\\udcff,title=rule::50%25 done",
        "failed: 3 files checked, 2 errors, 1 warning",
    ]


def test_json_reporter_is_ascii_exact_and_survives_lone_surrogates() -> None:
    out = REPORTERS["json"](HOSTILE, False)
    assert out.isascii()
    assert "##[" not in out
    assert '"path": "incidents/INC-\\udcff"' in out
    paths = [p["path"] for p in json.loads(out)["problems"]]
    assert paths == [f.path for f in HOSTILE.findings]  # values are exact, not escaped


def test_json_text_escapes_the_legacy_command_without_changing_the_value() -> None:
    out = json_text({"k": "##[stop-commands]tok"})
    assert out == '{\n  "k": "##\\u005bstop-commands]tok"\n}\n'
    assert json.loads(out) == {"k": "##[stop-commands]tok"}


AUDIT = AuditResult(
    [Refusal(finding(FORGED), "0123456789abcdef", "Mal\nlory\x07 ::error::x", "2026-03-01")], 2
)


def test_audit_text_and_github_escape_the_author() -> None:
    assert render_audit(AUDIT, "text").splitlines() == [
        (
            "incidents/INC-2026-0001\\n::error file=x::forged:1:2: incident.folder-name folder"
            " name must be an incident id (commit 0123456789 by Mal\\nlory\\x07 ::error::x)"
        ),
        "failed: 2 commits replayed, 1 error, 0 warnings",
    ]
    assert render_audit(AUDIT, "github").splitlines()[0] == (
        "::error file=incidents/INC-2026-0001\\n%3A%3Aerror file=x%3A%3Aforged,line=1,col=2,"
        "title=incident.folder-name::folder name must be an incident id"
        " (commit 0123456789 by Mal\\nlory\\x07 ::error::x)"
    )
    out = render_audit(AUDIT, "json")
    assert out.isascii()
    assert json.loads(out)["problems"][0]["author"] == "Mal\nlory\x07 ::error::x"


def test_trail_escapes_every_value_from_the_history() -> None:
    row = TrailRow(
        "0123456789abcdef", "Eve\n##[add-mask]x", "2026-03-01T10:00:00+00:00",
        "open\x1b[2J", "a\u202eb", [("s\r", "t\n")], ["'s\x07' is declared late"],
    )  # fmt: skip
    assert render_trail("INC-2026-0001", [row], "text") == (
        "INC-2026-0001: 1 commit\n"
        "0123456789  2026-03-01T10:00:00+00:00  Eve\\n##\\x5badd-mask]x  open\\x1b[2J -> a\\u202eb\n"
        "    declared: s\\r at t\\n\n"
        "    ! 's\\x07' is declared late\n"
    )
    assert json.loads(render_trail("INC-2026-0001", [row], "json"))["commits"][0]["author"] == (
        "Eve\n##[add-mask]x"
    )


def test_a_line_never_starts_with_a_workflow_command() -> None:
    assert finding_line(finding("::stop-commands::tok")) == (
        "\\x3a:stop-commands::tok:1:2: incident.folder-name folder name must be an incident id"
    )
    assert finding_line(finding("  ::x")).startswith("  \\x3a:x:")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Checkout errors for card payments", "Checkout errors for card payments"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[click](https://evil.example)", "\\[click\\](https://evil.example)"),
        ("a | b", "a \\| b"),
        ("a \\| b", "a \\\\\\| b"),  # a backslash cannot un-escape the pipe
        ("`code`", "\\`code\\`"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("> quote", "&gt; quote"),
        ("row\n| x | y |", "row\\\\n\\| x \\| y \\|"),
        ("&#60;script&#62; &amp;", "&amp;#60;script&amp;#62; &amp;amp;"),
        ("~~x~~ *y* _z_ snake_case", "\\~\\~x\\~\\~ \\*y\\* \\_z\\_ snake_case"),
        ("1. one", "1\\. one"),
        ("+ plus", "\\+ plus"),
        ("![i](u) $x$ :tada:", "\\!\\[i\\](u) \\$x\\$ \\:tada:"),
        ("    code", "&#32;&#32;&#32;&#32;code"),
    ],
)
def test_markdown_text_cannot_add_html_links_code_or_rows(raw: str, shown: str) -> None:
    assert markdown_text(raw) == shown


MARKDOWN_HOSTILE = [
    "&#60;script&#62; &amp; &copy; &#x3C;",
    "~~x~~ ~y~ *a* **b** _c_ __d__ snake_case in_progress",
    "# h", "## h", "1. one", "2) two", "+ p", "- m", "* s", "> q", "---", "***", "===",
    "\\ \\* a\\b", "![i](https://e.x/i.png)", "[l](u)", "<b>b</b>", "`c`", "$x$ :tada:",
    "    four spaces", "a | b",
]  # fmt: skip


@pytest.mark.parametrize("raw", MARKDOWN_HOSTILE)
@pytest.mark.parametrize("where", ["- {}\n", "| h |\n|---|\n| {} |\n", "{}\n"])
def test_markdown_text_renders_as_written(raw: str, where: str) -> None:
    """Rendered as GitHub does (a list item, a table cell, a paragraph): the text, as written.

    The only markup allowed is a link around a bare URL (GitHub links those in any text).
    """
    from html import unescape

    from markdown_it import MarkdownIt

    html = MarkdownIt("gfm-like").enable("strikethrough").render(where.format(markdown_text(raw)))
    tags = set(re.findall(r"<(\w+)", html)) - {"ul", "li", "p", "table", "thead", "tbody", "tr"}
    assert tags <= {"th", "td", "a"}
    text = unescape(re.sub(r"<[^>]+>", "", html)).replace("\n", "")
    assert text.removeprefix("h").strip() == raw.strip()


def test_markdown_code_cannot_end_the_span_or_the_cell() -> None:
    assert markdown_code("INC-1`|<b>\n") == "INC-1\\x60\\x7c<b>\\n"
    assert markdown_code("INC-2026-0001") == "INC-2026-0001"


@given(st.lists(st.tuples(st.text(), st.text()), max_size=5))
def test_every_reporter_prints_one_line_per_finding(pairs: list[tuple[str, str]]) -> None:
    result = CheckResult([Finding(p, 1, 1, "r", m) for p, m in pairs], 1)
    for name in ("text", "github"):
        lines = REPORTERS[name](result, False).splitlines()
        assert len(lines) == len(pairs) + 1
        assert not any("##[" in line for line in lines)
    for line in REPORTERS["github"](result, False).splitlines()[:-1]:
        assert line.startswith("::error file=")
    assert REPORTERS["json"](result, False).isascii()
