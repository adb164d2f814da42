"""note, severity, assign, escalate and action: one clean diff each, or a refusal that writes
nothing. Real repositories, the real CLI."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from responder import REC, RECORD, team_repo

from conftest import CliRunner, GitRepo, run_subprocess

AT = "2026-03-01T10:20:00Z"


def added(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def edit(cli: CliRunner, repo: GitRepo, *args: str) -> tuple[int, str, list[str]]:
    before = (repo.path / REC).read_text()
    by = [] if args[0] == "action" else ["--by", "alice"]  # action items record no "by"
    run = cli(*args, "--at", AT, *by, "--repo", repo.path)
    after = (repo.path / REC).read_text()
    if run.code == 0:  # every edit leaves a record that validates and a history check passes
        assert cli("validate", "--repo", repo.path).code == 0
        repo.commit(" ".join(args[:2]))
        assert cli("check", "--base", "HEAD~1", "--repo", repo.path).code == 0
    return run.code, run.out, added(before, after)


def test_note_severity_assign_escalate_action_are_each_one_clean_diff(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    entry = ["+  - at: 2026-03-01T10:20:00Z"]
    assert edit(cli, repo, "note", "INC-2026-0001", "Error rate 40%") == (
        0,
        (
            "INC-2026-0001: observation added to the timeline (incidents/INC-2026-0001/incident.yaml)\n"
            "  next: incidentctl show INC-2026-0001\n"
        ),
        [*entry, "+    type: observation", "+    by: alice", "+    text: Error rate 40%"],
    )
    code, out, diff = edit(cli, repo, "severity", "INC-2026-0001", "SEV1", "--reason", "All EU")
    assert (code, out.splitlines()[0]) == (0, "INC-2026-0001: severity SEV2 -> SEV1")
    assert diff == ["-severity: SEV2", "+severity: SEV1", *entry, "+    type: severity_change",
                    "+    severity: SEV1", "+    by: alice", '+    text: "SEV2 -> SEV1: All EU"']  # fmt: skip
    code, out, diff = edit(
        cli, repo, "assign", "INC-2026-0001", "--role", "comms_lead", "--to", "carol"
    )
    assert diff == ["+  comms_lead: carol", *entry, "+    type: role_change", "+    by: alice",
                    '+    text: "comms_lead: carol"']  # fmt: skip
    code, out, diff = edit(cli, repo, "escalate", "INC-2026-0001", "--team", "payments")
    assert (code, out.splitlines()[0]) == (0, "INC-2026-0001: escalated to payments: bob, alice")
    assert diff[-3:] == ["+responders:", "+  - bob", "+  - alice"]
    code, out, diff = edit(cli, repo, "action", "add", "INC-2026-0001", "--title", "Alert on 5xx",
                           "--owner", "bob", "--type", "detect", "--priority", "P1")  # fmt: skip
    assert out == "INC-2026-0001-AI-1: Alert on 5xx, due 2026-03-31 (P1: 30 days)\n"
    assert diff == ["+action_items:", "+  - id: INC-2026-0001-AI-1", "+    title: Alert on 5xx",
                    "+    owner: bob", "+    type: detect", "+    priority: P1",
                    "+    status: open", "+    source: response",
                    "+    created_at: 2026-03-01T10:20:00Z", "+    due: 2026-03-31"]  # fmt: skip
    code, out, diff = edit(cli, repo, "action", "done", "INC-2026-0001", "AI-1")
    assert diff == [
        "-    status: open",
        "+    status: done",
        "+    completed_at: 2026-03-01T10:20:00Z",
    ]


def test_a_priority_action_is_due_by_the_severity_slo(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    code, out, _ = edit(cli, repo, "action", "add", "INC-2026-0001", "--title", "Canary",
                        "--owner", "bob", "--type", "prevent", "--priority-action")  # fmt: skip
    assert (code, out) == (0, "INC-2026-0001-AI-1: Canary, due 2026-04-26 (priority action, SEV2: 56 days)\n")  # fmt: skip


REFUSALS = [
    (["severity", "INC-2026-0001", "SEV9", "--reason", "x"], 2,
     ("incidentctl: error: LEVEL SEV9: not a severity of this repository; "
     "known: SEV1, SEV2, SEV3, SEV4")),
    (["severity", "INC-2026-0001", "SEV2", "--reason", "x"], 1,
     "incidents/INC-2026-0001/incident.yaml:7:11: edit.refused the severity is already SEV2"),
    (["assign", "INC-2026-0001", "--role", "comms_laed", "--to", "carol"], 2,
     ("incidentctl: error: --role comms_laed: not a role of this repository; "
     "did you mean 'comms_lead'?")),
    (["assign", "INC-2026-0001", "--role", "comms_lead", "--to", "carl"], 2,
     "incidentctl: error: --to carl: not in the roster (schemas/people.yaml); did you mean 'carol'?"),
    (["escalate", "INC-2026-0001", "--team", "paymnets"], 2,
     ("incidentctl: error: --team paymnets: not a roster team of this repository; "
     "did you mean 'payments'?")),
    (["new", "--title", "Checkout down", "--type", "outtage"], 2,
     ("incidentctl: error: --type outtage: not an incident type of this repository; did you"
     " mean 'outage'? (data, degradation, near_miss, outage, security)")),
    (["note", "INC-2026-0001", "   "], 1,
     "incidents/INC-2026-0001/incident.yaml:12:3: edit.refused the note is empty; say what happened"),
    (["action", "done", "INC-2026-0001", "AI-7"], 1,
     ("incidents/INC-2026-0001/incident.yaml:2:1: edit.refused no action item "
     "INC-2026-0001-AI-7; the record has no action items")),
    (["note", "INC-2026-0010", "x"], 2,
     ("incidentctl: error: incidents/INC-2026-0010/incident.yaml: no such incident record; "
     "did you mean 'INC-2026-0001'?")),
    (["note", "INC-2026-1", "x"], 2,
     "incidentctl: error: 'INC-2026-1' is not an incident id such as INC-2026-0007"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "first"),
    REFUSALS,
    ids=lambda a: " ".join(a[:3]) if isinstance(a, list) else "",
)
def test_refusals_say_why_and_write_nothing(
    cli: CliRunner, git_repo: GitRepo, args: list[str], code: int, first: str
) -> None:
    repo = team_repo(git_repo)
    before = (repo.path / REC).read_bytes()
    by = [] if args[0] == "action" else ["--by", "alice"]
    run = cli(*args, "--at", AT, *by, "--repo", repo.path)
    assert (run.code, run.err.splitlines()[0], run.out) == (code, first, "")
    if code == 1:
        assert run.err.splitlines()[1:] == [f"incidentctl: nothing written; {REC} is unchanged"]
    assert (repo.path / REC).read_bytes() == before


def test_a_record_that_does_not_validate_is_not_edited(git_repo: GitRepo) -> None:
    """Through the real CLI: a record with an unknown person stays as it is."""
    repo = team_repo(
        git_repo, RECORD.replace("incident_commander: alice", "incident_commander: zed")
    )
    before = (repo.path / REC).read_bytes()
    run = run_subprocess("note", "INC-2026-0001", "x", "--by", "alice", "--repo", repo.path)
    assert run.code == 1
    assert run.err.splitlines() == [
        (
            "incidents/INC-2026-0001/incident.yaml:10:23: ref.unknown-person 'zed' is not in the "
            "roster; known: alice, bob, carol; or add them to schemas/people.yaml"
        ),
        f"incidentctl: nothing written; {REC} is unchanged",
    ]
    assert (repo.path / REC).read_bytes() == before


def test_set_takes_prose_fields_only(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    before = (repo.path / REC).read_bytes()
    run = cli("set", "INC-2026-0001", "severity", "SEV1", "--repo", repo.path)
    assert (run.code, run.err.splitlines()[0]) == (1, (
        "incidents/INC-2026-0001/incident.yaml:2:1: edit.refused 'severity' cannot be set with "
        "'set'; one of: title, summary, impact.description, resolution, reopen_reason, "
        "channels.chat, channels.bridge, channels.status_page, relations.duplicate_of, "
        "relations.caused_by_change"))  # fmt: skip
    assert (repo.path / REC).read_bytes() == before
    run = cli("set", "INC-2026-0001", "impact.description", "All EU checkouts", "--repo", repo.path)
    assert run.code == 0
    assert (repo.path / REC).read_text() == RECORD + "impact:\n  description: All EU checkouts\n"


def test_release_widens_visibility_once(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    run = cli("release", "INC-2026-0001", "--visibility", "internal", "--reason", "x",
              "--by", "alice", "--repo", repo.path)  # fmt: skip
    assert run.err.splitlines()[0].endswith(
        "edit.refused 'internal' is not wider than the record's 'internal'"
    )
    run = cli("release", "INC-2026-0001", "--reason", "Advisory out", "--at", AT,
              "--by", "alice", "--repo", repo.path)  # fmt: skip
    assert run.code == 0, run.err
    assert (repo.path / REC).read_text() == RECORD + (
        "visibility: public\nrelease:\n  approved_by: alice\n  approved_at: 2026-03-01T10:20:00Z\n"
        "  reason: Advisory out\n")  # fmt: skip


DETECTED = RECORD.replace("status: investigating\nseverity", "status: detected\nseverity").replace(
    "  - at: 2026-03-01T10:05:00Z\n    type: status_change\n    status: investigating\n"
    "    by: alice\n", "")  # fmt: skip


@pytest.mark.parametrize(
    ("roles", "after"),
    [
        ("roles: {incident_commander: alice}  # flow\n",
         "roles: {incident_commander: alice, comms_lead: carol}  # flow\n"),
        ("roles: {}\n", "roles:\n  comms_lead: carol\n"),
        ("", "\nroles:\n  comms_lead: carol\n"),
    ],
)  # fmt: skip
def test_assign_in_every_layout_of_roles(
    cli: CliRunner, git_repo: GitRepo, roles: str, after: str
) -> None:
    repo = team_repo(git_repo, DETECTED.replace("roles:\n  incident_commander: alice\n", roles))
    code, _, _ = edit(cli, repo, "assign", "INC-2026-0001", "--role", "comms_lead", "--to", "carol")
    assert code == 0
    assert after in (repo.path / REC).read_text()


def test_a_closed_record_is_frozen_as_check_would_say(cli: CliRunner, archive: Path) -> None:
    rel = "incidents/INC-2026-0003/incident.yaml"  # closed
    before = (archive / rel).read_bytes()
    run = cli("note", "INC-2026-0003", "A late thought", "--by", "grace.okafor", "--repo", archive)
    assert (run.code, run.err.splitlines()[0]) == (1, (
        f"{rel}:36:1: history.frozen 'timeline' changed, but the incident is closed (terminal); "
        "after closing only these may change: tags, relations, action_items[].status, "
        "action_items[].completed_at, action_items[].notes, action_items[].tracker"))  # fmt: skip
    assert (archive / rel).read_bytes() == before
    run = cli("action", "done", "INC-2026-0003", "AI-1", "--repo", archive)  # still allowed
    assert run.code == 0, run.err


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["--status", "investigatin"], ("--status investigatin: not a state of this repository;"
         " did you mean 'investigating'?")),
        (["--severity", "sev1"], ("--severity sev1: not a severity of this repository;"
         " did you mean 'SEV1'?")),
        (["--service", "checkuot"], ("--service checkuot: not a service of this repository;"
         " did you mean 'checkout'?")),
    ],
)  # fmt: skip
def test_a_list_filter_naming_nothing_known_is_a_usage_error(
    cli: CliRunner, git_repo: GitRepo, args: list[str], first: str
) -> None:
    """Not "no incidents match": a mistyped filter would match nothing, silently."""
    repo = team_repo(git_repo)
    run = cli("list", *args, "--repo", repo.path)
    assert (run.code, run.err) == (2, f"incidentctl: error: {first}\n")
