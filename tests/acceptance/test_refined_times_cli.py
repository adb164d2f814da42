"""A pull request that learns when something happened: ``check`` and ``audit`` as a user runs
them (a subprocess, a real repository), on both sides of the refinement rule (#13)."""

from __future__ import annotations

from conftest import REPO, GitRepo, run_subprocess

CASES = REPO / "tests/data"
REC = "incidents/INC-2026-0001/incident.yaml"


def _file(case: str, side: str) -> str:
    return (CASES / case / side / REC).read_text(encoding="utf-8")


def _pull_request(repo: GitRepo, base: str, head: str) -> None:
    repo.commit("base", {REC: base})
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("what we learned", {REC: head})


def test_a_day_refined_to_its_minute_passes_check_and_audit(git_repo: GitRepo) -> None:
    case = "history-valid/day-refined-to-the-minute-that-day"
    _pull_request(git_repo, _file(case, "base"), _file(case, "head"))
    run = run_subprocess("check", "--base", "main", "--format", "text", cwd=git_repo.path,
                         env={"NO_COLOR": "1"})  # fmt: skip
    assert (run.code, run.out, run.err) == (0, "ok: 1 file checked, no problems\n", "")
    git_repo.git("checkout", "-q", "main")
    git_repo.git("merge", "-q", "--no-ff", "-m", "merge", "feature")
    audit = run_subprocess("audit", "--format", "text", cwd=git_repo.path, env={"NO_COLOR": "1"})
    assert (audit.code, audit.err) == (0, "")


def test_a_day_moved_to_the_next_is_refused_where_the_time_is(git_repo: GitRepo) -> None:
    case = "history/history.timeline-rewritten/day-refined-outside-its-day"
    _pull_request(git_repo, _file(case, "base"), _file(case, "head"))
    run = run_subprocess("check", "--base", "main", "--format", "text", cwd=git_repo.path,
                         env={"NO_COLOR": "1"})  # fmt: skip
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines()[0] == (
        f"{REC}:19:9: history.timeline-rewritten timeline[2] of the base version (its line 19)"
        " changed its time: it moved outside what the base version said (2026-03-01T00:00:00"
        "+00:00 to the day); restore it, or add a new entry that says what is now known"
    )
    git_repo.git("checkout", "-q", "main")
    git_repo.git("merge", "-q", "--no-ff", "-m", "merge", "feature")
    audit = run_subprocess("audit", "--format", "text", cwd=git_repo.path, env={"NO_COLOR": "1"})
    assert audit.code == 1
    assert "history.timeline-rewritten timeline[2] of the base version" in audit.out
