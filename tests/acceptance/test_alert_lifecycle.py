"""Alerts and the lifecycle, on the shipped real payloads: a resolved group names the legal next
transition, or (move_on_resolved) makes it where the lifecycle and its guards allow; an alert
that fires again for a recovered incident says so and how to reopen it."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from responder import team_repo

from conftest import REPO, CliRunner, GitRepo

AM = REPO / "tests/data/real/alertmanager-webhook/payload.json"
GRAFANA = REPO / "tests/data/alerts/grafana-webhook/payload.json"
PD = REPO / "tests/data/real/pagerduty-v3-webhook/payload.json"
ALERTS = """\
schema_version: 1
type: outage
service_labels: [service, job, team]
services:
  http_checks: checkout
  API Service: payments-gateway
  blue: checkout
default_severity: SEV3
"""
NEW = "incidents/INC-2026-0002/incident.yaml"
I = "INC-2026-0002"


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    team_repo(git_repo)
    git_repo.commit("alert routing", {"schemas/alerts.yaml": ALERTS})
    return git_repo


def run(cli: CliRunner, repo: GitRepo, *args: str | Path) -> tuple[int, list[str]]:
    done = cli(*args, "--by", "alice", "--repo", repo.path)
    return done.code, done.out.splitlines()  # notes (on stderr) are test_pagerduty_people's


def declare(cli: CliRunner, repo: GitRepo, payload: Path, at: str) -> tuple[int, list[str]]:
    return run(cli, repo, "declare", "--from-alert", payload, "--at", at)


def resolved_copy(repo: GitRepo, payload: Path) -> Path:
    out = repo.path.parent / f"resolved-{payload.parent.name}.json"
    doc = json.loads(payload.read_text())
    if "event" in doc:
        doc["event"]["event_type"] = "incident.resolved"
        doc["event"]["id"] = "resolved-event"  # another event: another id
    else:
        doc["status"] = "resolved"
        for alert in doc["alerts"]:
            alert["status"] = "resolved"
    out.write_text(json.dumps(doc))
    return out


def investigating(cli: CliRunner, repo: GitRepo, payload: Path = AM) -> None:
    """Declared from the payload, then taken on: a commander, investigating, committed."""
    assert declare(cli, repo, payload, "2026-03-02T10:00:00Z")[0] == 0
    assert run(cli, repo, "assign", I, "--role", "incident_commander", "--to", "alice",
               "--at", "2026-03-02T10:01:00Z")[0] == 0  # fmt: skip
    assert run(cli, repo, "transition", I, "--to", "investigating",
               "--at", "2026-03-02T10:02:00Z") == (0, [f"{I}: detected -> investigating ({NEW})"])  # fmt: skip
    repo.commit("declared and investigating")


@pytest.mark.parametrize("payload", [AM, GRAFANA, PD], ids=["alertmanager", "grafana", "pagerduty"])
def test_a_resolved_group_names_the_legal_next_transition(
    cli: CliRunner, repo: GitRepo, payload: Path
) -> None:
    investigating(cli, repo, payload)
    code, out = declare(cli, repo, resolved_copy(repo, payload), "2026-03-02T10:30:00Z")
    assert code == 0, out
    assert out[1:] == [
        (
            f"  all alerts resolved: incidentctl transition {I} --to resolved;"
            " first: --to resolved needs impact.description"
        ),
        f"  next: incidentctl show {I}",
    ]
    assert "status: investigating\n" in (repo.path / NEW).read_text()  # advice only


def test_move_on_resolved_moves_the_record_when_the_lifecycle_allows(
    cli: CliRunner, repo: GitRepo
) -> None:
    repo.commit("opt in", {"schemas/alerts.yaml": ALERTS + "move_on_resolved: mitigated\n"})
    investigating(cli, repo)
    before = (repo.path / NEW).read_text()
    code, out = declare(cli, repo, resolved_copy(repo, AM), "2026-03-02T10:30:00Z")
    assert (code, out) == (0, [
        f"{I}: Alertmanager: ProbeFailure resolved",
        "  all alerts resolved: moved to mitigated (move_on_resolved in alerts.yaml)",
        f"  next: incidentctl show {I}",
    ])  # fmt: skip
    after = (repo.path / NEW).read_text()
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    assert [ln for ln in diff if ln[:1] in "+-" and ln[:3] not in ("+++", "---")] == [
        "-status: investigating", "+status: mitigated",
        "+  - at: 2026-03-02T10:30:00Z", "+    type: alert",
        '+    text: "Alertmanager: ProbeFailure resolved"',
        "+  - at: 2026-03-02T10:30:00Z", "+    type: status_change", "+    status: mitigated",
        "+    by: alice", "+    text: every alert of the group resolved (move_on_resolved)",
    ]  # fmt: skip
    repo.commit("resolved")
    assert cli("validate", "--repo", repo.path).code == 0
    assert cli("check", "--base", "HEAD~1", "--repo", repo.path).code == 0


def test_move_on_resolved_says_why_not_and_writes_only_the_entry(
    cli: CliRunner, repo: GitRepo
) -> None:
    repo.commit("opt in", {"schemas/alerts.yaml": ALERTS + "move_on_resolved: mitigated\n"})
    assert declare(cli, repo, AM, "2026-03-02T10:00:00Z")[0] == 0  # still detected
    code, out = declare(cli, repo, resolved_copy(repo, AM), "2026-03-02T10:30:00Z")
    assert code == 0, out
    assert out[1:] == [
        (
            "  all alerts resolved; not moved to mitigated: 'detected' -> 'mitigated' is not allowed"
            " (from 'detected': investigating, duplicate, cancelled)"
        ),
        (
            f"  next: incidentctl transition {I} --to investigating (then --to mitigated);"
            " first: --to investigating needs roles.incident_commander"
        ),
        f"  next: incidentctl show {I}",
    ]
    text = (repo.path / NEW).read_text()
    assert "status: detected\n" in text
    assert text.endswith('    type: alert\n    text: "Alertmanager: ProbeFailure resolved"\n')


def test_move_on_resolved_naming_no_state_of_the_lifecycle_moves_nothing(
    cli: CliRunner, repo: GitRepo
) -> None:
    repo.commit("opt in", {"schemas/alerts.yaml": ALERTS + "move_on_resolved: monitoring\n"})
    investigating(cli, repo)
    code, out = declare(cli, repo, resolved_copy(repo, AM), "2026-03-02T10:30:00Z")
    assert (code, out[1]) == (0, ("  all alerts resolved; not moved: 'monitoring' "
                              "(move_on_resolved, schemas/alerts.yaml) is not a state of 'outage'"))  # fmt: skip
    assert "status: investigating\n" in (repo.path / NEW).read_text()


@pytest.mark.parametrize("payload", [AM, PD], ids=["alertmanager", "pagerduty"])
def test_an_alert_firing_again_for_a_recovered_incident_says_how_to_reopen(
    cli: CliRunner, repo: GitRepo, payload: Path
) -> None:
    repo.commit("opt in", {"schemas/alerts.yaml": ALERTS + "move_on_resolved: mitigated\n"})
    investigating(cli, repo, payload)
    assert declare(cli, repo, resolved_copy(repo, payload), "2026-03-02T10:30:00Z")[0] == 0
    again = repo.path.parent / "again.json"
    doc = json.loads(payload.read_text())
    if payload == PD:
        doc["event"]["event_type"] = "incident.reopened"
        doc["event"]["id"] = "reopened-event"
    else:  # Alertmanager: the alert that fires again starts anew
        doc["alerts"][0]["startsAt"] = "2026-03-02T10:50:00Z"
    again.write_text(json.dumps(doc))
    code, out = declare(cli, repo, again, "2026-03-02T11:00:00Z")
    assert code == 0, out
    assert out[1:] == [
        (
            f"  the alert is firing again while {I} is mitigated: reopen it with incidentctl "
            f"transition {I} --to investigating"
        ),
        f"  next: incidentctl show {I}",
    ]
    assert "status: mitigated\n" in (repo.path / NEW).read_text()  # a person decides


def test_a_repeat_firing_for_an_open_incident_still_writes_nothing(
    cli: CliRunner, repo: GitRepo
) -> None:
    investigating(cli, repo)
    before = (repo.path / NEW).read_bytes()
    assert declare(cli, repo, AM, "2026-03-02T11:00:00Z") == (
        0, [f"{I}: this delivery is already recorded; nothing written"])  # fmt: skip
    assert (repo.path / NEW).read_bytes() == before


def test_validate_refuses_a_move_on_resolved_that_names_no_state(
    cli: CliRunner, repo: GitRepo
) -> None:
    alerts = ALERTS + "move_on_resolved: monitoring\n"
    repo.write({"schemas/alerts.yaml": alerts})
    run = cli("validate", "--repo", repo.path)
    line = alerts.split("\n").index("move_on_resolved: monitoring") + 1
    assert run.code == 1
    assert run.out.startswith(
        f"schemas/alerts.yaml:{line}:19: ref.unknown-state not a state of 'outage', the lifecycle"
        " of 'outage' (triage, detected, investigating, mitigated, resolved, postmortem, closed,"
    ), run.out
    repo.write({"schemas/alerts.yaml": ALERTS + "move_on_resolved: mitigated\n"})
    assert cli("validate", "--repo", repo.path).code == 0


def test_validate_judges_no_move_on_resolved_for_a_type_it_does_not_know(
    cli: CliRunner, repo: GitRepo
) -> None:
    """No lifecycle to judge the state by: no ``ref.unknown-state``, and never a crash."""
    alerts = ALERTS.replace("type: outage", "type: outgae") + "move_on_resolved: monitoring\n"
    repo.write({"schemas/alerts.yaml": alerts})
    run = cli("validate", "--repo", repo.path)
    assert run.code in (0, 1), run.err
    assert "internal error" not in run.err
    assert "ref.unknown-state" not in run.out
