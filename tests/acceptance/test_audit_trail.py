"""``audit ID`` follows a merged branch: who moved the incident, when, survives a --no-ff merge."""

from __future__ import annotations

from test_git_commands import BASE, REC, mitigated

from conftest import CliRunner, GitRepo


def test_the_trail_keeps_the_branch_commits_after_a_merge(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    git_repo.commit("base", {"README.md": "archive\n"}, date="2026-03-01T09:00:00+00:00")
    git_repo.git("checkout", "-q", "-b", "inc-2026-0001")
    git_repo.commit("open", {REC: BASE}, date="2026-03-01T10:06:00+00:00")
    git_repo.commit("mitigate", {REC: mitigated()}, date="2026-03-01T10:41:00+00:00")
    git_repo.git("checkout", "-q", "main")
    git_repo.git("merge", "-q", "--no-ff", "-m", "Merge INC-2026-0001", "inc-2026-0001")
    run = cli("audit", "INC-2026-0001", "--repo", git_repo.path)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "INC-2026-0001: 2 commits"
    assert lines[1].endswith("Test Author  (new) -> investigating")
    assert lines[3].endswith("Test Author  investigating -> mitigated")
    assert "2026-03-01T10:41:00+00:00" in lines[3]
    # the gate itself stays first-parent: the merge is one change, and a legal one
    assert cli("audit", "--repo", git_repo.path).code == 0
