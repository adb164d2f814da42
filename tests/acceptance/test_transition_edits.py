"""transition changes only what it says, and the pull-request gate accepts its output.

Each record of the corpus (tests/writer_corpus.py) is committed on main in a copy of the
example archive; ``transition`` runs on a branch; the file's diff must be exactly the status
line and the new entry, ``validate`` must pass, and so must ``check --base main`` over the
commit (no history.timeline-rewritten: no existing entry changed by a byte).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from conftest import CliRunner, GitRepo, run_subprocess
from writer_corpus import AT, BASE, CASES, Case

REL = "incidents/INC-2026-0013/incident.yaml"
VALID = [c for c in CASES if c.valid_before]


def changes(old: str, new: str) -> list[str]:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def on_a_branch(archive: Path, text: str) -> GitRepo:
    """The archive with INC-2026-0013 written as ``text``, committed on main, on a new branch."""
    (archive / REL).write_bytes(text.encode("utf-8"))
    repo = GitRepo(archive)
    repo.commit("the example archive")
    repo.git("checkout", "-q", "-b", "transition")
    return repo


def investigate(cli: CliRunner, repo: GitRepo) -> tuple[int, str]:
    run = cli("transition", "INC-2026-0013", "--to", "investigating",
              "--at", AT, "--by", "ahmed.nasser", "--repo", repo.path)  # fmt: skip
    return run.code, run.err


@pytest.mark.parametrize("case", VALID, ids=lambda c: c.name)
def test_the_diff_is_the_entry_and_status_and_the_gate_passes(
    cli: CliRunner, archive: Path, case: Case
) -> None:
    repo = on_a_branch(archive, case.text)
    assert cli("validate", "--repo", repo.path).code == 0  # the record was valid before
    assert investigate(cli, repo) == (0, "")
    new = (repo.path / REL).read_bytes().decode("utf-8")
    assert changes(case.text, new) == case.diff
    assert cli("validate", "--repo", repo.path).code == 0
    repo.commit("investigating")
    run = cli("check", "--base", "main", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")


def test_crlf_bom_and_no_final_newline_through_the_real_cli(archive: Path) -> None:
    text = "\ufeff" + BASE.replace("\n", "\r\n").rstrip("\r\n")
    repo = on_a_branch(archive, text)
    run = run_subprocess("transition", "INC-2026-0013", "--to", "investigating",
                         "--at", AT, "--by", "ahmed.nasser", "--repo", repo.path)  # fmt: skip
    assert (run.code, run.err) == (0, "")
    raw = (repo.path / REL).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# yaml-language-server")
    assert raw.endswith(b"    by: ahmed.nasser\r\ntags: [login, mobile]")
    assert raw.count(b"\r\n") == raw.count(b"\n")
    repo.commit("investigating")
    assert run_subprocess("check", "--base", "main", "--repo", repo.path).code == 0


def test_a_record_that_cannot_be_edited_in_place_is_refused_and_left_alone(
    cli: CliRunner, archive: Path
) -> None:
    """A quoted status broken over two lines: valid, but no in-place edit keeps the rest intact."""
    text = BASE.replace("status: detected\nseverity", 'status: "detec\\\n  ted"\nseverity')
    repo = on_a_branch(archive, text)
    assert cli("validate", "--repo", repo.path).code == 0
    code, err = investigate(cli, repo)
    assert (code, err.splitlines()[-1]) == (1, f"incidentctl: nothing written; {REL} is unchanged")
    assert "transition.refused the entry could not be added without changing other lines" in err
    assert (repo.path / REL).read_bytes() == text.encode("utf-8")
    assert repo.git("status", "--porcelain") == ""


def test_a_block_scalar_status_is_moved_where_it_stands(cli: CliRunner, archive: Path) -> None:
    """``status: >-`` on two lines: the header stays, its content line is the new state."""
    text = BASE.replace("status: detected\nseverity", "status: >-\n  detected\nseverity")
    repo = on_a_branch(archive, text)
    code, err = investigate(cli, repo)
    assert (code, err) == (0, "")
    assert "\nstatus: >-\n  investigating\nseverity" in (repo.path / REL).read_text()
    repo.commit("investigating")
    assert cli("check", "--base", "main", "--repo", repo.path).code == 0
