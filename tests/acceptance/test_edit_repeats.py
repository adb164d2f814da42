"""Repeated or empty input to the editing commands: said as it is, never written twice.

A second 'action done' says the item already is done (and writes nothing); '--approver' given
twice adds the approver once; an empty '--at' is a usage error, not "now".
"""

from __future__ import annotations

import pytest

from conftest import CliRunner, GitRepo


@pytest.fixture
def repo(archive_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    monkeypatch.setenv("INCIDENTCTL_USER", "marta.silva")
    return archive_repo


def test_a_second_action_done_says_it_already_is(cli: CliRunner, repo: GitRepo) -> None:
    add = cli("action", "add", "INC-2026-0010", "--title", "Alert on rack errors", "--type",
              "detect", "--priority", "P2", "--repo", repo.path)  # fmt: skip
    assert add.code == 0, add.err
    done = cli("action", "done", "INC-2026-0010", "AI-1", "--at", "2026-12-01T10:00:00Z",
               "--repo", repo.path)  # fmt: skip
    assert (done.code, done.out) == (
        0, "INC-2026-0010-AI-1: status done, completed_at 2026-12-01T10:00:00Z\n"
    )  # fmt: skip
    rec = repo.path / "incidents/INC-2026-0010/incident.yaml"
    before = rec.read_bytes()
    again = cli("action", "done", "INC-2026-0010", "AI-1", "--repo", repo.path)
    assert (again.code, again.out, again.err) == (
        0, "INC-2026-0010-AI-1: already status done; nothing changed\n", ""
    )  # fmt: skip
    assert rec.read_bytes() == before


def test_an_approver_given_twice_is_added_once(cli: CliRunner, repo: GitRepo) -> None:
    assert cli("postmortem", "status", "INC-2026-0019", "in_review", "--repo", repo.path).code == 0
    run = cli("postmortem", "status", "INC-2026-0019", "approved", "--approver", "marta.silva",
              "--approver", "marta.silva", "--repo", repo.path)  # fmt: skip
    assert (run.code, run.err) == (0, "")
    text = (repo.path / "incidents/INC-2026-0019/postmortem.md").read_text()
    assert text.count("marta.silva") == 1
    assert "approvers:\n  - marta.silva\n---\n" in text


@pytest.mark.parametrize(
    "command",
    [
        ("note", "INC-2026-0013", "empty at"),
        ("transition", "INC-2026-0013", "--to", "investigating"),
        ("severity", "INC-2026-0013", "SEV2", "--reason", "worse"),
    ],
)
def test_an_empty_at_is_a_usage_error(
    cli: CliRunner, repo: GitRepo, command: tuple[str, ...]
) -> None:
    rec = repo.path / "incidents/INC-2026-0013/incident.yaml"
    before = rec.read_bytes()
    run = cli(*command, "--at", "", "--repo", repo.path)
    assert (run.code, run.out, run.err) == (2, "", (
        "incidentctl: error: --at is empty: give a time such as 2026-03-04T10:15:00Z, or leave"
        " --at out for now\n"
    ))  # fmt: skip
    assert rec.read_bytes() == before
