"""declare --from-alert on real payloads: opens once, adds repeat and resolved deliveries,
refuses a malformed payload with one line and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from responder import team_repo

from conftest import REPO, CliRunner, GitRepo, run_subprocess

AM = REPO / "tests/data/real/alertmanager-webhook/payload.json"  # see its ORIGIN.md
GRAFANA = REPO / "tests/data/alerts/grafana-webhook/payload.json"
PD = REPO / "tests/data/real/pagerduty-v3-webhook/payload.json"
ALERTS = """\
schema_version: 1
type: outage
service_labels: [service, job]
services:
  http_checks: checkout
  API Service: payments-gateway
"""
NEW = "incidents/INC-2026-0002/incident.yaml"


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    team_repo(git_repo)
    git_repo.commit("alert routing", {"schemas/alerts.yaml": ALERTS})
    return git_repo


def declare(cli: CliRunner, repo: GitRepo, payload: Path, at: str, *extra: str) -> tuple[int, str]:
    run = cli("declare", "--from-alert", payload, "--at", at, "--by", "alice", *extra,
              "--repo", repo.path)  # fmt: skip
    return run.code, run.out + run.err


def test_alertmanager_opens_then_adds_its_resolution(cli: CliRunner, repo: GitRepo) -> None:
    code, out = declare(cli, repo, AM, "2026-03-02T10:00:00Z")
    assert (code, out.splitlines()[0]) == (
        0, f"INC-2026-0002: opened (detected) from the Alertmanager alert in {NEW}")  # fmt: skip
    text = (repo.path / NEW).read_text()
    assert "severity: SEV2\nservices: [checkout]\n" in text  # critical -> SEV2 (vocabularies)
    assert "detection:\n  source: monitoring_alert\n  alert: ProbeFailure\n" in text
    assert "started_at: 2023-02-06T13:08:45.828Z\n" in text
    assert '    id: "{}/{severity=\\"critical\\"}:{alertname=\\"ProbeFailure\\"}"\n' in text
    assert text.index("type: alert") < text.index("type: status_change")
    assert cli("validate", "--repo", repo.path).code == 0
    repo.commit("declared")
    assert declare(cli, repo, AM, "2026-03-02T10:05:00Z") == (
        0, "INC-2026-0002: this delivery is already recorded; nothing written\n")  # fmt: skip
    resolved = repo.path.parent / "resolved.json"
    resolved.write_text(AM.read_text().replace('"status": "firing"', '"status": "resolved"'))
    code, out = declare(cli, repo, resolved, "2026-03-02T10:30:00Z")
    assert (code, out.splitlines()) == (0, [
        "INC-2026-0002: Alertmanager: ProbeFailure resolved",
        # vocabularies say resolved; the lifecycle's legal way there starts at investigating
        ("  all alerts resolved: incidentctl transition INC-2026-0002 --to investigating (then"
        " --to resolved); first: --to investigating needs roles.incident_commander"),
        "  next: incidentctl show INC-2026-0002",
    ])  # fmt: skip
    assert (
        (repo.path / NEW)
        .read_text()
        .endswith(
            '  - at: 2026-03-02T10:30:00Z\n    type: alert\n    text: "Alertmanager: ProbeFailure resolved"\n'
        )
    )
    repo.commit("resolved")
    before = (repo.path / NEW).read_bytes()
    # the sender retries the resolved notice: one delivery seen twice writes nothing
    assert declare(cli, repo, resolved, "2026-03-02T10:31:00Z") == (
        0, "INC-2026-0002: this delivery is already recorded; nothing written\n")  # fmt: skip
    assert (repo.path / NEW).read_bytes() == before
    assert cli("check", "--base", "HEAD~2", "--repo", repo.path).code == 0
    assert not (repo.path / "incidents/INC-2026-0003").exists()


def test_grafana_keeps_each_fingerprint_and_pagerduty_its_incident(
    cli: CliRunner, repo: GitRepo
) -> None:
    assert declare(cli, repo, GRAFANA, "2026-03-02T10:00:00Z")[0] == 0
    text = (repo.path / NEW).read_text()
    assert "title: High memory usage and 1 more alert\n" in text
    assert "  - kind: runbook\n    url: https://myrunbook.com/runbook/1234\n" in text
    assert (
        "  - system: grafana\n    id: c6eadffa33fcdf37\n  - system: grafana\n    id: bc97ff14869b13e3\n"
        in text
    )
    code, out = declare(cli, repo, PD, "2026-03-02T10:01:00Z")
    assert (code, out.splitlines()[0]) == (
        0, "INC-2026-0003: opened (detected) from the PagerDuty alert in incidents/INC-2026-0003/incident.yaml")  # fmt: skip
    pd = (repo.path / "incidents/INC-2026-0003/incident.yaml").read_text()
    assert "services: [payments-gateway]\n" in pd
    assert "    id: PGR0VU2\n    url: https://acme.pagerduty.com/incidents/PGR0VU2\n" in pd
    later = repo.path.parent / "later.json"  # another event of the same PagerDuty incident
    later.write_text(PD.read_text().replace("5ac64822-4adc-4fda-ade0-410becf0de4f", "e2"))
    code, out = declare(cli, repo, later, "2026-03-02T10:02:00Z")
    assert (code, out.splitlines()[0]) == (
        0, ("INC-2026-0003: PagerDuty: incident.priority_updated (A little bump in the road);"
        " event e2"))  # fmt: skip
    # PagerDuty delivers an event again when it saw its delivery fail: the same event.id
    assert declare(cli, repo, later, "2026-03-02T10:03:00Z") == (
        0, "INC-2026-0003: this delivery is already recorded; nothing written\n")  # fmt: skip
    assert cli("validate", "--repo", repo.path).code == 0


BAD = [
    (b"{", ("not JSON (JSONDecodeError: Expecting property name enclosed in double quotes: line 1 "
     "column 2 (char 1))")),
    (b"[]", "not a webhook payload: the JSON is not an object"),
    (b'{"groupKey": "g", "status": "firing", "alerts": []}', "alerts: the payload holds no alert"),
    (b'{"groupKey": "g", "status": "pending", "alerts": [{}]}',
     "status: 'pending' is neither firing nor resolved"),
    (b'{"groupKey": "g", "status": "firing", "alerts": [{"labels": {}, "startsAt": "yesterday"}]}',
     "alerts[0].startsAt: 'yesterday' is not an RFC 3339 time"),
    (b'{"event": {"event_type": "incident.triggered", "data": {"type": "incident"}}}',
     "event.data.id: missing (expected a string)"),
    ((b'{"event": {"event_type": "incident.triggered", "data": {"type": "incident", "id": "P1",'
     b' "title": {"a": 1}}}}'), "event.data.title: not a string (an object)"),
    ((b'{"event": {"event_type": "incident.triggered", "data": {"type": "incident", "id": "P1",'
     b' "title": "t", "assignees": [1]}, "occurred_at": "2026-12-02T08:00:00Z"}}'),
     "event.data.assignees[0]: not an object (the number 1)"),
    (b'{"hello": "world"}', "cannot tell the source: pass --source alertmanager|grafana|pagerduty"),
]  # fmt: skip


def _am(change: str) -> bytes:
    """The real Alertmanager payload with one field changed (``change`` edits ``d``)."""
    d = json.loads(AM.read_text())
    exec(change, {"d": d})  # noqa: S102 (the cases below are this file's own statements)
    return json.dumps(d).encode()


# A field of the wrong kind, a number no count can be, a time no calendar holds: named.
FIELDS = [
    ('d["truncatedAlerts"] = "abc"', "truncatedAlerts: not a count (a whole number, 0 or more): 'abc'"),
    ('d["truncatedAlerts"] = [1]', "truncatedAlerts: not a count (a whole number, 0 or more): a list"),
    ('d["truncatedAlerts"] = -1', "truncatedAlerts: not a count (a whole number, 0 or more): the number -1"),
    ('d["truncatedAlerts"] = 1.5', "truncatedAlerts: not a count (a whole number, 0 or more): the number 1.5"),
    ('d["alerts"][0]["startsAt"] = "9999-12-31T23:59:59-12:00"',
     "alerts[0].startsAt: '9999-12-31T23:59:59-12:00' is out of range (years 1 to 9999, in UTC)"),
    ('d["alerts"][0]["startsAt"] = "0001-01-01T00:00:00+01:00"',
     "alerts[0].startsAt: '0001-01-01T00:00:00+01:00' is out of range (years 1 to 9999, in UTC)"),
    ('d["alerts"][0]["startsAt"] = "2026-12-02T08:00:00Z.5"',  # quoted as given, not altered
     "alerts[0].startsAt: '2026-12-02T08:00:00Z.5' is not an RFC 3339 time"),
    ('d["alerts"][0]["startsAt"] = "2026-12-02"',
     "alerts[0].startsAt: '2026-12-02' is not an RFC 3339 time"),
    ('d["alerts"][0]["startsAt"] = "2026-12-02T08:00:00\u202e"',
     "alerts[0].startsAt: '2026-12-02T08:00:00\\u202e' is not an RFC 3339 time"),
    ('d["alerts"][0]["endsAt"] = 5', "alerts[0].endsAt: not a time (the number 5)"),
    ('d["commonAnnotations"]["summary"] = {"a": 1}',
     "commonAnnotations.summary: not a string (an object)"),
    ('d["commonLabels"]["alertname"] = ["x"]', "commonLabels.alertname: not a string (a list)"),
    ('d["alerts"][0]["labels"]["job"] = 7', "alerts[0].labels.job: not a string (the number 7)"),
    ('d["alerts"][0]["annotations"] = "x"', "alerts[0].annotations: not an object ('x')"),
    ('d["alerts"][0]["generatorURL"] = True', "alerts[0].generatorURL: not a string (a boolean)"),
    ('d["alerts"][0]["status"] = "pending"', "alerts[0].status: 'pending' is neither firing nor resolved"),
    ('d["alerts"][0]["fingerprint"] = None', "alerts[0].fingerprint: missing (expected a string)"),
    ('d["alerts"].append(3)', "alerts[1]: not an object (the number 3)"),
    ('d["externalURL"] = {}', "externalURL: not a string (an object)"),
    ('d["commonLabels"] = []', "commonLabels: not an object (a list)"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "why"), FIELDS)
def test_a_wrong_field_is_named_and_nothing_written(
    cli: CliRunner, repo: GitRepo, change: str, why: str
) -> None:
    payload = repo.path.parent / "alert.json"
    payload.write_bytes(_am(change))
    run = cli("declare", "--from-alert", payload, "--repo", repo.path)
    assert (run.code, run.out, run.err) == (
        2, "", f"incidentctl: error: {payload}: {why}; nothing written\n")  # fmt: skip
    assert not (repo.path / NEW).exists()


NUMBERS = [  # JSON that Python's reader takes, but no count can be
    (b'NaN', "NaN"), (b'Infinity', "Infinity"), (b'-Infinity', "-Infinity"), (b'1e400', "1e400"),
    (b"9" * 5000, "a number of 5000 digits"),
]  # fmt: skip


@pytest.mark.parametrize(("number", "shown"), NUMBERS)
def test_a_number_no_count_can_be_is_named(repo: GitRepo, number: bytes, shown: str) -> None:
    payload = repo.path.parent / "alert.json"
    payload.write_bytes(_am('d["truncatedAlerts"] = "N"').replace(b'"N"', number))
    run = run_subprocess("declare", "--from-alert", payload, "--repo", repo.path)
    why = f"truncatedAlerts: not a count (a whole number, 0 or more): {shown}"
    assert (run.code, run.out, run.err) == (
        2, "", f"incidentctl: error: {payload}: {why}; nothing written\n")  # fmt: skip
    assert not (repo.path / NEW).exists()


def test_odd_json_in_a_field_never_read_is_left_alone(cli: CliRunner, repo: GitRepo) -> None:
    """A 5,000-digit number where nothing is read, and ``truncatedAlerts: 2.0``: opened."""
    raw = _am('d["truncatedAlerts"] = 2.0; d["extra"] = "N"').replace(b'"N"', b"9" * 5000)
    payload = repo.path.parent / "alert.json"
    payload.write_bytes(raw)
    assert cli("declare", "--from-alert", payload, "--at", "2026-03-02T10:00:00Z",
               "--repo", repo.path).code == 0  # fmt: skip
    assert "; 2 more alerts were truncated by the sender" in (repo.path / NEW).read_text()


def test_json_nested_too_deep_is_one_line(repo: GitRepo) -> None:
    payload = repo.path.parent / "alert.json"
    payload.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    run = run_subprocess("declare", "--from-alert", payload, "--repo", repo.path)
    why = "not a webhook payload: its arrays or objects nest too deep"
    assert (run.code, run.out, run.err) == (
        2, "", f"incidentctl: error: {payload}: {why}; nothing written\n")  # fmt: skip


@pytest.mark.parametrize(("raw", "why"), BAD)
def test_a_malformed_payload_is_one_line_and_nothing_written(
    repo: GitRepo, raw: bytes, why: str
) -> None:
    payload = repo.path.parent / "alert.json"
    payload.write_bytes(raw)
    run = run_subprocess("declare", "--from-alert", payload, "--repo", repo.path)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"incidentctl: error: {payload}: {why}; nothing written\n"
    assert not (repo.path / NEW).exists()


def test_a_resolved_alert_for_no_incident_opens_none(repo: GitRepo) -> None:
    payload = repo.path.parent / "alert.json"
    doc = json.loads(AM.read_text())
    payload.write_text(json.dumps({**doc, "status": "resolved"}))
    run = run_subprocess("declare", "--from-alert", payload, "--repo", repo.path)
    assert run.err == (f"incidentctl: error: {payload}: a resolved alert for a group no incident"
                       " holds: nothing to add it to; nothing written\n")  # fmt: skip
    assert not (repo.path / NEW).exists()


def test_hostile_alert_text_is_recorded_as_escapes(cli: CliRunner, repo: GitRepo) -> None:
    doc = json.loads(AM.read_text())
    doc["commonAnnotations"]["summary"] = "Probe \u202efailure\x1b[31m " + "x" * 300
    doc["groupKey"] = "group\nkey"
    payload = repo.path.parent / "alert.json"
    payload.write_text(json.dumps(doc))
    assert declare(cli, repo, payload, "2026-03-02T10:00:00Z")[0] == 0
    text = (repo.path / NEW).read_text()
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    assert title.startswith("title: Probe \\u202efailure\\u001b[31m xxx")
    assert len(title) == len("title: ") + 200
    assert "    id: group\\u000akey\n" in text
    assert cli("validate", "--repo", repo.path).code == 0
    repo.commit("declared")
    assert declare(cli, repo, payload, "2026-03-02T10:05:00Z") == (
        0, "INC-2026-0002: this delivery is already recorded; nothing written\n")  # fmt: skip
