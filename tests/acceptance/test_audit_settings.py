"""The audit judges each commit by the ``[tool.incidentctl]`` in force, read from git.

Never the working tree's: an uncommitted edit must not change what the history is judged
by, and a later commit that turns a rule off must not hide what was committed before it.
As in ``check``, a commit is judged by the settings before it and by its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CliRunner, GitRepo

REC = "incidents/INC-2026-0013/incident.yaml"
SECRET = """  - at: 2026-11-26T06:30:00Z
    type: observation
    by: ahmed.nasser
    text: db at postgres://admin:Sup3rS3cretPw@db.internal.example.com/prod
tags: [login, mobile]"""
OFF = 'display_timezone = "UTC"\nscan_secrets = false'


@pytest.fixture
def repo(archive_repo: GitRepo) -> GitRepo:
    return archive_repo


def leak(repo: GitRepo) -> dict[str, str | bytes | None]:
    return {REC: (repo.path / REC).read_text().replace("tags: [login, mobile]", SECRET)}


def scan_off(repo: GitRepo) -> dict[str, str | bytes | None]:
    text = (repo.path / "pyproject.toml").read_text()
    assert 'display_timezone = "UTC"' in text
    return {"pyproject.toml": text.replace('display_timezone = "UTC"', OFF)}


def secrets(cli: CliRunner, repo: GitRepo) -> list[str]:
    run = cli("audit", "--repo", repo.path, "--no-cache", "--format", "text")
    return [line.split(" (commit")[0] for line in run.out.splitlines() if " secret." in line]


WANT = [f"{REC}:30:34: secret.connection-string looks like a URL with a password in it;"]


def test_an_uncommitted_setting_changes_nothing(cli: CliRunner, repo: GitRepo) -> None:
    repo.commit("a direct push with a secret", leak(repo))
    before = secrets(cli, repo)
    assert [s.split(" remove")[0] for s in before] == WANT
    repo.write(scan_off(repo))  # in the working tree only
    assert secrets(cli, repo) == before


def test_a_later_commit_turning_the_scan_off_hides_nothing_before_it(
    cli: CliRunner, repo: GitRepo
) -> None:
    repo.commit("a direct push with a secret", leak(repo))
    repo.commit("scan_secrets = false", scan_off(repo))
    assert [s.split(" remove")[0] for s in secrets(cli, repo)] == WANT


def test_a_commit_turning_the_scan_off_is_judged_by_the_settings_before_it(
    cli: CliRunner, repo: GitRepo
) -> None:
    repo.commit("both at once", {**leak(repo), **scan_off(repo)})
    assert [s.split(" remove")[0] for s in secrets(cli, repo)] == WANT


def test_once_the_scan_is_off_later_commits_are_not_scanned(cli: CliRunner, repo: GitRepo) -> None:
    """As the gate would have judged them: the base branch no longer scans (policy.changed)."""
    repo.commit("scan_secrets = false", scan_off(repo))
    repo.commit("a secret later", leak(repo))
    assert secrets(cli, repo) == []


def test_commits_made_without_a_pyproject_were_judged_by_the_defaults(
    cli: CliRunner, archive: Path
) -> None:
    """A history that began without pyproject.toml: the scan was on (its default) then."""
    table = (archive / "pyproject.toml").read_text()
    (archive / "pyproject.toml").unlink()
    repo = GitRepo(archive)
    repo.commit("the archive, no settings")
    repo.commit("a direct push with a secret", leak(repo))
    repo.commit(
        "settings, the scan off", {"pyproject.toml": table.replace('display_timezone = "UTC"', OFF)}
    )
    assert [s.split(" remove")[0] for s in secrets(cli, repo)] == WANT


def test_a_linked_pyproject_at_the_head_is_a_clear_error(cli: CliRunner, repo: GitRepo) -> None:
    (repo.path / "settings.toml").write_text((repo.path / "pyproject.toml").read_text())
    (repo.path / "pyproject.toml").unlink()
    (repo.path / "pyproject.toml").symlink_to("settings.toml")
    repo.commit("a linked pyproject.toml")
    (repo.path / "pyproject.toml").unlink()  # the working tree holds a file; HEAD, a link
    (repo.path / "pyproject.toml").write_text((repo.path / "settings.toml").read_text())
    run = cli("audit", "--repo", repo.path, "--no-cache")
    assert run.code == 2
    assert "pyproject.toml at HEAD: cannot be used (a symbolic link)" in run.err
