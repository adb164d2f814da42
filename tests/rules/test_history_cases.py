"""History cases: ``tests/data/history/<rule-id>/<case>/{base,head}/`` (invalid) and
``tests/data/history-valid/<case>/{base,head}/``. Each becomes a real repository: ``base``
committed on main, ``head`` on a feature branch. ``check --base main`` must report exactly
``expected.txt``; after merging, ``audit`` must report the same findings at the merge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import GitRepo
from incidentctl.config import Settings
from incidentctl.rules import RULES
from incidentctl.runs.audit import run_audit
from incidentctl.runs.check import run_check

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = dt.date(2026, 11, 27)
INVALID = sorted(p for p in (DATA / "history").glob("*/*") if p.is_dir())
VALID = sorted(p for p in (DATA / "history-valid").iterdir() if p.is_dir())


def play(case: Path, repo: GitRepo) -> tuple[list[str], list[str]]:
    repo.replace_tree(case / "base")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.replace_tree(case / "head")
    repo.commit("the change under review")
    checked = run_check(repo.path, "main", "HEAD", today=TODAY)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "feature")
    audited = run_audit(repo.path, Settings(), since="main~1")
    return [str(f) for f in checked.result.findings], [str(r.finding) for r in audited.refusals]


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_change_passes_check_and_audit(case: Path, git_repo: GitRepo) -> None:
    assert play(case, git_repo) == ([], [])


@pytest.mark.parametrize("case", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_change_is_refused_by_check_and_audit(
    case: Path, git_repo: GitRepo, update_testdata: bool
) -> None:
    checked, audited = play(case, git_repo)
    expected = case / "expected.txt"
    if update_testdata:
        expected.write_text("".join(f"{line}\n" for line in checked), encoding="utf-8")
    assert checked == expected.read_text(encoding="utf-8").splitlines()
    assert any(f": {case.parent.name} " in line for line in checked)
    # audit replays the same change, in the same order; it does not repeat check's call for a
    # policy owner's review (the change is merged by then)
    assert audited == [line for line in checked if ": policy.changed " not in line]


def test_every_history_rule_has_a_case() -> None:
    covered = {p.parent.name for p in INVALID}
    assert sorted(r for r in RULES if r.startswith("history.") and r not in covered) == []
