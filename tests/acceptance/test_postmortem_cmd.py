"""postmortem new writes a draft with every required section; status moves it with validate's
checks, or refuses and writes nothing."""

from __future__ import annotations

from responder import team_repo

from conftest import CliRunner, GitRepo, run_subprocess

PM = "incidents/INC-2026-0001/postmortem.md"


def test_the_draft_has_every_required_section_and_validates(git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    run = run_subprocess("postmortem", "new", "INC-2026-0001", "--by", "alice", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    text = (repo.path / PM).read_text()
    assert text.startswith("---\nschema_version: 1\nincident: INC-2026-0001\nstatus: draft\n"
                           "owner: alice\nauthors: [alice]\n---\n")  # fmt: skip
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Summary", "## Impact", "## Timeline", "## Contributing factors",
                        "## What went well", "## What went wrong", "## Where we got lucky",
                        "## Action items", "## Responders"]  # fmt: skip
    assert "- 2026-03-01 10:05 UTC: status_change (investigating)" in text
    assert run_subprocess("validate", "--repo", repo.path).code == 0
    again = run_subprocess("postmortem", "new", "INC-2026-0001", "--repo", repo.path)
    assert (again.code, again.err) == (
        2, f"incidentctl: error: {PM} already exists; edit it, or move it with 'postmortem status'\n",
    )  # fmt: skip


def test_review_steps_are_checked_as_validate_checks_them(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    assert cli("postmortem", "new", "INC-2026-0001", "--by", "alice", "--repo", repo.path).code == 0
    repo.commit("draft")
    before = (repo.path / PM).read_bytes()
    run = cli("postmortem", "status", "INC-2026-0001", "approved", "--repo", repo.path)
    assert (run.code, run.err) == (1, (
        f"{PM}:4:9: edit.refused 'draft' -> 'approved' is not a review step (from 'draft': in_review)\n"
        f"incidentctl: nothing written; {PM} is unchanged\n"))  # fmt: skip
    assert cli("postmortem", "status", "INC-2026-0001", "in_review", "--repo", repo.path).code == 0
    repo.commit("in review")
    run = cli("postmortem", "status", "INC-2026-0001", "approved", "--repo", repo.path)
    assert (run.code, run.err.splitlines()[0]) == (
        1, (f"{PM}:4:9: postmortem.approver-required status 'approved' needs an approver other "
        "than the owner"),
    )  # fmt: skip
    run = cli("postmortem", "status", "INC-2026-0001", "approved", "--approver", "bob",
              "--repo", repo.path)  # fmt: skip
    assert (run.code, run.out) == (0, "INC-2026-0001: postmortem in_review -> approved\n")
    repo.commit("approved")
    run = cli("postmortem", "status", "INC-2026-0001", "published", "--at", "2026-03-05T12:00:00Z",
              "--repo", repo.path)  # fmt: skip
    assert run.code == 0
    text = (repo.path / PM).read_text()
    assert "status: published\n" in text
    assert "approvers:\n  - bob\npublished_at: 2026-03-05T12:00:00Z\n---\n" in text
    assert (repo.path / PM).read_bytes() != before
    repo.commit("published")
    assert cli("check", "--base", "HEAD~1", "--repo", repo.path).code == 0
