"""A whole outage from an alert to closed, and a security incident through NIST's lifecycle to
a released record (released before it closes: a closed record is frozen), with the responder commands only, committing after each step; check and
audit accept the history."""

from __future__ import annotations

import json
from pathlib import Path

from responder import team_repo

from conftest import REPO, CliRunner, GitRepo

ALERT = REPO / "tests/data/real/alertmanager-webhook/payload.json"  # see its ORIGIN.md
ALERTS = "schema_version: 1\ntype: outage\nservices:\n  http_checks: checkout\n"


def play(cli: CliRunner, repo: GitRepo, steps: list[tuple[str, ...]]) -> None:
    for n, step in enumerate(steps):
        run = cli(*step, "--repo", repo.path)
        assert run.code == 0, (step, run.out, run.err)
        repo.commit(f"step {n}: {' '.join(step[:2])}")
    assert cli("validate", "--repo", repo.path).code == 0
    run = cli("check", "--base", "main", "--repo", repo.path)
    assert (run.code, run.err) == (0, ""), run.out
    run = cli("audit", "--repo", repo.path)
    assert run.code == 0, run.out


def at(minute: int) -> tuple[str, str]:
    return ("--at", f"2026-03-02T{10 + minute // 60:02d}:{minute % 60:02d}:00Z")


def test_an_outage_from_alert_to_closed(cli: CliRunner, git_repo: GitRepo, tmp_path: Path) -> None:
    repo = team_repo(git_repo, None)
    repo.commit("alert routing", {"schemas/alerts.yaml": ALERTS})
    repo.git("checkout", "-q", "-b", "incident")
    doc = json.loads(ALERT.read_text())  # the real payload, moved to this morning
    doc["alerts"][0]["startsAt"] = "2026-03-02T09:58:12.828Z"
    firing, resolved = tmp_path / "firing.json", tmp_path / "resolved.json"
    firing.write_text(json.dumps(doc))
    resolved.write_text(json.dumps({**doc, "status": "resolved"}))
    i, by = "INC-2026-0001", ("--by", "alice")
    play(cli, repo, [
        ("declare", "--from-alert", str(firing), *at(0), *by),
        ("assign", i, "--role", "incident_commander", "--to", "alice", *at(1), *by),
        ("severity", i, "SEV1", "--reason", "All EU checkouts fail", *at(2), *by),
        ("transition", i, "--to", "investigating", *at(3), *by),
        ("escalate", i, "--team", "payments", *at(4), *by),
        ("note", i, "Rolled back the 10:00 config push", "--type", "action", *at(9), "--by", "bob"),
        ("comms", i, "--audience", "customers", "--record", *at(10)),
        ("transition", i, "--to", "mitigated", *at(12), *by),
        ("set", i, "impact.description", "Checkout failed for all EU users for 14 minutes"),
        ("transition", i, "--to", "resolved", *at(30), *by),
        ("declare", "--from-alert", str(resolved), *at(31), *by),
        ("action", "add", i, "--title", "Canary config pushes", "--owner", "bob",
         "--type", "prevent", "--priority", "P1", *at(40)),
        ("postmortem", "new", i, "--owner", "alice"),
        ("transition", i, "--to", "postmortem", *at(50), *by),
        ("postmortem", "status", i, "in_review"),
        ("postmortem", "status", i, "approved", "--approver", "bob"),
        ("transition", i, "--to", "closed", *at(120), *by),
        ("action", "done", i, "AI-1", *at(150)),
    ])  # fmt: skip
    show = cli("show", i, "--repo", repo.path).out
    assert "outage · closed · SEV1 · internal" in show
    assert len(cli("list", "--repo", repo.path).out.splitlines()) == 2


def test_a_security_incident_through_nist_to_a_released_record(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo, None)
    repo.git("checkout", "-q", "-b", "incident")
    i, by = "INC-2026-0001", ("--by", "carol")
    play(cli, repo, [
        ("new", "--title", "Deploy token seen in a public CI log", "--type", "security",
         "--status", "reported", *at(0), *by),
        ("transition", i, "--to", "triage", *at(5), *by),
        ("assign", i, "--role", "incident_commander", "--to", "carol", *at(6), *by),
        ("severity", i, "SEV2", "--reason", "A write token to production", *at(7), *by),
        ("transition", i, "--to", "declared", *at(8), *by),
        ("note", i, "Token revoked; the log is deleted", "--type", "action", *at(20), *by),
        ("transition", i, "--to", "contained", *at(21), *by),
        ("transition", i, "--to", "eradicated", *at(60), *by),
        ("set", i, "impact.description", "No use of the token was found in the audit logs"),
        ("transition", i, "--to", "recovered", *at(90), *by),
        ("postmortem", "new", i, "--owner", "carol"),
        ("transition", i, "--to", "post_incident", *at(100), *by),
        ("action", "add", i, "--title", "Mask tokens in CI logs", "--owner", "alice",
         "--type", "prevent", "--priority-action", *at(110)),
        ("postmortem", "status", i, "in_review"),
        ("postmortem", "status", i, "approved", "--approver", "alice"),
        ("set", i, "summary", "A deploy token was printed in a public CI log and revoked."),
        ("release", i, "--reason", "Public advisory", *at(190), *by),
        ("transition", i, "--to", "closed", *at(200), *by),
    ])  # fmt: skip
    listed = json.loads(cli("list", "--format", "json", "--repo", repo.path).out)["incidents"]
    assert listed[0]["title"] == "Deploy token seen in a public CI log"
    assert listed[0]["visibility"] == "public"
    run = cli("comms", i, "--audience", "customers", "--repo", repo.path)
    assert run.code == 0
    assert run.out.startswith(
        "**Deploy token seen in a public CI log**: This incident has been resolved."
    )
