"""Untrusted text in every Markdown output renders as exactly what it says.

The check job summary and ``report --format markdown`` are rendered here as GitHub renders
them (markdown-it's GitHub-like preset, with strike-through), and each cell's visible text is
compared with the title a contributor wrote: no entity is decoded (``&#60;`` stays ``&#60;``),
no emphasis, strike-through, heading, quote, list, code, math or emoji appears.
Unit tests of the escaping function itself: tests/unit/test_escape.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import REPO, CliRunner, GitRepo

BASE = (
    REPO / "tests/data/valid/minimal-investigating/repo/incidents/INC-2026-0001/incident.yaml"
).read_text()
BASE = BASE.replace("\ntype:", "\nvisibility: public\ntype:")  # internal: no title shown
REC = "incidents/INC-2026-0001/incident.yaml"
TITLES = [
    "Slow &#60;script&#62; &amp; ~~logins~~ *in* _app_",
    "&lt;b&gt; &copy; &#x3C;img&#x3E; \\*not\\* a\\b",
    "# not a heading",
    "1. not a list",
    "> not a quote",
    "- not an item",
    "+ not an item",
    "~strike~ **bold** __bold__ snake_case in_progress",
    ":tada: costs $5 and $x$ at 02:10",
    "![image](https://e.x/i.png) <b>raw</b>",
    "    four spaces",
]


def render(markdown: str) -> str:
    html: str = MarkdownIt("gfm-like").enable("strikethrough").render(markdown)
    return html


class _Cells(HTMLParser):
    """The visible text of each table cell, and every tag name seen inside one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.tags: set[str] = set()
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "td":
            self._depth = 1
            self.cells.append("")
        elif self._depth:
            self.tags.add(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._depth = 0

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.cells[-1] += data


def cells(markdown: str) -> _Cells:
    parser = _Cells()
    parser.feed(render(markdown))
    return parser


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.parametrize("title", TITLES)
def test_check_summary_shows_a_hostile_title_literally(
    cli: CliRunner, git_repo: GitRepo, tmp_path: Path, title: str
) -> None:
    git_repo.commit("open", {REC: BASE})
    git_repo.git("checkout", "-q", "-b", "feature")
    record = BASE.replace("Checkout errors for card payments", _yaml(title))
    git_repo.commit("retitle", {REC: record})
    summary = tmp_path / "summary.md"
    run = cli("check", "--base", "main", "--repo", git_repo.path, "--summary", summary)
    assert run.code == 0, run.out
    seen = cells(summary.read_text())
    assert seen.cells[0] == f"INC-2026-0001 {title.strip()}"
    assert seen.tags <= {"code", "a"}  # the folder's code span; a bare URL stays a URL


@pytest.mark.parametrize("title", TITLES)
def test_report_markdown_shows_a_hostile_title_literally(
    cli: CliRunner, archive: Path, title: str
) -> None:
    path = archive / "incidents/INC-2026-0018/incident.yaml"
    old = "    title: Move the build cache to object storage with an expiry policy\n"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, f"    title: {_yaml(title)}\n"))
    run = cli("report", "actions", "--repo", archive, "--as-of", "2026-12-02", "--no-cache",
              "--format", "markdown")  # fmt: skip
    assert (run.code, run.err) == (0, "")
    seen = cells(run.out)
    at = seen.cells.index("INC-2026-0018-AI-2")
    assert seen.cells[at + 1] == title.strip()
    assert seen.tags <= {"a"}  # tracker URLs stay links; nothing else is markup
