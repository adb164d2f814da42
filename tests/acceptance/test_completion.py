"""Tab completion offers ids, the states legal from the current one, roles, severities,
services, handles and teams, read from the repository the shell is in."""

from __future__ import annotations

import pytest
from responder import team_repo

from conftest import GitRepo, run_subprocess


def complete(repo: GitRepo, line: str) -> list[str]:
    words = line.split(" ")
    env = {"_INCIDENTCTL_COMPLETE": "bash_complete", "COMP_WORDS": line,
           "COMP_CWORD": str(len(words) - 1)}  # fmt: skip
    run = run_subprocess(cwd=repo.path, env=env)
    assert run.code == 0, run.err
    return [row.split(",", 1)[1] for row in run.out.splitlines() if row.startswith("plain,")]


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("incidentctl show INC-", ["INC-2026-0001"]),
        ("incidentctl transition INC-2026-0001 --to ", ["cancelled", "duplicate", "mitigated", "resolved"]),
        ("incidentctl assign INC-2026-0001 --role comms", ["comms_lead"]),
        ("incidentctl assign INC-2026-0001 --role incident_commander --to ", ["alice", "bob", "carol"]),
        ("incidentctl severity INC-2026-0001 SEV", ["SEV1", "SEV2", "SEV3", "SEV4"]),
        ("incidentctl new --service ", ["checkout", "payments-gateway"]),
        ("incidentctl escalate INC-2026-0001 --team p", ["payments", "platform"]),
        ("incidentctl new --type se", ["security"]),
        ("incidentctl list --status re", ["recovered", "reported", "resolved"]),
    ],
)  # fmt: skip
def test_completion_reads_the_repository(git_repo: GitRepo, line: str, offered: list[str]) -> None:
    assert complete(team_repo(git_repo), line) == offered


def test_completion_never_fails_outside_a_repository(git_repo: GitRepo) -> None:
    assert complete(git_repo, "incidentctl show INC-") == []
    assert complete(git_repo, "incidentctl transition INC-2026-0009 --to ") == []
