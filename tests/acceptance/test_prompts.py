"""Prompting: on a terminal, new, declare, assign and severity ask for each missing value the
policy needs, with its choices, and ask again on a wrong answer; without a terminal, or with CI
set, never: a missing required value is one usage line (exit 2) and nothing is written.

The answers go in through click's CliRunner (``interactive`` patched: CliRunner's stdin is no
terminal); tests/acceptance/test_new.py drives one dialogue through a real pseudo-terminal.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from responder import REC, team_repo

from conftest import REPO, GitRepo, run_subprocess
from incidentctl.cli import cli as group

AM = REPO / "tests/data/real/alertmanager-webhook/payload.json"
NEW = "incidents/INC-2026-0002/incident.yaml"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("incidentctl.cli.prompting.interactive", lambda: True)
    return CliRunner()


def test_new_asks_for_type_severity_service_and_commander_and_checks_each(
    terminal: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    answers = "security\nSEV1\nnope\ncheckout\nzed\nalice\n"  # "nope", "zed": asked again
    result = terminal.invoke(group, ["new", "--title", "Suspicious logins", "--by", "bob",
                                     "--repo", str(repo.path)], input=answers)  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Type (data, degradation, near_miss, outage, security) [outage]: security\n" in out
    assert "Severity (SEV1, SEV2, SEV3, SEV4): SEV1\n" in out
    assert "Error: 'nope' is not one of 'checkout', 'payments-gateway'." in out
    assert "Error: 'zed' is not one of 'alice', 'bob', 'carol'." in out
    text = (repo.path / NEW).read_text()
    assert "type: security\n" in text
    assert "severity: SEV1\nservices: [checkout]\nroles:\n  incident_commander: alice\n" in text


def test_new_asks_only_for_what_is_missing(terminal: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    result = terminal.invoke(group, [
        "new", "--title", "Checkout 502s", "--type", "outage", "--severity", "SEV3",
        "--service", "checkout", "--by", "bob", "--repo", str(repo.path)], input="\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Incident commander (alice, bob, carol) [bob]: \n")
    assert "  incident_commander: bob\n" in (repo.path / NEW).read_text()


def test_assign_and_severity_ask_for_their_missing_values(
    terminal: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    base = ["--by", "alice", "--repo", str(repo.path)]
    result = terminal.invoke(group, ["assign", "INC-2026-0001", *base],
                             input="comms_lead\nbob\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Role (comms_lead, customer_liaison, incident_commander," in result.output
    assert "  comms_lead: bob\n" in (repo.path / REC).read_text()
    result = terminal.invoke(group, ["severity", "INC-2026-0001", *base],
                             input="SEV5\nSEV1\n\nAll card payments failing\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.count("Why (for the timeline)?: ") == 2  # an empty one is asked again
    text = (repo.path / REC).read_text()
    assert "severity: SEV1\n" in text
    assert '    text: "SEV2 -> SEV1: All card payments failing"\n' in text


def test_declare_asks_for_the_payload_file(terminal: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    missing = repo.path.parent / "no-such.json"
    result = terminal.invoke(group, ["declare", "--at", "2026-03-02T10:00:00Z", "--by", "alice",
                                     "--repo", str(repo.path)], input=f"{missing}\n{AM}\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.count("Alert payload (a JSON file): ") == 2
    assert "No such file or directory" in result.output  # asked again
    assert (repo.path / NEW).is_file()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["assign", "INC-2026-0001", "--to", "bob"], "--role"),
        (["assign", "INC-2026-0001", "--role", "comms_lead"], "--to"),
        (["severity", "INC-2026-0001", "--reason", "worse"], "LEVEL"),
        (["severity", "INC-2026-0001", "SEV1"], "--reason"),
        (["declare"], "--from-alert"),
        (["new"], "--title"),
    ],
)
@pytest.mark.parametrize("ci", [True, False], ids=["CI", "no-terminal"])
def test_without_a_terminal_or_in_ci_nothing_is_asked(
    git_repo: GitRepo, args: list[str], option: str, ci: bool
) -> None:
    repo = team_repo(git_repo)
    before = (repo.path / REC).read_bytes()
    env = {"CI": "true"} if ci else {}
    run = run_subprocess(*args, "--by", "alice", "--repo", repo.path, env=env)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"incidentctl: error: {option} is required (no terminal to ask on)\n"
    assert (repo.path / REC).read_bytes() == before
    assert not (repo.path / NEW).exists()


def test_ci_set_means_no_prompt_even_on_a_terminal(git_repo: GitRepo) -> None:
    """A real pseudo-terminal with CI set: a usage line, never a question."""
    import os
    import pty
    import subprocess
    import sys

    repo = team_repo(git_repo)
    main, side = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "incidentctl", "assign", "INC-2026-0001", "--by", "alice",
         "--repo", str(repo.path)],
        stdin=side, capture_output=True, text=True, env={**os.environ, "CI": "1"}, timeout=120,
        check=False,
    )  # fmt: skip
    os.close(side)
    os.close(main)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "incidentctl: error: --role is required (no terminal to ask on)\n"
