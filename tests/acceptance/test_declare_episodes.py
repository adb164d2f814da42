"""declare keys a delivery on its episode: an alert that resolves and fires again (a new
startsAt) is recorded, each redelivery is not; a closed incident's alert that comes back opens a
new, related incident; a record holding the group that does not load stops the delivery; an
alert ahead of this machine's clock by less than clock_skew_minutes opens; a new alert that
arrived resolved is called so; a credential in the payload is refused by its path, unshown.
On the shipped real Alertmanager payload, altered."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from responder import team_repo

from conftest import REPO, CliRunner, GitRepo, run_subprocess

AM = REPO / "tests/data/real/alertmanager-webhook/payload.json"  # see its ORIGIN.md
ALERTS = "schema_version: 1\ntype: outage\nservices:\n  http_checks: checkout\n"
I, NEW = "INC-2026-0002", "incidents/INC-2026-0002/incident.yaml"
HEAD = "Alertmanager: ProbeFailure: BlackBox Probe Failure: https://server.example.org"
SAME = f"{I}: this delivery is already recorded; nothing written"


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    team_repo(git_repo)
    git_repo.commit("alert routing", {"schemas/alerts.yaml": ALERTS})
    return git_repo


def payload(repo: GitRepo, name: str, starts: str = "2026-03-02T09:58:00Z",
            ends: str | None = None, **doc: Any) -> Path:  # fmt: skip
    """The real payload moved to today: firing from ``starts``, or resolved at ``ends``."""
    d = json.loads(AM.read_text())
    d["alerts"][0]["startsAt"] = starts
    if ends is not None:
        d["status"] = d["alerts"][0]["status"] = "resolved"
        d["alerts"][0]["endsAt"] = ends
    d.update(doc)
    out = repo.path.parent / f"{name}.json"
    out.write_text(json.dumps(d))
    return out


def declare(cli: CliRunner, repo: GitRepo, path: Path, at: str) -> tuple[int, list[str]]:
    run = cli("declare", "--from-alert", path, "--at", at, "--by", "alice", "--repo", repo.path)
    return run.code, (run.out + run.err).splitlines()


def alert_texts(repo: GitRepo, record: str = NEW) -> list[str]:
    lines = (repo.path / record).read_text().splitlines()
    return [lines[n + 1] for n, line in enumerate(lines) if line == "    type: alert"]


def test_an_alert_that_resolves_and_fires_again_is_recorded_each_time_once(
    cli: CliRunner, repo: GitRepo
) -> None:
    f1, r1 = payload(repo, "f1"), payload(repo, "r1", ends="2026-03-02T10:30:00Z")
    f2 = payload(repo, "f2", starts="2026-03-02T10:38:00Z")
    r2 = payload(repo, "r2", starts="2026-03-02T10:38:00Z", ends="2026-03-02T10:55:00Z")
    assert declare(cli, repo, f1, "2026-03-02T10:00:00Z")[0] == 0
    assert declare(cli, repo, r1, "2026-03-02T10:31:00Z")[1][0] == (
        f"{I}: Alertmanager: ProbeFailure resolved; ended 2026-03-02T10:30:00Z")  # fmt: skip
    assert declare(cli, repo, f2, "2026-03-02T10:40:00Z")[1][0] == (
        f"{I}: {HEAD} (1 alert firing, again); started 2026-03-02T10:38:00Z")  # fmt: skip
    assert declare(cli, repo, r2, "2026-03-02T10:56:00Z")[1][0] == (
        f"{I}: Alertmanager: ProbeFailure resolved; ended 2026-03-02T10:55:00Z")  # fmt: skip
    written = (repo.path / NEW).read_text()
    for again in (f1, r1, f2, r2):  # the sender retries; a late retry of the first episode too
        assert declare(cli, repo, again, "2026-03-02T11:00:00Z") == (0, [SAME])
    assert (repo.path / NEW).read_text() == written
    assert alert_texts(repo) == [
        f'    text: "{HEAD} (1 alert firing); started 2026-03-02T09:58:00Z"',
        '    text: "Alertmanager: ProbeFailure resolved; ended 2026-03-02T10:30:00Z"',
        f'    text: "{HEAD} (1 alert firing, again); started 2026-03-02T10:38:00Z"',
        '    text: "Alertmanager: ProbeFailure resolved; ended 2026-03-02T10:55:00Z"',
    ]
    assert cli("validate", "--repo", repo.path).code == 0


def test_a_group_that_shrinks_or_repeats_is_no_new_episode(cli: CliRunner, repo: GitRepo) -> None:
    """Two alerts; the later one resolves on its own, then leaves the payload: still one episode."""
    d = json.loads(payload(repo, "f").read_text())
    late = {**d["alerts"][0], "fingerprint": "bbbb0002", "startsAt": "2026-03-02T10:04:00Z",
            "labels": {**d["alerts"][0]["labels"], "zone": "eu-2"}}  # fmt: skip
    both = repo.path.parent / "both.json"
    both.write_text(json.dumps({**d, "alerts": [d["alerts"][0], late]}))
    assert declare(cli, repo, both, "2026-03-02T10:05:00Z")[0] == 0
    written = (repo.path / NEW).read_text()
    assert "; started 2026-03-02T10:04:00Z" in written
    one_done = repo.path.parent / "one-done.json"
    done = {**late, "status": "resolved", "endsAt": "2026-03-02T10:06:00Z"}
    one_done.write_text(json.dumps({**d, "alerts": [d["alerts"][0], done]}))
    for again in (one_done, payload(repo, "f")):
        assert declare(cli, repo, again, "2026-03-02T10:07:00Z") == (0, [SAME])
    assert (repo.path / NEW).read_text() == written


def test_a_hand_written_entry_that_looks_like_an_episode_is_read_safely(
    cli: CliRunner, repo: GitRepo
) -> None:
    assert declare(cli, repo, payload(repo, "f"), "2026-03-02T10:00:00Z")[0] == 0
    record = repo.path / NEW
    text = record.read_text().replace(
        "; started 2026-03-02T09:58:00Z", "; started 0000-13-02T09:58:00Z"
    )
    record.write_text(text)
    assert cli("validate", "--repo", repo.path).code == 0
    # no episode read from it: the group's last entry, a firing never resolved, tells it
    assert declare(cli, repo, payload(repo, "f"), "2026-03-02T10:05:00Z") == (0, [SAME])


def test_a_resolution_without_an_end_time_is_told_by_its_words(
    cli: CliRunner, repo: GitRepo
) -> None:
    """Go's zero ``endsAt``: no episode to key on; the same resolution twice is one entry."""
    resolved = payload(repo, "r", status="resolved")
    assert declare(cli, repo, payload(repo, "f"), "2026-03-02T10:00:00Z")[0] == 0
    assert declare(cli, repo, resolved, "2026-03-02T10:30:00Z")[1][0] == (
        f"{I}: Alertmanager: ProbeFailure resolved")  # fmt: skip
    assert declare(cli, repo, resolved, "2026-03-02T10:31:00Z") == (0, [SAME])


def close(cli: CliRunner, repo: GitRepo) -> None:
    """Declared from the alert, then taken to closed, committed (a closed record is frozen)."""
    assert declare(cli, repo, payload(repo, "f1"), "2026-03-02T10:00:00Z")[0] == 0
    for step in (
        ("assign", I, "--role", "incident_commander", "--to", "alice", "--at", "2026-03-02T10:01:00Z"),
        ("transition", I, "--to", "investigating", "--at", "2026-03-02T10:02:00Z"),
        ("set", I, "impact.description", "Probe failed"),
        ("transition", I, "--to", "resolved", "--at", "2026-03-02T10:21:00Z"),
        ("severity", I, "SEV3", "--reason", "minor", "--at", "2026-03-02T10:22:00Z"),
        ("transition", I, "--to", "closed", "--at", "2026-03-02T10:23:00Z"),
    ):  # fmt: skip
        run = cli(*step, *([] if step[0] == "set" else ["--by", "alice"]), "--repo", repo.path)
        assert run.code == 0, (step, run.out, run.err)
    repo.commit("closed")


def test_the_alert_of_a_closed_incident_firing_again_opens_a_related_incident(
    cli: CliRunner, repo: GitRepo
) -> None:
    close(cli, repo)
    closed = (repo.path / NEW).read_bytes()
    late = payload(repo, "late", ends="2026-03-02T10:20:00Z")  # news of the closed episode
    assert declare(cli, repo, late, "2026-03-02T10:59:00Z") == (0, [
        (f"{I}: {I} is closed, and a closed record takes no more entries: this delivery is not"
        " recorded; nothing written")])  # fmt: skip
    back = payload(repo, "back", starts="2026-03-02T11:00:00Z")
    code, out = declare(cli, repo, back, "2026-03-02T11:01:00Z")
    assert (code, out[:2]) == (0, [
        ("INC-2026-0003: opened (detected) from the Alertmanager alert in"
        " incidents/INC-2026-0003/incident.yaml"),
        f"  the alert is firing again, but {I} is closed: this is a new incident, related to {I}",
    ])  # fmt: skip
    assert (repo.path / NEW).read_bytes() == closed
    opened = (repo.path / "incidents/INC-2026-0003/incident.yaml").read_text()
    assert f"relations:\n  related: [{I}]\n" in opened
    assert cli("validate", "--repo", repo.path).code == 0
    repo.commit("the alert came back")
    # its redelivery joins the new incident, the one still open
    assert declare(cli, repo, back, "2026-03-02T11:05:00Z") == (
        0, ["INC-2026-0003: this delivery is already recorded; nothing written"])  # fmt: skip
    assert cli("check", "--base", "HEAD~1", "--repo", repo.path).code == 0


def test_a_record_holding_the_group_that_does_not_load_stops_the_delivery(
    cli: CliRunner, repo: GitRepo
) -> None:
    assert declare(cli, repo, payload(repo, "f1"), "2026-03-02T10:00:00Z")[0] == 0
    record = repo.path / NEW
    record.write_text(record.read_text().replace("    type: alert\n", "    type: alrt\n"))
    grown = json.loads(payload(repo, "f1").read_text())
    grown["alerts"].append({**grown["alerts"][0], "fingerprint": "ffff0000"})
    later = repo.path.parent / "grown.json"
    later.write_text(json.dumps(grown))
    code, out = declare(cli, repo, later, "2026-03-02T10:05:00Z")
    assert (code, len(out)) == (2, 1)
    assert out[0].startswith(
        f"incidentctl: error: {NEW} holds this alert group but does not load ({NEW}:28:11:"
        " schema.enum 'timeline[0].type': did you mean 'alert'?"
    )
    assert out[0].endswith("; fix it, then deliver the alert again; nothing written")
    record.write_text("id: [unclosed\n" + record.read_text())  # no YAML at all: by its text
    code, out = declare(cli, repo, later, "2026-03-02T10:06:00Z")
    assert code == 2
    assert out[0].startswith(f"incidentctl: error: {NEW} holds this alert group but does not load")
    assert not (repo.path / "incidents/INC-2026-0003").exists()
    # a broken record that holds another group does not stop this one
    other = payload(repo, "other", groupKey='{}:{alertname="Other"}')
    assert declare(cli, repo, other, "2026-03-02T10:07:00Z")[1][0].startswith(
        "INC-2026-0003: opened (detected)")  # fmt: skip


def _now(seconds: int) -> str:
    when = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=seconds)
    return when.isoformat().replace("+00:00", "Z")


def test_an_alert_a_little_ahead_of_this_clock_opens_within_clock_skew(repo: GitRepo) -> None:
    ahead = payload(repo, "ahead", starts=_now(30))
    run = run_subprocess("declare", "--from-alert", ahead, "--by", "alice", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith(f"{I}: opened (detected)")
    assert run_subprocess("validate", "--repo", repo.path).code == 0


def test_an_alert_far_ahead_of_this_clock_is_refused_naming_clock_skew(repo: GitRepo) -> None:
    far = payload(repo, "far", starts=_now(600))
    run = run_subprocess("declare", "--from-alert", far, "--by", "alice", "--repo", repo.path)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("incidentctl: error: ")
    assert "ahead of this machine's clock" in run.err
    assert run.err.endswith("by more than clock_skew_minutes (5); check the clocks\n")
    assert not (repo.path / NEW).exists()
    at = run_subprocess("declare", "--from-alert", far, "--at", "2026-03-02T10:00:00Z",
                        "--repo", repo.path)  # fmt: skip
    assert (at.code, at.err.endswith(", after --at 2026-03-02T10:00:00Z; check the clocks\n")) == (
        2, True)  # fmt: skip


def test_a_new_alert_that_arrived_resolved_is_not_called_firing(
    cli: CliRunner, repo: GitRepo
) -> None:
    assert declare(cli, repo, payload(repo, "f1"), "2026-03-02T10:00:00Z")[0] == 0
    d = json.loads(payload(repo, "f1").read_text())
    done = {**d["alerts"][0], "status": "resolved", "endsAt": "2026-03-02T10:03:00Z",
            "fingerprint": "abcd0001", "labels": {**d["alerts"][0]["labels"], "zone": "eu-9"}}  # fmt: skip
    d["alerts"].append(done)
    grown = repo.path.parent / "grown.json"
    grown.write_text(json.dumps(d))
    assert declare(cli, repo, grown, "2026-03-02T10:05:00Z")[1][0] == (
        f"{I}: Alertmanager: ProbeFailure: 1 new alert already resolved: ProbeFailure (zone=eu-9)"
        " (2 in all); started 2026-03-02T09:58:00Z")  # fmt: skip
    # a group opened with an alert that already resolved counts it apart
    d["groupKey"] = "another group"
    fresh = repo.path.parent / "fresh.json"
    fresh.write_text(json.dumps(d))
    assert declare(cli, repo, fresh, "2026-03-02T10:06:00Z")[0] == 0
    assert alert_texts(repo, "incidents/INC-2026-0003/incident.yaml") == [
        f'    text: "{HEAD} (1 alert firing, 1 resolved); started 2026-03-02T09:58:00Z"'
    ]


def test_a_credential_in_the_payload_is_refused_by_its_path_and_never_shown(
    repo: GitRepo,
) -> None:
    url = "postgres://admin:hunter2secret@db.internal:5432/prod"
    d = json.loads(AM.read_text())
    d["commonAnnotations"]["description"] = f"DB url {url} failing"
    leaked = repo.path.parent / "leaked.json"
    leaked.write_text(json.dumps(d))
    run = run_subprocess("declare", "--from-alert", leaked, "--repo", repo.path)
    assert (run.code, run.out, run.err) == (2, "", (
        f"incidentctl: error: {leaked}: commonAnnotations.description (character 25): looks like"
        " a URL with a password in it (secret.connection-string); a record may not hold it:"
        " remove it from the alert (rotate it if it is real); nothing written\n"))  # fmt: skip
    assert not (repo.path / NEW).exists()
    d["commonAnnotations"]["description"] = "DB url postgres://db.internal:5432/prod failing"
    leaked.write_text(json.dumps(d))
    run = run_subprocess("declare", "--from-alert", leaked, "--at", "2026-03-02T10:00:00Z",
                         "--repo", repo.path)  # fmt: skip
    assert (run.code, run.err) == (0, "")
