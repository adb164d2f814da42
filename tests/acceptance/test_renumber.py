"""renumber rewrites the old id wherever it is the incident's own name (the postmortem's front
matter, headings and action item ids, the proposed chat channel, other records' relations) and
lists every other mention; nothing else in those files changes."""

from __future__ import annotations

import difflib
from pathlib import Path

from responder import REC, RECORD, team_repo

from conftest import CliRunner, GitRepo, run_subprocess

OLD_DIR, NEW_DIR = "incidents/INC-2026-0002", "incidents/INC-2026-0003"
OPEN = ("new", "--title", "Checkout returns 502s", "--severity", "SEV2", "--service", "checkout",
        "--commander", "alice", "--at", "2026-03-02T09:00:00Z", "--by", "bob")  # fmt: skip
# the team's first record points at the second twice, and mentions it in prose once
POINTING = RECORD.replace(
    "roles:",
    "relations:\n  related: [INC-2026-0002]  # the same deploy\n"
    "  duplicate_of: 'INC-2026-0002'\nroles:",
).replace("    by: alice\n  - at: 2026-03-01T10:05", "    by: alice\n"
          "    text: like INC-2026-0002 again\n  - at: 2026-03-01T10:05")  # fmt: skip
PROSE = (
    "\nWe first thought INC-2026-0002 was INC-2026-00021 or XINC-2026-0002.\n\n"
    "```text\n# INC-2026-0002: a comment in a log, not a heading\n"
    "INC-2026-0002-AI-1 in a fence\n```\n"
)


def _changed(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [ln for ln in diff if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def _opened(cli: CliRunner, git_repo: GitRepo) -> GitRepo:
    repo = team_repo(git_repo, POINTING)
    assert cli(*OPEN, "--repo", repo.path).code == 0
    assert cli("action", "add", "INC-2026-0002", "--title", "Canary pushes", "--owner", "bob",
               "--type", "prevent", "--priority", "P1", "--repo", repo.path).code == 0  # fmt: skip
    assert (
        cli("postmortem", "new", "INC-2026-0002", "--owner", "bob", "--repo", repo.path).code == 0
    )
    pm = repo.path / OLD_DIR / "postmortem.md"
    pm.write_text(pm.read_text() + PROSE)
    run = cli("validate", "--repo", repo.path)
    assert run.code == 0, run.out
    return repo


def test_renumber_rewrites_the_incidents_own_name_and_lists_the_rest(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _opened(cli, git_repo)
    rec, pm = (repo.path / OLD_DIR / n for n in ("incident.yaml", "postmortem.md"))
    before = {p: p.read_text() for p in (rec, pm, repo.path / REC)}
    run = run_subprocess("renumber", "INC-2026-0002", "INC-2026-0003", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        "INC-2026-0002 -> INC-2026-0003 (incidents/INC-2026-0003/incident.yaml)\n"
        "  related: incidents/INC-2026-0001/incident.yaml now names INC-2026-0003\n"
        "  left as written: incidents/INC-2026-0001/incident.yaml:19:16: INC-2026-0002"
        " (change it if it means this one)\n"
        f"  left as written: {NEW_DIR}/postmortem.md:LINE1:18: INC-2026-0002"
        " (change it if it means this one)\n"
        f"  left as written: {NEW_DIR}/postmortem.md:LINE2:3: INC-2026-0002"
        " (change it if it means this one)\n"
        f"  left as written: {NEW_DIR}/postmortem.md:LINE3:1: INC-2026-0002"
        " (change it if it means this one)\n"
        "  next: git add -A incidents && git commit\n"
    ).replace("LINE1", str(_line(before[pm], "We first thought")))\
     .replace("LINE2", str(_line(before[pm], "# INC-2026-0002: a comment")))\
     .replace("LINE3", str(_line(before[pm], "INC-2026-0002-AI-1 in a fence")))  # fmt: skip
    new_rec = (repo.path / NEW_DIR / "incident.yaml").read_text()
    assert _changed(before[rec], new_rec) == [
        "-id: INC-2026-0002", "+id: INC-2026-0003",
        '-  chat: "#inc-2026-0002-checkout-returns-502s"',
        '+  chat: "#inc-2026-0003-checkout-returns-502s"',
        "-  - id: INC-2026-0002-AI-1", "+  - id: INC-2026-0003-AI-1",
    ]  # fmt: skip
    new_pm = (repo.path / NEW_DIR / "postmortem.md").read_text()
    changed = _changed(before[pm], new_pm)
    assert [ln for ln in changed if ln.startswith("-")] == [
        "-incident: INC-2026-0002", "-# INC-2026-0002: Checkout returns 502s",
        "-- INC-2026-0002-AI-1: Canary pushes (bob)",
    ]  # fmt: skip
    assert [ln for ln in changed if ln.startswith("+")] == [
        "+incident: INC-2026-0003", "+# INC-2026-0003: Checkout returns 502s",
        "+- INC-2026-0003-AI-1: Canary pushes (bob)",
    ]  # fmt: skip
    assert _changed(before[repo.path / REC], (repo.path / REC).read_text()) == [
        "-  related: [INC-2026-0002]  # the same deploy", "-  duplicate_of: 'INC-2026-0002'",
        "+  related: [INC-2026-0003]  # the same deploy", "+  duplicate_of: 'INC-2026-0003'",
    ]  # fmt: skip
    assert not (repo.path / OLD_DIR).exists()
    assert cli("validate", "--repo", repo.path).code == 0


def _line(text: str, start: str) -> int:
    return next(n for n, ln in enumerate(text.split("\n"), 1) if ln.startswith(start))


def test_a_record_that_cannot_be_edited_is_named_and_left_alone(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _opened(cli, git_repo)
    broken = "incidents/INC-2026-0004/incident.yaml"
    text = "id: INC-2026-0004\nrelations: {related: [INC-2026-0002]\n"  # not YAML
    repo.write({broken: text})
    run = cli("renumber", "INC-2026-0002", "INC-2026-0003", "--repo", repo.path)
    assert run.code == 0, run.err
    assert (
        f"  not rewritten: {broken} cannot be edited safely; change INC-2026-0002 there by hand"
        in run.out.splitlines()
    )
    assert (repo.path / broken).read_text() == text


def test_a_refused_renumber_leaves_every_file_as_it_was(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = _opened(cli, git_repo)
    files = sorted(p for p in (repo.path / "incidents").rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    for new in ("INC-2026-0001", "OPS-2026-0003", "INC-2026-3"):  # taken, wrong prefix, malformed
        run = cli("renumber", "INC-2026-0002", new, "--repo", repo.path)
        assert run.code == 2, run.err
        assert {p: p.read_bytes() for p in files} == before
    assert not Path(repo.path / NEW_DIR).exists()
