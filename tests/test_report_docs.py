"""docs/responders/reports.md shows real output: each marked block is what the command prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import REPO, CliRunner

PAGE = REPO / "docs/responders/reports.md"
BLOCK = re.compile(r"<!-- report: (?P<args>.+?) -->\n```\w+\n(?P<body>.*?)\n```", re.DOTALL)


def test_every_report_block_is_what_the_command_prints(
    cli: CliRunner, archive: Path, update_testdata: bool
) -> None:
    page = PAGE.read_text()
    blocks = list(BLOCK.finditer(page))
    assert len(blocks) == 4
    for block in reversed(blocks):  # from the end, so that earlier offsets stay valid
        args = shlex.split(block["args"])
        command, _, shown = block["body"].partition("\n")
        assert command == f"$ incidentctl report {block['args']} --as-of 2026-12-02"
        run = cli("report", *args, "--as-of", "2026-12-02", "--repo", archive, "--no-cache")
        assert (run.code, run.err) == (0, "")
        if update_testdata:
            body = f"{command}\n{run.out.rstrip()}"
            page = page[: block.start("body")] + body + page[block.end("body") :]
        else:
            assert run.out.rstrip("\n") == shown, f"docs/responders/reports.md: {block['args']}"
    if update_testdata:
        PAGE.write_text(page)


def test_the_page_is_in_the_nav() -> None:
    assert "responders/reports.md" in (REPO / "mkdocs.yml").read_text()
