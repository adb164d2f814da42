"""No output can be forged (issue #12): hostile names, authors and subjects, made for real.

A folder name with a newline and ``::error``, a file name with ESC, an undecodable byte, a
commit author with BEL, CR and ESC, a commit subject with ``::`` and ``##[``: every format of
validate, check (and its job summary), audit, the trail and transition shows them escaped,
one finding per line. Unit tests of the same functions: tests/unit/test_escape.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt  # installed with rich (import-linter); GitHub-like tables

from conftest import REPO, CliRunner, GitRepo, run_subprocess

BASE = (
    REPO / "tests/data/valid/minimal-investigating/repo/incidents/INC-2026-0001/incident.yaml"
).read_text()
REC = "incidents/INC-2026-0001/incident.yaml"
FORGED_DIR = "incidents/INC-2026-0001\n::error file=x::forged"
FORGED = "incidents/INC-2026-0001\\n::error file=x::forged"  # as it must be shown
ESC_FILE = "incidents/INC-2026-0001/e\x1b[31mvil.yaml"
ESC = "incidents/INC-2026-0001/e\\x1b[31mvil.yaml"
FOLDER_NAME = "folder name must be an incident id such as INC-2026-0007"
UNEXPECTED = "expected incident.yaml, postmortem.md or assets/"
# git drops LF from a name (ident.c strips '\n', '<' and '>'); BEL, CR and ESC stay.
AUTHOR = "Mal\nlory\x07\r::error::forged\x1b[31m"
AUTHOR_SHOWN = "Mallory\\x07\\r::error::forged\\x1b[31m"
SUBJECT = "raise it ::warning::subject ##[add-mask]Failed\x1b[2J"
DATE = "2026-03-01T12:00:00+00:00"


def hostile_tree(repo: GitRepo) -> None:
    repo.write({REC: BASE, f"{FORGED_DIR}/incident.yaml": BASE, ESC_FILE: "x: 1\n"})


def no_raw_controls(out: str) -> None:
    for char in ("\x1b", "\x07", "\r", "\x00", "\x7f"):
        assert char not in out


def one_line_per_finding(out: str, findings: int) -> None:
    assert len(out.splitlines()) == findings + 1, out  # + the summary line
    no_raw_controls(out)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "text",
            [
                f"{FORGED}:0:0: incident.folder-name {FOLDER_NAME}",
                f"{ESC}:0:0: discovery.unexpected-file {UNEXPECTED}",
                "failed: 1 file checked, 1 error, 1 warning",
            ],
        ),
        (
            "github",
            [
                (
                    "::error file=incidents/INC-2026-0001\\n%3A%3Aerror file=x%3A%3Aforged,"
                    f"title=incident.folder-name::{FOLDER_NAME}"
                ),
                f"::warning file={ESC},title=discovery.unexpected-file::{UNEXPECTED}",
                "failed: 1 file checked, 1 error, 1 warning",
            ],
        ),
    ],
)
def test_validate_escapes_names_from_the_filesystem(
    cli: CliRunner, git_repo: GitRepo, fmt: str, expected: list[str]
) -> None:
    hostile_tree(git_repo)
    run = cli("validate", "--repo", git_repo.path, "--format", fmt)
    assert (run.code, run.out.splitlines(), run.err) == (1, expected, "")
    one_line_per_finding(run.out, 2)


def test_validate_json_keeps_the_exact_names_in_ascii(cli: CliRunner, git_repo: GitRepo) -> None:
    hostile_tree(git_repo)
    run = cli("validate", "--repo", git_repo.path, "--format", "json")
    assert run.out.isascii()
    assert '"path": "incidents/INC-2026-0001\\n::error file=x::forged"' in run.out
    assert '"path": "incidents/INC-2026-0001/e\\u001b[31mvil.yaml"' in run.out
    doc = json.loads(run.out)
    assert [p["path"] for p in doc["problems"]] == [FORGED_DIR, ESC_FILE]


def test_an_undecodable_folder_name_reaches_every_format_escaped(git_repo: GitRepo) -> None:
    """The real CLI: os.fsdecode makes byte 0xff a lone surrogate; stdout never sees it raw."""
    git_repo.write({REC: BASE})
    os.mkdir(os.fsencode(git_repo.path / "incidents") + b"/INC-\xff")  # noqa: PTH102 (bytes)
    runs = {
        fmt: run_subprocess("validate", "--repo", git_repo.path, "--format", fmt)
        for fmt in ("text", "github", "json")
    }
    assert (
        runs["text"].out.splitlines()[0]
        == f"incidents/INC-\\udcff:0:0: incident.folder-name {FOLDER_NAME}"
    )
    assert runs["github"].out.splitlines()[0] == (
        f"::error file=incidents/INC-\\udcff,title=incident.folder-name::{FOLDER_NAME}"
    )
    assert '"path": "incidents/INC-\\udcff"' in runs["json"].out
    assert os.fsencode(json.loads(runs["json"].out)["problems"][0]["path"]) == b"incidents/INC-\xff"
    for run in runs.values():
        assert (run.code, run.err) == (1, "")
        assert run.out.isascii()


PUBLIC_TITLE = "<img src=x onerror=alert(1)> | [a](https://e.x) `c` # h"


def hostile_branch(repo: GitRepo) -> None:
    """main holds a clean record; the branch adds the hostile folder and a hostile title."""
    public = BASE.replace("\ntype:", "\nvisibility: public\ntype:")
    repo.commit("open", {REC: public})
    repo.git("checkout", "-q", "-b", "feature")
    record = public.replace("Checkout errors for card payments", f"'{PUBLIC_TITLE}'")
    repo.commit("hostile", {REC: record, f"{FORGED_DIR}/incident.yaml": BASE, ESC_FILE: "x: 1\n"})


def test_check_text_github_and_json_escape_names_from_git(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    hostile_branch(git_repo)
    base = ("check", "--base", "main", "--repo", git_repo.path, "--format")
    text = cli(*base, "text")
    assert (text.code, text.err) == (1, "")
    assert text.out.splitlines() == [
        f"{FORGED}:0:0: incident.folder-name {FOLDER_NAME}",  # as validate: never loaded
        "failed: 1 file checked, 1 error, 0 warnings",
    ]
    github = cli(*base, "github")
    assert github.out.splitlines()[0] == (
        f"::error file={FORGED.replace(':', '%3A')},title=incident.folder-name::{FOLDER_NAME}"
    )
    doc = json.loads(cli(*base, "json").out)
    assert doc["problems"][0]["path"] == FORGED_DIR


def test_check_summary_cannot_inject_html_links_or_rows(
    cli: CliRunner, git_repo: GitRepo, tmp_path: Path
) -> None:
    hostile_branch(git_repo)
    summary = tmp_path / "summary.md"
    cli("check", "--base", "main", "--repo", git_repo.path, "--summary", summary)
    markdown = summary.read_text()
    # the forged folder is no record (incident.folder-name), so no row: the titled one is
    assert markdown.splitlines()[-1:] == [
        (
            "| `INC-2026-0001` &lt;img src=x onerror=alert(1)&gt; \\| \\[a\\](https://e.x)"
            " \\`c\\` # h | investigating | SEV2 | `title` |"
        ),
    ]
    html = MarkdownIt("gfm-like").render(markdown)  # commonmark + tables + linkify
    assert "<img" not in html
    assert html.count("<tr>") == 2  # the header and the incident's row
    assert html.count("<td>") == 4
    assert '<a href="https://e.x">https://e.x</a>' in html  # a bare URL stays a plain URL


def audit_repo(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> str:
    repo.commit("open", {REC: BASE}, date=DATE)
    monkeypatch.setenv("GIT_AUTHOR_NAME", AUTHOR)
    raised = BASE.replace("severity: SEV2", "severity: SEV1")
    repo.commit(SUBJECT, {REC: raised}, date=DATE)
    name = subprocess.run(["git", "log", "-1", "--format=%an"], cwd=repo.path,
                          capture_output=True, check=True).stdout  # fmt: skip
    assert name == b"Mallory\x07\r::error::forged\x1b[31m\n"  # git dropped the LF only
    return repo.git("rev-parse", "HEAD").strip()


SEVERITY = (
    "history.severity-unrecorded severity changed; record it as a severity_change entry in the"
    " timeline"
)


def test_audit_escapes_the_author_in_every_format(
    cli: CliRunner, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha = audit_repo(git_repo, monkeypatch)
    who = f"commit {sha[:10]} by {AUTHOR_SHOWN}"
    text = cli("audit", "--repo", git_repo.path)
    assert (text.code, text.err) == (1, "")
    assert text.out.splitlines() == [
        f"{REC}:6:11: {SEVERITY} ({who})",
        "failed: 2 commits replayed, 1 error, 0 warnings",
    ]
    github = cli("audit", "--repo", git_repo.path, "--format", "github")
    rule, message = SEVERITY.split(" ", 1)
    assert github.out.splitlines() == [
        f"::error file={REC},line=6,col=11,title={rule}::{message} ({who})",
        "failed: 2 commits replayed, 1 error, 0 warnings",
    ]
    out = cli("audit", "--repo", git_repo.path, "--format", "json").out
    assert out.isascii()
    assert '"author": "Mallory\\u0007\\r::error::forged\\u001b[31m"' in out
    for run in (text, github):
        no_raw_controls(run.out)
        assert "subject" not in run.out  # the commit subject is never shown


def test_audit_trail_escapes_the_author(
    cli: CliRunner, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha = audit_repo(git_repo, monkeypatch)
    run = cli("audit", "INC-2026-0001", "--repo", git_repo.path)
    assert (run.code, run.err) == (0, "")
    assert (
        run.out.splitlines()[3] == f"{sha[:10]}  {DATE}  {AUTHOR_SHOWN}  investigating (unchanged)"
    )
    no_raw_controls(run.out)
    assert "subject" not in run.out
    doc = json.loads(cli("audit", "INC-2026-0001", "--repo", git_repo.path, "--format", "json").out)
    assert doc["commits"][1]["author"] == "Mallory\x07\r::error::forged\x1b[31m"


def test_transition_echo_lines_escape_what_they_repeat(git_repo: GitRepo) -> None:
    """A ``--to`` from a chat bot or a workflow input is repeated in the refusal: escaped."""
    git_repo.commit("open", {REC: BASE})
    run = run_subprocess(
        "transition", "INC-2026-0001", "--to", "x\n::error::forged\x1b[31m", "--repo", git_repo.path
    )
    refusal, nothing = run.err.splitlines()  # exactly two lines
    assert re.fullmatch(rf"{REC}:[0-9]+:[0-9]+", refusal.split(" ", 1)[0][:-1])
    assert refusal.split(" ", 1)[1] == (
        "transition.refused 'x\\n::error::forged\\x1b[31m' is not a state of 'outage' (triage,"
        " detected, investigating, mitigated, resolved, postmortem, closed, declined, duplicate,"
        " cancelled)"
    )
    assert (run.code, nothing) == (1, f"incidentctl: nothing written; {REC} is unchanged")
    assert subprocess.run(["git", "status", "--porcelain"], cwd=git_repo.path,
                          capture_output=True, text=True, check=True).stdout == ""  # fmt: skip
