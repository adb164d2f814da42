"""PagerDuty's people (v3 ``data.assignees``, the acknowledger and resolver as ``event.agent``)
become roster handles, by the roster's ``pagerduty`` id or e-mail; one the roster lacks is named
on stderr and never written, neither as an e-mail nor as a display name."""

from __future__ import annotations

import json
from pathlib import Path

from responder import ROSTER, team_repo

from conftest import REPO, CliRunner, GitRepo, run_subprocess

PD = REPO / "tests/data/real/pagerduty-v3-webhook/payload.json"  # assignee PTUXL6G "User 123"
ALERTS = "schema_version: 1\ntype: outage\nservices:\n  API Service: payments-gateway\n"
MAPPED = ROSTER.replace("    email: bob@corp.example\n",
                        "    email: bob@corp.example\n    pagerduty: PTUXL6G\n")  # fmt: skip
NEW = "incidents/INC-2026-0002/incident.yaml"


def _repo(git_repo: GitRepo, roster: str) -> GitRepo:
    team_repo(git_repo)
    git_repo.commit("roster", {"schemas/people.yaml": roster, "schemas/alerts.yaml": ALERTS})
    return git_repo


def _payload(tmp: Path, kind: str, agent_email: str | None = None) -> Path:
    doc = json.loads(PD.read_text())
    doc["event"]["event_type"] = kind
    doc["event"]["id"] = f"{kind}-event"  # each event its own id, as PagerDuty sends them
    if agent_email:
        doc["event"]["agent"]["email"] = agent_email
    out = tmp / f"{kind}.json"
    out.write_text(json.dumps(doc))
    return out


def test_an_assignee_with_a_pagerduty_id_in_the_roster_becomes_a_responder(
    git_repo: GitRepo,
) -> None:
    repo = _repo(git_repo, MAPPED)
    payload = _payload(repo.path.parent, "incident.triggered")
    run = run_subprocess("declare", "--from-alert", payload, "--at", "2026-03-02T10:00:00Z",
                         "--by", "alice", "--repo", repo.path)  # fmt: skip
    assert (run.code, run.err) == (0, "")
    text = (repo.path / NEW).read_text()
    assert "responders: [bob]\n" in text
    assert (
        '    text: "PagerDuty: incident.triggered (A little bump in the road); assignee bob;'
        ' event incident.triggered-event"\n' in text
    )
    assert "User 123" not in text
    assert "PTUXL6G" not in text


def test_the_acknowledger_is_found_by_e_mail_and_joins_the_responders(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo, MAPPED)
    tmp = repo.path.parent
    assert cli("declare", "--from-alert", _payload(tmp, "incident.triggered"),
               "--at", "2026-03-02T10:00:00Z", "--by", "alice", "--repo", repo.path).code == 0  # fmt: skip
    repo.commit("declared")
    ack = _payload(tmp, "incident.acknowledged", agent_email="Carol@Corp.Example")
    run = cli("declare", "--from-alert", ack, "--at", "2026-03-02T10:05:00Z", "--by", "alice",
              "--repo", repo.path)  # fmt: skip
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[0] == (
        "INC-2026-0002: PagerDuty: incident.acknowledged (A little bump in the road);"
        " assignee bob; acknowledger carol; event incident.acknowledged-event"
    )
    text = (repo.path / NEW).read_text()
    assert "responders: [bob, carol]\n" in text
    assert "Tenex Engineer" not in text
    assert "@" not in text
    repo.commit("acknowledged")
    assert cli("check", "--base", "HEAD~1", "--repo", repo.path).code == 0


def test_an_unmapped_person_is_named_on_stderr_and_never_written(git_repo: GitRepo) -> None:
    repo = _repo(git_repo, ROSTER)
    payload = _payload(repo.path.parent, "incident.resolved", agent_email="tenex@elsewhere.example")
    run = run_subprocess("declare", "--from-alert", _payload(repo.path.parent, "incident.triggered"),
                         "--at", "2026-03-02T10:00:00Z", "--by", "alice", "--repo", repo.path)  # fmt: skip
    assert run.code == 0
    assert run.err == (
        "incidentctl: note: PagerDuty user PTUXL6G (User 123), the assignee, is not in "
        "schemas/people.yaml; not recorded (add 'pagerduty: PTUXL6G' to their entry)\n"
    )
    run = run_subprocess("declare", "--from-alert", payload, "--at", "2026-03-02T10:30:00Z",
                         "--by", "alice", "--repo", repo.path)  # fmt: skip
    assert run.code == 0
    assert run.err.splitlines()[1] == (
        "incidentctl: note: PagerDuty user PLH1HKV (Tenex Engineer), the resolver, is not in "
        "schemas/people.yaml; not recorded (add 'pagerduty: PLH1HKV' to their entry)"
    )
    text = (repo.path / NEW).read_text()
    assert "responders" not in text
    for personal in ("User 123", "Tenex Engineer", "tenex@", "PTUXL6G", "PLH1HKV"):
        assert personal not in text


def test_a_malformed_pagerduty_id_in_the_roster_is_a_schema_finding(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo, MAPPED.replace("pagerduty: PTUXL6G", "pagerduty: user 123"))
    run = cli("validate", "--repo", repo.path)
    assert run.code == 1
    line = ROSTER.split("\n").index("    email: bob@corp.example") + 2
    assert f"schemas/people.yaml:{line}:16: schema.pattern" in run.out, run.out


def test_one_pagerduty_id_for_two_people_is_a_duplicate(cli: CliRunner, git_repo: GitRepo) -> None:
    twice = MAPPED.replace("    email: carol@corp.example\n",
                           "    email: carol@corp.example\n    pagerduty: PTUXL6G\n")  # fmt: skip
    repo = _repo(git_repo, twice)
    run = cli("validate", "--repo", repo.path)
    line = twice.split("\n").index("    email: carol@corp.example") + 2
    assert run.code == 1
    assert (
        f"schemas/people.yaml:{line}:16: ref.duplicate-id this pagerduty is used twice" in run.out
    )
    repo.write({"schemas/people.yaml": MAPPED})  # one id each: clean
    assert cli("validate", "--repo", repo.path).code == 0
