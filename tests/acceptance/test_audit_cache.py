"""A repeated audit replays only the commits since the last one, and says the same (#17).

The cache lives beside the validate cache (``~/.cache/incidentctl/audit-<root hash>/``); a
damaged cache file is a miss, ``--no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_audit_baseline import RAISED, baseline
from test_git_commands import BASE, REC, mitigated

from conftest import GitRepo, run_subprocess
from incidentctl.config import load_settings
from incidentctl.runs.audit import run_audit
from incidentctl.runs.audit_cache import audit_cache_file


def audit(repo: GitRepo, *args: str) -> tuple[int, str]:
    run = run_subprocess("audit", "--repo", str(repo.path), *args, cwd=repo.path)
    assert run.err == ""
    return run.code, run.out


def cache_file(repo: GitRepo) -> Path:
    return audit_cache_file(repo.path.resolve())


def test_a_repeated_audit_answers_as_a_cold_one(git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE})
    assert audit(git_repo) == (0, "ok: 1 commit replayed, 0 errors, 0 warnings\n")
    assert cache_file(git_repo).is_file()
    bad = git_repo.commit("silently raise severity", {REC: RAISED})
    warm = audit(git_repo)
    assert warm == audit(git_repo, "--no-cache")
    assert warm[0] == 1
    assert f"{REC}:6:11: history.severity-unrecorded " in warm[1]
    assert f"(commit {bad[:10]} by Test Author)" in warm[1]
    # a new baseline acknowledges a finding of a cached commit: no replay of it is needed
    git_repo.commit("acknowledge", {"schemas/audit-baseline.yaml": baseline(bad)})
    warm = audit(git_repo)
    assert warm == audit(git_repo, "--no-cache")
    assert warm[0] == 0
    assert (
        warm[1].splitlines()[-1] == "ok: 3 commits replayed, 0 errors, 0 warnings, 1 acknowledged"
    )


def test_a_force_push_is_replayed_from_where_it_differs(git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE})
    git_repo.commit("mitigate", {REC: mitigated()})
    assert audit(git_repo)[0] == 0
    git_repo.git("reset", "-q", "--hard", "HEAD~1")
    git_repo.commit("raise", {REC: RAISED})
    warm = audit(git_repo)
    assert warm == audit(git_repo, "--no-cache")
    assert warm[0] == 1
    assert warm[1].splitlines()[-1] == "failed: 2 commits replayed, 1 error, 0 warnings"


def test_after_a_force_push_the_progress_counts_only_the_steps_replayed(
    git_repo: GitRepo,
) -> None:
    """The progress bar's total: the commits the cache still knows are not replayed."""
    git_repo.commit("open", {REC: BASE})
    git_repo.commit("mitigate", {REC: mitigated()})
    settings = load_settings(git_repo.path)
    totals: list[int] = []
    cold = run_audit(git_repo.path, settings, jobs=1, progress=lambda n: totals.append(n))
    git_repo.git("reset", "-q", "--hard", "HEAD~1")
    git_repo.commit("raise", {REC: RAISED})
    warm = run_audit(git_repo.path, settings, jobs=1, progress=lambda n: totals.append(n))
    assert (cold.commits, warm.commits) == (2, 2)
    assert totals == [2, 1]  # "open" is known from the cache; only "raise" is replayed


def test_a_damaged_cache_is_a_miss(git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE})
    git_repo.commit("raise", {REC: RAISED})
    cold = audit(git_repo, "--no-cache")
    assert not cache_file(git_repo).exists()  # --no-cache writes nothing
    assert audit(git_repo) == cold
    text = cache_file(git_repo).read_text()
    doc = json.loads(text)
    doc["commits"][0][4] = [["x", "not a line", 1, "r", "m", "error"]]
    for damaged in (text[: len(text) // 2], "[" * 100_000, json.dumps(doc), "{}"):
        cache_file(git_repo).write_text(damaged)
        assert audit(git_repo) == cold


def test_an_unwritable_cache_is_only_slower(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.commit("open", {REC: BASE})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    run = run_subprocess(
        "audit", "--repo", str(git_repo.path), env={"XDG_CACHE_HOME": str(blocker)}
    )
    assert (run.code, run.out, run.err) == (0, "ok: 1 commit replayed, 0 errors, 0 warnings\n", "")
