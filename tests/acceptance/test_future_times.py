"""A timestamp ahead of now is refused, and a warm run judges it against its own now (#12)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from test_git_commands import BASE, REC

from conftest import CliRunner, GitRepo

SKEW0 = "[tool.incidentctl]\nclock_skew_minutes = 0\n"


def entry(at: dt.datetime) -> str:
    stamp = at.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return f"  - at: {stamp}\n    type: observation\n    text: Noted.\n"


def test_a_warm_run_sees_a_future_time_become_the_past(cli: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "archive"
    (repo / "incidents/INC-2026-0001").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(SKEW0)
    soon = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=4)
    (repo / REC).write_text(BASE + entry(soon))
    first = cli("validate", "--repo", repo)
    assert first.code == 1
    assert f"{REC}:19:9: time.future is later than now" in first.out
    again = cli("validate", "--repo", repo)  # a cache hit, still in the future
    assert (again.code, again.out) == (first.code, first.out)
    time.sleep(max(0.0, (soon - dt.datetime.now(dt.UTC)).total_seconds()) + 1.1)
    warm = cli("validate", "--repo", repo)  # the folder is a cache hit: its time is pending
    cold = cli("validate", "--repo", repo, "--no-cache")
    assert (
        (warm.code, warm.out) == (cold.code, cold.out) == (0, "ok: 1 file checked, no problems\n")
    )


def test_check_judges_times_against_the_commit(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE, "pyproject.toml": SKEW0}, date="2026-03-01T10:06:00+00:00")
    git_repo.git("checkout", "-q", "-b", "note")
    later = dt.datetime(2026, 3, 1, 10, 30, tzinfo=dt.UTC)
    git_repo.commit("note", {REC: BASE + entry(later)}, date="2026-03-01T10:20:00+00:00")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert run.code == 1
    assert "time.future is later than the commit that records it or than now" in run.out
    assert cli("audit", "--repo", git_repo.path).code == 1


def test_a_commit_dated_ahead_does_not_move_the_clock(cli: CliRunner, git_repo: GitRepo) -> None:
    """A commit's date is its author's word: check and audit never judge past the clock."""
    git_repo.commit("open", {REC: BASE, "pyproject.toml": SKEW0}, date="2026-03-01T10:06:00+00:00")
    git_repo.git("checkout", "-q", "-b", "note")
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=365)
    claimed = (ahead + dt.timedelta(days=1)).isoformat()
    git_repo.commit("note", {REC: BASE + entry(ahead)}, date=claimed)
    want = f"{REC}:19:9: time.future is later than the commit that records it or than now"
    run = cli("check", "--base", "main", "--repo", git_repo.path, "--format", "text")
    assert run.code == 1
    assert want in run.out
    audit = cli("audit", "--repo", git_repo.path, "--no-cache", "--format", "text")
    assert audit.code == 1
    assert want in audit.out


def test_transition_refuses_a_move_dated_ahead(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE})
    before = (git_repo.path / REC).read_bytes()
    run = cli(
        "transition", "INC-2026-0001", "--to", "mitigated", "--at", "2999-01-01T00:00:00Z",
        "--repo", git_repo.path,
    )  # fmt: skip
    assert run.code == 1
    assert "time.future is later than now" in run.err
    assert (git_repo.path / REC).read_bytes() == before
