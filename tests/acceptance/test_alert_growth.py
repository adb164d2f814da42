"""A later delivery of a known alert group that brings alerts the record lacks (a new fingerprint)
adds them: an entry naming them, their fingerprints, their regions and services; only an
identical re-delivery is "already recorded". On the shipped real payloads, altered to add one."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from responder import team_repo

from conftest import REPO, CliRunner, GitRepo

AM = REPO / "tests/data/real/alertmanager-webhook/payload.json"
GRAFANA = REPO / "tests/data/alerts/grafana-webhook/payload.json"  # zones us-1 and eu-1
ALERTS = """\
schema_version: 1
type: outage
service_labels: [job]
services:
  http_checks: checkout
  gateway_checks: payments-gateway
"""
NEW = "incidents/INC-2026-0002/incident.yaml"
I = "INC-2026-0002"


def _repo(git_repo: GitRepo) -> GitRepo:
    team_repo(git_repo)
    git_repo.commit("alert routing", {"schemas/alerts.yaml": ALERTS})
    return git_repo


def declare(cli: CliRunner, repo: GitRepo, payload: Path, at: str) -> tuple[int, list[str]]:
    run = cli("declare", "--from-alert", payload, "--at", at, "--by", "alice", "--repo", repo.path)
    return run.code, (run.out + run.err).splitlines()


def grown(repo: GitRepo, payload: Path, **labels: str) -> Path:
    """The payload with one more alert: the first one's copy, a new fingerprint and labels."""
    doc: dict[str, Any] = json.loads(payload.read_text())
    first = doc["alerts"][0]
    doc["alerts"].append(
        {**first, "labels": {**first["labels"], **labels}, "fingerprint": "0ddba11c0ffee000"}
    )
    out = repo.path.parent / f"grown-{payload.parent.name}.json"
    out.write_text(json.dumps(doc))
    return out


def diff(old: str, new: str) -> list[str]:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
    return [ln for ln in lines if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def test_a_new_alert_in_an_alertmanager_group_is_added_with_its_region_and_service(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo)
    assert declare(cli, repo, AM, "2026-03-02T10:00:00Z")[0] == 0
    before = (repo.path / NEW).read_text()
    assert (  # the group's key finds the incident again; each alert's fingerprint is its own
        "    id: 1a30ba71cca2921f\n    title: fingerprint of the ProbeFailure alert\n" in before
    )
    assert "services: [checkout]\n" in before
    repo.commit("declared")
    later = grown(repo, AM, job="gateway_checks", zone="eu-2", instance="https://pay.example.org")
    code, out = declare(cli, repo, later, "2026-03-02T10:05:00Z")
    assert (code, out) == (0, [
        (f"{I}: Alertmanager: ProbeFailure: 1 new alert firing: ProbeFailure"
         " (instance=https://pay.example.org, job=gateway_checks, zone=eu-2) (2 in all)"
         "; started 2023-02-06T13:08:45.828Z"),
        "  added eu-2 to impact.regions",
        "  added payments-gateway to services",
        f"  next: incidentctl show {I}",
    ])  # fmt: skip
    after = (repo.path / NEW).read_text()
    assert diff(before, after) == [
        "-services: [checkout]",
        "+services: [checkout, payments-gateway]",
        "+  - system: alertmanager",
        "+    id: 0ddba11c0ffee000",
        "+    title: fingerprint of the ProbeFailure alert",
        "+  - at: 2026-03-02T10:05:00Z",
        "+    type: alert",
        (
            '+    text: "Alertmanager: ProbeFailure: 1 new alert firing: ProbeFailure'
            ' (instance=https://pay.example.org, job=gateway_checks, zone=eu-2) (2 in all); started 2023-02-06T13:08:45.828Z"'
        ),
        "+impact:",  # a new top-level key goes at the end of the record
        "+  regions:",
        "+    - eu-2",
    ]
    assert cli("validate", "--repo", repo.path).code == 0
    repo.commit("the group grew")
    assert cli("check", "--base", "HEAD~1", "--repo", repo.path).code == 0
    # the grown group again, and the first delivery again: both already recorded
    for again in (later, AM):
        assert declare(cli, repo, again, "2026-03-02T10:10:00Z") == (
            0, [f"{I}: this delivery is already recorded; nothing written"])  # fmt: skip
        assert (repo.path / NEW).read_text() == after


def test_a_new_grafana_fingerprint_adds_its_zone_to_the_flow_list(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo)
    assert declare(cli, repo, GRAFANA, "2026-03-02T10:00:00Z")[0] == 0
    repo.commit("declared")
    before = (repo.path / NEW).read_text()
    later = grown(repo, GRAFANA, alertname="High disk usage", zone="ap-1")
    code, out = declare(cli, repo, later, "2026-03-02T10:05:00Z")
    assert code == 0, out
    assert out[:2] == [
        (
            f"{I}: Grafana: High memory usage: 1 new alert firing: High disk usage (zone=ap-1)"
            " (3 in all); started 2021-10-12T07:56:03.157Z"
        ),
        "  added ap-1 to impact.regions",
    ]
    after = (repo.path / NEW).read_text()
    assert diff(before, after)[:4] == [
        "+  - system: grafana",
        "+    id: 0ddba11c0ffee000",
        "-  regions: [us-1, eu-1]",
        "+  regions: [us-1, eu-1, ap-1]",
    ]
    assert cli("validate", "--repo", repo.path).code == 0
    assert declare(cli, repo, later, "2026-03-02T10:10:00Z")[1] == [
        f"{I}: this delivery is already recorded; nothing written"
    ]


def test_a_record_whose_impact_cannot_take_the_region_is_left_byte_for_byte(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo)
    assert declare(cli, repo, AM, "2026-03-02T10:00:00Z")[0] == 0
    path = repo.path / NEW
    text = path.read_text().replace(
        "\ntimeline:\n", "\nimpact: {description: Checkout is down}\ntimeline:\n"
    )
    path.write_text(text)
    repo.commit("declared, impact as a flow mapping")
    before = path.read_bytes()
    code, out = declare(cli, repo, grown(repo, AM, zone="eu-2"), "2026-03-02T10:05:00Z")
    line = text.splitlines().index("impact: {description: Checkout is down}") + 1
    assert code == 1
    assert out[0] == (
        f"{NEW}:{line}:9: edit.refused 'impact' cannot be added to here; edit the record by hand"
    )
    assert out[-1] == f"incidentctl: nothing written; {NEW} is unchanged"
    assert path.read_bytes() == before


def test_hostile_and_huge_new_alerts_are_escaped_and_cut_and_the_record_validates(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo)
    assert declare(cli, repo, AM, "2026-03-02T10:00:00Z")[0] == 0
    repo.commit("declared")
    doc: dict[str, Any] = json.loads(AM.read_text())
    first = doc["alerts"][0]
    doc["alerts"] += [
        {**first, "fingerprint": f"f{n}",
         "labels": {**first["labels"], "pod\x1b[31m": f"p{n}\u202e" + "x" * 490}}
        for n in range(40)
    ]  # fmt: skip
    payload = repo.path.parent / "huge.json"
    payload.write_text(json.dumps(doc))
    code, out = declare(cli, repo, payload, "2026-03-02T10:05:00Z")
    assert code == 0, out
    assert out[0].startswith(
        f"{I}: Alertmanager: ProbeFailure: 40 new alerts firing: ProbeFailure (pod\\u001b[31m=p0\\u202e"
    )
    assert out[0].endswith("… and 30 more (41 in all); started 2023-02-06T13:08:45.828Z")
    text = (repo.path / NEW).read_text()
    assert text.count("title: fingerprint of the ProbeFailure alert\n") == 41
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert cli("validate", "--repo", repo.path).code == 0
