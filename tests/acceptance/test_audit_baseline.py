"""A reviewed baseline clears a past audit finding without rewriting main (#11).

``schemas/audit-baseline.yaml`` lists (commit, rule, file, reason, approver); audit reports
those findings as acknowledged and fails only on new ones, like detect-secrets' baselines.
"""

from __future__ import annotations

from test_git_commands import BASE, REC

from conftest import CliRunner, GitRepo

RAISED = BASE.replace("severity: SEV2", "severity: SEV1")


def baseline(commit: str, rule: str = "history.severity-unrecorded") -> str:
    return (
        "schema_version: 1\nacknowledged:\n"
        f"  - commit: {commit}\n    rule: {rule}\n    path: {REC}\n"
        "    reason: Raised during the incident call; the entry was lost in a merge.\n"
        "    approved_by: alice\n    approved_at: 2026-03-02T09:00:00Z\n"
    )


def test_an_acknowledged_finding_no_longer_fails_audit(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE})
    bad = git_repo.commit("silently raise severity", {REC: RAISED})
    assert cli("audit", "--repo", git_repo.path).code == 1
    git_repo.commit("acknowledge", {"schemas/audit-baseline.yaml": baseline(bad)})
    assert cli("validate", "--repo", git_repo.path).code == 0
    run = cli("audit", "--repo", git_repo.path)
    assert run.code == 0, run.out
    lines = run.out.splitlines()
    assert lines[0].startswith(f"{REC}:6:11: history.severity-unrecorded ")
    assert lines[0].endswith(
        f"(commit {bad[:10]} by Test Author; acknowledged: Raised during the incident call; the"
        " entry was lost in a merge.)"
    )
    assert lines[-1] == "ok: 3 commits replayed, 0 errors, 0 warnings, 1 acknowledged"
    # a new finding still fails
    git_repo.commit("lower it quietly", {REC: BASE})
    assert cli("audit", "--repo", git_repo.path).code == 1


def test_an_entry_that_matches_nothing_is_reported(cli: CliRunner, git_repo: GitRepo) -> None:
    first = git_repo.commit("open", {REC: BASE})
    git_repo.commit("acknowledge", {"schemas/audit-baseline.yaml": baseline(first)})
    run = cli("audit", "--repo", git_repo.path)
    assert run.code == 0
    assert run.out.splitlines()[-1] == (
        "ok: 2 commits replayed, 0 errors, 0 warnings"
        " (1 acknowledgement in the baseline matched nothing)"
    )


def test_the_baseline_is_validated(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE, "schemas/audit-baseline.yaml": baseline("abc123")})
    run = cli("validate", "--repo", git_repo.path)
    assert run.code == 1
    assert "schemas/audit-baseline.yaml:3:13: schema.pattern 'acknowledged[0].commit'" in run.out
