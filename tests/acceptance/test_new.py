"""new allocates the next free id and writes a record that validates; check catches an id two
branches both opened, and renumber moves one of them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from responder import REC, RECORD, team_repo

from conftest import CliRunner, GitRepo, run_subprocess

NEW_REC = "incidents/INC-2026-0002/incident.yaml"
OPEN = ("new", "--title", "Checkout returns 502s", "--severity", "SEV2", "--service", "checkout",
        "--commander", "alice", "--at", "2026-03-02T09:00:00Z", "--by", "bob")  # fmt: skip


def test_new_writes_the_next_id_with_its_first_status_change(git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    run = run_subprocess(*OPEN, "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        "INC-2026-0002: opened (detected) in incidents/INC-2026-0002/incident.yaml\n"
        "  chat channel: #inc-2026-0002-checkout-returns-502s\n"
        "  next: incidentctl transition INC-2026-0002 --to investigating\n"
        "  next: git add incidents/INC-2026-0002/incident.yaml\n"
    )
    assert (repo.path / NEW_REC).read_text() == (
        "# yaml-language-server: $schema=../../schemas/incident.schema.json\n"
        "schema_version: 1\nid: INC-2026-0002\ntitle: Checkout returns 502s\ntype: outage\n"
        "status: detected\nseverity: SEV2\nservices: [checkout]\n"
        "roles:\n  incident_commander: alice\n"
        'channels:\n  chat: "#inc-2026-0002-checkout-returns-502s"\n'
        "timeline:\n  - at: 2026-03-02T09:00:00Z\n    type: status_change\n"
        "    status: detected\n    by: bob\n    text: Declared with incidentctl new\n"
    )
    assert run_subprocess("validate", "--repo", repo.path).code == 0


def test_another_year_starts_at_one_and_security_starts_restricted(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    run = cli("new", "--title", "Admin logins from a new ASN", "--type", "security",
              "--at", "2025-12-31T23:50:00Z", "--by", "carol", "--repo", repo.path)  # fmt: skip
    assert (run.code, run.out.splitlines()[0]) == (
        0, "INC-2025-0001: opened (triage) in incidents/INC-2025-0001/incident.yaml",
    )  # fmt: skip
    # its channel is named for its id alone: channel names are seen across the organisation
    record = (repo.path / "incidents/INC-2025-0001/incident.yaml").read_text()
    assert 'chat: "#inc-2025-0001"\n' in record
    assert "asn" not in run.out.lower() + record.split("title:")[0].lower()


def test_new_refuses_without_writing(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    cases = {
        ("--title", "x", "--severity", "SEV7"): "incidentctl: error: --severity SEV7: not known "
        "to this repository's policy; expected one of: SEV1, SEV2, SEV3, SEV4",
        ("--title", "x", "--service", "chekout"): "incidentctl: error: --service chekout: not "
        "known to this repository's policy; did you mean 'checkout'?",
        ("--title", "x", "--commander", "alcie"): "incidentctl: error: --commander alcie: not in "
        "the roster (schemas/people.yaml); did you mean 'alice'?",
        ("--title", "x", "--type", "outgae"): "incidentctl: error: --type outgae: not an incident "
        "type of this repository; did you mean 'outage'? (data, degradation, near_miss, outage,"
        " security)",
        ("--title", "x", "--status", "closed"): "incidentctl: error: --status closed: 'outage' "
        "starts at triage, detected",
    }
    for args, err in cases.items():
        run = cli("new", *args, "--by", "bob", "--repo", repo.path)
        assert (run.code, run.err) == (2, err + "\n")
    run = run_subprocess("new", "--repo", repo.path)  # no terminal: never a prompt
    assert run.code == 2
    assert run.err == "incidentctl: error: --title is required (no terminal to ask on)\n"
    assert not (repo.path / "incidents/INC-2026-0002").exists()


def test_check_reports_an_id_both_branches_opened_and_renumber_fixes_it(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    repo.git("checkout", "-q", "-b", "mine")
    assert cli(*OPEN, "--repo", repo.path).code == 0
    repo.commit("open INC-2026-0002 on my branch")
    repo.git("checkout", "-q", "main")
    other = RECORD.replace("INC-2026-0001", "INC-2026-0002").replace("Checkout errors", "DNS")
    repo.commit("someone else's INC-2026-0002", {NEW_REC: other})
    repo.git("checkout", "-q", "mine")
    run = cli("check", "--base", "main", "--repo", repo.path)
    assert run.code == 1
    assert (
        "incidents/INC-2026-0002/incident.yaml:3:5: incident.id-clash INC-2026-0002 was also "
        "opened on main since this branch started; renumber this one: "
        "incidentctl renumber INC-2026-0002 INC-2026-0003"
    ) in run.out.splitlines()
    run = run_subprocess("renumber", "INC-2026-0002", "INC-2026-0003", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith(
        "INC-2026-0002 -> INC-2026-0003 (incidents/INC-2026-0003/incident.yaml)\n"
    )
    text = (repo.path / "incidents/INC-2026-0003/incident.yaml").read_text()
    assert "id: INC-2026-0003\n" in text
    assert not (repo.path / "incidents/INC-2026-0002").exists()
    repo.commit("renumbered")
    assert cli("check", "--base", "main", "--repo", repo.path).code == 0


def test_renumber_refuses_a_taken_or_malformed_id(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    assert cli(*OPEN, "--repo", repo.path).code == 0
    before = (repo.path / REC).read_bytes()
    run = cli("renumber", "INC-2026-0001", "INC-2026-0002", "--repo", repo.path)
    assert (run.code, run.err) == (
        2, "incidentctl: error: incidents/INC-2026-0002 already exists; pick a free id\n",
    )  # fmt: skip
    run = cli("renumber", "INC-2026-0001", "2026-9", "--repo", repo.path)
    assert run.err == "incidentctl: error: '2026-9' is not an incident id such as INC-2026-0007\n"
    assert (repo.path / REC).read_bytes() == before


def test_on_a_terminal_every_missing_value_is_asked_for(git_repo: GitRepo) -> None:
    """A real pseudo-terminal: each prompt appears with the policy's choices; a wrong answer is
    asked again; the answers become the record."""
    import os
    import pty
    import select
    import subprocess
    import sys

    repo = team_repo(git_repo)
    main, side = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "incidentctl", "new", "--by", "bob", "--repo", str(repo.path)],
        stdin=side, stdout=side, stderr=side, env=env, close_fds=True,
    )  # fmt: skip
    os.close(side)
    seen = b""

    def answer(prompt: bytes, reply: bytes) -> None:
        nonlocal seen
        while prompt not in seen:
            ready, _, _ = select.select([main], [], [], 60)
            assert ready, f"no {prompt!r} after 60 s: {seen!r}"  # never hang on a regression
            seen += os.read(main, 1024)
        seen = seen[seen.index(prompt) + len(prompt) :]
        os.write(main, reply + b"\n")

    answer(b"Title (what is wrong?): ", b"Checkout returns 502s")
    answer(b"Type (data, degradation, near_miss, outage, security) [outage]: ", b"")
    answer(b"Severity (SEV1, SEV2, SEV3, SEV4): ", b"SEV9")
    answer(b"Error: 'SEV9' is not one of 'SEV1', 'SEV2', 'SEV3', 'SEV4'.", b"SEV2")
    answer(b"Service (checkout, payments-gateway): ", b"checkout")
    answer(b"Incident commander (alice, bob, carol) [bob]: ", b"")
    assert proc.wait(timeout=120) == 0
    while True:
        try:
            chunk = os.read(main, 1024)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert b"INC-2026-0002: opened (detected)" in seen
    text = (repo.path / NEW_REC).read_text()
    assert "title: Checkout returns 502s\ntype: outage\nstatus: detected\nseverity: SEV2\n" in text
    assert "services: [checkout]\nroles:\n  incident_commander: bob\n" in text


def test_new_skips_ids_already_taken_on_the_remote_default_branch(
    cli: CliRunner, git_repo: GitRepo, tmp_path: Path
) -> None:
    origin = team_repo(git_repo)
    origin.commit(
        "INC-2026-0002 on main", {NEW_REC: RECORD.replace("INC-2026-0001", "INC-2026-0002")}
    )
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin.path), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "reset", "-q", "--hard", "HEAD~1"], check=True)
    run = cli(*OPEN, "--repo", clone)  # the clone's own tree knows only INC-2026-0001
    assert (run.code, run.out.splitlines()[0]) == (
        0, "INC-2026-0003: opened (detected) in incidents/INC-2026-0003/incident.yaml")  # fmt: skip


def taken_upstream(origin: GitRepo, clone: Path) -> None:
    """``origin`` gains INC-2026-0002 that ``clone``'s own tree never sees."""
    origin.commit(
        "INC-2026-0002 upstream", {NEW_REC: RECORD.replace("INC-2026-0001", "INC-2026-0002")}
    )
    subprocess.run(["git", "-C", str(clone), "fetch", "-q", "origin"], check=True)


def test_new_reads_the_remote_default_branch_when_it_is_not_main(
    cli: CliRunner, git_repo: GitRepo, tmp_path: Path
) -> None:
    origin = team_repo(git_repo)
    origin.git("branch", "-q", "-m", "main", "trunk")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin.path), str(clone)], check=True)
    taken_upstream(origin, clone)  # origin/HEAD is origin/trunk; there is no origin/main
    run = cli(*OPEN, "--repo", clone)
    assert (run.code, run.out.splitlines()[0]) == (
        0, "INC-2026-0003: opened (detected) in incidents/INC-2026-0003/incident.yaml")  # fmt: skip


def test_new_reads_origin_main_when_the_remote_was_added_by_hand(
    cli: CliRunner, git_repo: GitRepo, tmp_path: Path
) -> None:
    origin = team_repo(git_repo)
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", "-b", "main", str(clone)], check=True)
    subprocess.run(
        ["git", "-C", str(clone), "remote", "add", "origin", str(origin.path)], check=True
    )
    subprocess.run(["git", "-C", str(clone), "fetch", "-q", "origin"], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "main"], check=True)
    taken_upstream(origin, clone)  # a fetch alone sets no origin/HEAD
    run = cli(*OPEN, "--repo", clone)
    assert (run.code, run.out.splitlines()[0]) == (
        0, "INC-2026-0003: opened (detected) in incidents/INC-2026-0003/incident.yaml")  # fmt: skip


def test_a_title_the_record_refuses_writes_nothing(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    run = cli("new", "--title", "Checkout \u202e502s", "--by", "bob", "--repo", repo.path)
    assert (run.code, run.out) == (1, "")
    assert run.err.splitlines() == [
        (
            "incidents/INC-2026-0002/incident.yaml:4:8: schema.control-character 'title': holds the "
            "invisible control or bidirectional character U+202E; delete it (such characters can "
            "hide or reorder what a reader sees)"
        ),
        (
            "incidentctl: nothing written (the lines above are of "
            "incidents/INC-2026-0002/incident.yaml as it would be)"
        ),
    ]
    assert not (repo.path / "incidents/INC-2026-0002").exists()


def test_renumber_moves_action_items_and_the_postmortem_too(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    assert cli("action", "add", "INC-2026-0001", "--title", "Canary", "--owner", "bob",
               "--type", "prevent", "--repo", repo.path).code == 0  # fmt: skip
    assert cli("postmortem", "new", "INC-2026-0001", "--by", "alice", "--repo", repo.path).code == 0
    run = cli("renumber", "INC-2026-0001", "INC-2026-0042", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    folder = repo.path / "incidents/INC-2026-0042"
    record = (folder / "incident.yaml").read_text()
    assert "id: INC-2026-0042\n" in record
    assert "  - id: INC-2026-0042-AI-1\n" in record
    assert "INC-2026-0001" not in record
    assert "incident: INC-2026-0042\n" in (folder / "postmortem.md").read_text()
    assert cli("validate", "--repo", repo.path).code == 0


@pytest.mark.parametrize(
    ("kind", "status"), [("security", None), ("outage", "triage"), ("outage", None)]
)
def test_the_next_move_new_suggests_is_one_its_lifecycle_takes(
    cli: CliRunner, archive: Path, kind: str, status: str | None
) -> None:
    args = ["new", "--title", "Odd logins", "--type", kind, "--severity", "SEV2",
            "--commander", "marta.silva", "--service", "identity", "--by", "marta.silva",
            "--repo", str(archive)]  # fmt: skip
    run = cli(*args, *(["--status", status] if status else []))
    assert run.code == 0, run.err
    moves = [line.split("next: ", 1)[1] for line in run.out.splitlines() if "transition" in line]
    assert len(moves) == 1
    incident_id, target = moves[0].split()[2], moves[0].split("--to ")[1]
    moved = cli("transition", incident_id, "--to", target, "--by", "marta.silva",
                "--repo", archive)  # fmt: skip
    assert moved.code == 0, moved.out + moved.err


def test_assign_suggests_the_next_move_from_the_current_state(
    cli: CliRunner, archive: Path
) -> None:
    run = cli("assign", "INC-2026-0010", "--role", "scribe", "--to", "kofi.asante",
              "--by", "marta.silva", "--repo", archive)  # fmt: skip
    assert run.code == 0, run.err
    assert "next: incidentctl transition INC-2026-0010 --to mitigated" in run.out
    assert "--to investigating" not in run.out  # where it already is


def test_new_outside_any_repository_writes_nothing(cli: CliRunner, tmp_path: Path) -> None:
    """Not a new incidents/ folder wherever the command happened to run."""
    run = cli("new", "--title", "Checkout down", "--by", "alice", "--repo", tmp_path)
    assert run.code == 2
    assert "is this an incident repository? (incidentctl init DIR, or --repo DIR)" in run.err
    assert list(tmp_path.iterdir()) == []


def test_a_service_given_twice_is_written_once(cli: CliRunner, archive: Path) -> None:
    run = cli("new", "--title", "Checkout down", "--service", "identity", "--service", "identity",
              "--by", "marta.silva", "--repo", archive)  # fmt: skip
    assert run.code == 0, run.err
    incident_id = run.out.split(":", 1)[0]
    record = (archive / f"incidents/{incident_id}/incident.yaml").read_text()
    assert "services: [identity]\n" in record
