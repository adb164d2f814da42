"""The editing commands judge the whole incident folder and point into the files as they are.

An edit is refused when any file of the folder would start failing (the record beside an edited
postmortem), a refusal's position is a real place of the unchanged file, and front matter is
read as validate reads it (a byte order mark, CRLF line endings) and kept byte for byte.
"""

from __future__ import annotations

import difflib

import pytest

from conftest import REPO, CliRunner, GitRepo


@pytest.fixture
def repo(archive_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    monkeypatch.setenv("INCIDENTCTL_USER", "marta.silva")
    return archive_repo


def _changed(before: bytes, after: bytes) -> list[str]:
    old, new = before.decode().splitlines(True), after.decode().splitlines(True)
    diff = difflib.unified_diff(old, new, n=0)
    return [ln for ln in diff if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def test_a_review_step_that_breaks_the_record_beside_it_is_refused(
    cli: CliRunner, repo: GitRepo
) -> None:
    pm, rec = (
        repo.path / "incidents/INC-2026-0005" / n for n in ("postmortem.md", "incident.yaml")
    )
    before = pm.read_bytes()
    run = cli("postmortem", "status", "INC-2026-0005", "draft", "--repo", repo.path)
    assert (run.code, run.out, run.err) == (1, "", (
        "incidents/INC-2026-0005/incident.yaml:10:9: postmortem.status-too-early state 'closed'"
        " needs the postmortem to be at least approved\n"
        "incidentctl: nothing written; incidents/INC-2026-0005/postmortem.md is unchanged\n"
    ))  # fmt: skip
    assert rec.read_text().splitlines()[9] == "status: closed"
    assert pm.read_bytes() == before
    assert cli("validate", "--repo", repo.path).code == 0


def test_a_review_step_the_record_allows_is_written(cli: CliRunner, repo: GitRepo) -> None:
    run = cli("postmortem", "status", "INC-2026-0019", "in_review", "--repo", repo.path)
    assert (run.code, run.out, run.err) == (0, "INC-2026-0019: postmortem draft -> in_review\n", "")
    assert cli("validate", "--repo", repo.path).code == 0


def test_a_refusal_points_at_a_line_of_the_file_as_it_is(cli: CliRunner, repo: GitRepo) -> None:
    rec = repo.path / "incidents/INC-2026-0013/incident.yaml"
    before = rec.read_bytes()
    run = cli("note", "INC-2026-0013", "bell \a here", "--repo", repo.path)
    assert (run.code, run.out) == (1, "")
    lines = before.decode().splitlines()
    assert len(lines) == 27
    assert lines[25] == "    text: Declared SEV3; investigating next."
    assert run.err == (
        "incidents/INC-2026-0013/incident.yaml:26:45: schema.control-character 'timeline[2].text':"
        " holds the invisible control or bidirectional character U+0007; delete it (such"
        " characters can hide or reorder what a reader sees) (in the text this edit would write"
        " here)\n"
        "incidentctl: nothing written; incidents/INC-2026-0013/incident.yaml is unchanged\n"
    )
    assert rec.read_bytes() == before


def test_a_refused_value_on_an_edited_line_points_where_the_edit_starts(
    cli: CliRunner, repo: GitRepo
) -> None:
    run = cli("set", "INC-2026-0013", "title", "Slow \u202e logins", "--repo", repo.path)
    assert (run.code, run.err.splitlines()[0]) == (1, (
        "incidents/INC-2026-0013/incident.yaml:4:8: schema.control-character 'title': holds the"
        " invisible control or bidirectional character U+202E; delete it (such characters can"
        " hide or reorder what a reader sees)"
    ))  # fmt: skip


def test_postmortem_front_matter_with_a_bom_and_crlf_is_edited_and_kept(
    cli: CliRunner, repo: GitRepo
) -> None:
    pm = repo.path / "incidents/INC-2026-0019/postmortem.md"
    saved = b"\xef\xbb\xbf" + pm.read_bytes().replace(b"\n", b"\r\n")
    repo.commit("saved on Windows", {"incidents/INC-2026-0019/postmortem.md": saved})
    assert cli("validate", "--repo", repo.path).code == 0
    run = cli("postmortem", "status", "INC-2026-0019", "in_review", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    after = pm.read_bytes()
    assert after == saved.replace(b"\r\nstatus: draft\r\n", b"\r\nstatus: in_review\r\n", 1)
    assert cli("validate", "--repo", repo.path).code == 0


def test_a_record_with_a_bom_and_crlf_is_edited_and_kept(cli: CliRunner, repo: GitRepo) -> None:
    rec = repo.path / "incidents/INC-2026-0013/incident.yaml"
    saved = b"\xef\xbb\xbf" + rec.read_bytes().replace(b"\n", b"\r\n")
    repo.commit("saved on Windows", {"incidents/INC-2026-0013/incident.yaml": saved})
    run = cli("set", "INC-2026-0013", "summary", "Mobile logins are slow.", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    assert _changed(saved, rec.read_bytes()) == [
        (
            "-summary: Mobile login p95 latency doubled since 06:00 UTC; web login is normal."
            " Just declared.\r\n"
        ),
        "+summary: Mobile logins are slow.\r\n",
    ]
    assert rec.read_bytes().startswith(b"\xef\xbb\xbf# yaml-language-server")


def test_set_replaces_a_folded_block_scalar_in_its_own_style(cli: CliRunner, repo: GitRepo) -> None:
    rec = repo.path / "incidents/INC-2026-0010/incident.yaml"
    before = rec.read_bytes()
    run = cli("set", "INC-2026-0010", "summary", "A rack of storage nodes failed.", "--repo",
              repo.path)  # fmt: skip
    assert (run.code, run.out, run.err) == (0, "INC-2026-0010: summary set\n", "")
    assert _changed(before, rec.read_bytes()) == [
        (
            "-  Object storage in eu-west returns 503 for about a third of requests. Product"
            " images fail to\n"
        ),
        "-  load and sellers cannot upload. Under investigation.\n",
        "+  A rack of storage nodes failed.\n",
    ]
    assert cli("validate", "--repo", repo.path).code == 0


def test_release_widens_twice_as_check_wants_it(cli: CliRunner, repo: GitRepo) -> None:
    opened = cli("new", "--title", "Credential stuffing on admin accounts", "--type", "security",
                 "--at", "2026-12-01T09:00:00Z",
                 "--severity", "SEV2", "--commander", "marta.silva", "--repo", repo.path)  # fmt: skip
    assert opened.code == 0, opened.err
    new_id = opened.out.split(":", 1)[0]
    repo.commit("open")
    first = cli("release", new_id, "--visibility", "internal", "--reason", "Shared with all"
                " engineering", "--at", "2026-12-02T10:00:00Z", "--repo", repo.path)  # fmt: skip
    assert first.code == 0, first.err
    repo.commit("internal")
    same = cli("release", new_id, "--reason", "Shared with all engineering", "--at",
               "2026-12-02T10:00:00Z", "--repo", repo.path)  # fmt: skip
    assert (same.code, same.err.splitlines()[0].split(": ", 1)[1]) == (
        1, "edit.refused widening again is a new decision: give its own --reason, or a later --at"
    )  # fmt: skip
    second = cli("release", new_id, "--reason", "Public advisory published", "--at",
                 "2026-12-02T12:00:00Z", "--repo", repo.path)  # fmt: skip
    assert (second.code, second.err) == (0, "")
    assert second.out.startswith(f"{new_id}: released as public by marta.silva\n")
    text = (repo.path / f"incidents/{new_id}/incident.yaml").read_text()
    assert "visibility: public\nrelease:\n  approved_by: marta.silva\n" in text
    assert "  approved_at: 2026-12-02T12:00:00Z\n  reason: Public advisory published\n" in text
    repo.commit("public")
    assert cli("check", "--base", "HEAD~1", "--repo", repo.path).code == 0
    wider = cli("release", new_id, "--reason", "again", "--repo", repo.path)
    assert (wider.code, "'public' is not wider than the record's 'public'" in wider.err) == (
        1,
        True,
    )


def test_a_record_edit_that_breaks_the_postmortem_beside_it_is_refused(
    cli: CliRunner, repo: GitRepo
) -> None:
    """A section the policy needs at SEV1 only: raising INC-2026-0007 would fail its postmortem."""
    policy = (REPO / "tooling/incidentctl/policy/defaults/postmortem.yaml").read_text()
    extra = "  - name: Customer communication\n    severities: [SEV1]\n"
    policy = policy.replace(
        "  - name: Where we got lucky\n", "  - name: Where we got lucky\n" + extra, 1
    )
    repo.commit("a SEV1 section", {"schemas/postmortem.yaml": policy})
    rec = repo.path / "incidents/INC-2026-0007/incident.yaml"
    before = rec.read_bytes()
    run = cli("severity", "INC-2026-0007", "SEV1", "--reason", "worse", "--repo", repo.path)
    assert (run.code, run.out, run.err) == (1, "", (
        "incidents/INC-2026-0007/postmortem.md:15:1: postmortem.missing-section the body needs a"
        " '## Customer communication' section\n"
        "incidentctl: nothing written; incidents/INC-2026-0007/incident.yaml is unchanged\n"
    ))  # fmt: skip
    assert rec.read_bytes() == before
    milder = cli("severity", "INC-2026-0007", "SEV3", "--reason", "milder", "--repo", repo.path)
    assert (milder.code, milder.err) == (0, "")
