"""``report --at REV`` and ``report backlog`` read git objects, never the working tree."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, CliRunner, GitRepo, run_subprocess

RECORD = "incidents/INC-2026-0006/incident.yaml"


def _base(repo: GitRepo) -> str:
    original = (REPO / RECORD).read_text()
    return repo.commit(
        "add an incident",
        {RECORD: original, "pyproject.toml": "[tool.incidentctl]\n"},
        date="2026-05-13T10:00:00Z",
    )


def test_at_rev_reports_the_commit_even_with_the_working_tree_changed(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    first = _base(git_repo)
    done = (
        (REPO / RECORD)
        .read_text()
        .replace(
            "    status: blocked\n", "    status: done\n    completed_at: 2026-09-01T10:00:00Z\n"
        )
    )
    second = git_repo.commit("item done", {RECORD: done}, date="2026-09-01T10:00:00Z")
    # the working tree says something else again, and a broken record besides
    git_repo.write(
        {
            RECORD: done.replace("status: done", "status: wont_do"),
            "incidents/INC-2026-0099/incident.yaml": "id: [\n",
        }
    )

    def status_at(*args: str) -> tuple[str, str | None]:
        run = cli("report", "actions", "--repo", git_repo.path, "--as-of", "2026-12-02",
                  "--format", "json", *args)  # fmt: skip
        assert (run.code, run.err) == (0, "")
        doc = json.loads(run.out)
        return doc["items"][0]["status"], doc["revision"]

    assert status_at("--at", first) == ("blocked", first)
    assert status_at("--at", second) == ("done", second)
    assert status_at("--at", "HEAD~1") == ("blocked", first)
    assert status_at() == ("wont_do", None)
    left = json.loads(cli("report", "actions", "--repo", git_repo.path, "--format", "json").out)
    assert [x["path"] for x in left["left_out"]] == ["incidents/INC-2026-0099/incident.yaml"]


def test_at_an_unknown_revision_is_a_usage_error(git_repo: GitRepo) -> None:
    _base(git_repo)
    run = run_subprocess("report", "metrics", "--at", "no-such-tag", "--repo", git_repo.path)
    assert (run.code, run.out, run.err) == (
        2, "", "incidentctl: error: unknown revision 'no-such-tag'\n",
    )  # fmt: skip


def test_at_outside_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "incidents").mkdir()
    run = run_subprocess("report", "actions", "--at", "HEAD", "--repo", tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("incidentctl: error: ")
    assert "is not a git repository" in run.err


def test_backlog_counts_open_items_at_each_weeks_end(git_repo: GitRepo) -> None:
    record = (REPO / RECORD).read_text()
    git_repo.commit(
        "config", {"pyproject.toml": "[tool.incidentctl]\n"}, date="2026-10-01T10:00:00Z"
    )
    # Wednesday 7 Oct: one open item (blocked) for team-edge
    git_repo.commit("incident", {RECORD: record}, date="2026-10-07T10:00:00Z")
    two = record.replace(
        "relations:", "  - id: INC-2026-0006-AI-2\n    title: Alert on domain expiry\n"
        "    owner: sofia.lindqvist\n    type: detect\n    status: open\n"
        "    created_at: 2026-10-18T10:00:00Z\n    due: 2026-12-31\nrelations:", 1,
    )  # fmt: skip
    # Sunday 18 Oct, 23:30 in UTC: still that week in UTC; a second, team-less item
    git_repo.commit("second item", {RECORD: two}, date="2026-10-18T23:30:00Z")
    closed = two.replace(
        "    status: blocked\n", "    status: done\n    completed_at: 2026-10-21T09:00:00Z\n"
    )
    git_repo.commit("first done", {RECORD: closed}, date="2026-10-21T09:00:00Z")
    run = run_subprocess(
        "report", "backlog", "--as-of", "2026-10-28", "--months", "1", "--format", "csv",
        "--repo", git_repo.path,
    )  # fmt: skip
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        "week_ending,team,open\n"  # no row for a week without items (4 October)
        "2026-10-11,team-edge,1\n"
        "2026-10-18,(unassigned),1\n"
        "2026-10-18,team-edge,1\n"
        "2026-10-25,(unassigned),1\n"
        "2026-10-28,(unassigned),1\n"
    )
    text = run_subprocess("report", "backlog", "--as-of", "2026-10-28", "--months", "1",
                          "--repo", git_repo.path)  # fmt: skip
    assert text.out.splitlines()[2:] == [
        "week ending  open  (unassigned)  team-edge",
        "-----------  ----  ------------  ---------",
        "2026-10-04   0     0             0",
        "2026-10-11   1     0             1",
        "2026-10-18   2     1             1",
        "2026-10-25   1     1             0",
        "2026-10-28   1     1             0",
    ]


def test_backlog_ignores_the_working_tree(git_repo: GitRepo) -> None:
    git_repo.commit("incident", {RECORD: (REPO / RECORD).read_text(), "pyproject.toml": ""},
                    date="2026-10-07T10:00:00Z")  # fmt: skip
    git_repo.write({RECORD: "not: [valid\n"})
    run = run_subprocess("report", "backlog", "--as-of", "2026-10-12", "--months", "1",
                         "--format", "csv", "--repo", git_repo.path)  # fmt: skip
    assert (run.code, run.out, run.err) == (
        0,
        "week_ending,team,open\n2026-10-11,team-edge,1\n2026-10-12,team-edge,1\n",
        "",
    )


def test_backlog_weeks_end_on_sunday_in_the_configured_zone(git_repo: GitRepo) -> None:
    """A commit at 23:30 UTC on Sunday is Monday 01:30 in Berlin: it counts a week later."""
    record = (REPO / RECORD).read_text()
    git_repo.commit(
        "incident",
        {
            RECORD: record,
            "pyproject.toml": '[tool.incidentctl]\ndisplay_timezone = "Europe/Berlin"\n',
        },
        date="2026-10-18T23:30:00Z",
    )
    run = run_subprocess("report", "backlog", "--as-of", "2026-10-25", "--months", "1",
                         "--format", "csv", "--repo", git_repo.path)  # fmt: skip
    assert (run.code, run.out, run.err) == (
        0,
        "week_ending,team,open\n2026-10-25,team-edge,1\n",
        "",
    )
