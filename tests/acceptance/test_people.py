"""The acting responder is a roster handle: --by, INCIDENTCTL_USER, git's e-mail in the roster."""

from __future__ import annotations

import pytest
from responder import REC, team_repo

from conftest import GitRepo, run_subprocess


def _move(repo: GitRepo, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    run = run_subprocess(
        "transition", "INC-2026-0001", "--to", "mitigated", "--at", "2026-03-01T10:40:00Z",
        *extra, "--repo", repo.path, env=env,
    )  # fmt: skip
    return run.code, run.err


@pytest.mark.parametrize(
    ("email", "env", "by"),
    [
        ("Alice.Ng@corp.example", {}, "alice"),  # the roster's e-mail, any case
        ("bob@corp.example", {"INCIDENTCTL_USER": "carol"}, "carol"),
    ],
)
def test_the_actor_comes_from_the_roster(
    git_repo: GitRepo, email: str, env: dict[str, str], by: str
) -> None:
    team_repo(git_repo)
    git_repo.git("config", "user.email", email)
    assert _move(git_repo, env={"INCIDENTCTL_USER": "", **env}) == (0, "")
    assert (git_repo.path / REC).read_text().endswith(f"    status: mitigated\n    by: {by}\n")


def test_an_email_outside_the_roster_names_nobody(git_repo: GitRepo) -> None:
    team_repo(git_repo)
    git_repo.git("config", "user.email", "alice@elsewhere.example")  # local part "alice"
    assert _move(git_repo, env={"INCIDENTCTL_USER": ""}) == (0, "")
    assert (git_repo.path / REC).read_text().endswith("    status: mitigated\n")


@pytest.mark.parametrize(
    ("by", "err"),
    [
        ("alcie", "--by alcie: not in the roster (schemas/people.yaml); did you mean 'alice'?"),
        ("zed", "--by zed: not in the roster (schemas/people.yaml); known: alice, bob, carol"),
        ("alice.ng@corp.example",
         "--by alice.ng@corp.example: give a handle such as ahmed.nasser, not an e-mail"),
        ("Alice Ng", "--by Alice Ng: not a handle (lower-case letters, digits, '.', '_', '-')"),
    ],
)  # fmt: skip
def test_an_unknown_actor_is_refused_and_nothing_written(
    git_repo: GitRepo, by: str, err: str
) -> None:
    team_repo(git_repo)
    before = (git_repo.path / REC).read_bytes()
    assert _move(git_repo, "--by", by) == (2, f"incidentctl: error: {err}\n")
    assert (git_repo.path / REC).read_bytes() == before
