"""``report ... --as-of`` an earlier day, through the real CLI on the example archive.

Each report sees the archive as it stood at the end of that day (report/asof.py): items not
added yet, incidents not begun yet and completions, states and postmortem steps after the day
do not count. The pure rules are tested in tests/unit/test_report_asof.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import CliRunner, GitRepo


def report(cli: CliRunner, repo: Path, *args: str) -> tuple[int, str, str]:
    run = cli("report", *args, "--repo", repo, "--no-cache")
    return run.code, run.out, run.err


def test_an_item_completed_after_the_day_was_overdue_on_it(cli: CliRunner, archive: Path) -> None:
    # INC-2026-0015-AI-1: a P0 priority action due 2026-07-16, completed 2026-07-29
    args = ("actions", "--as-of", "2026-07-25", "--overdue", "--fail-on", "overdue-priority")
    code, out, err = report(cli, archive, *args, "--format", "csv")
    assert (code, err) == (1, "")
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "INC-2026-0015-AI-1")
    assert (row["status"], row["overdue"], row["days_overdue"], row["completed"]) == (
        "open", "true", "9", "",
    )  # fmt: skip
    code, out, _ = report(cli, archive, "actions", "--as-of", "2026-07-30", "--format", "csv")
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "INC-2026-0015-AI-1")
    assert (row["status"], row["completed"], row["done_late"]) == ("done", "2026-07-29", "true")


def test_an_incident_not_begun_has_no_items_and_no_problems(cli: CliRunner, archive: Path) -> None:
    # INC-2026-0022 began 2026-09-14; INC-2026-0014 on 2026-05-06, INC-2026-0019 on 2026-10-27
    _, out, _ = report(cli, archive, "actions", "--as-of", "2026-01-15", "--format", "json")
    items = json.loads(out)["items"]
    assert items
    assert all(i["created"] <= "2026-01-15" for i in items)
    assert [i["id"] for i in items if i["incident"] == "INC-2026-0022"] == []
    assert report(cli, archive, "compliance", "--as-of", "2026-03-11") == (
        0,
        (
            "Process health as of 2026-03-11\n\nNothing overdue: every state, postmortem, playbook"
            " review and action item is within policy.\n\nno problems\n"
        ),
        "",
    )


def test_compliance_never_shows_a_negative_age_on_any_day(cli: CliRunner, archive: Path) -> None:
    for day in ("2026-02-01", "2026-05-10", "2026-08-01", "2026-10-28", "2026-11-15"):
        _, out, _ = report(cli, archive, "compliance", "--as-of", day, "--format", "json")
        for problem in json.loads(out)["lapses"]:
            assert problem["late_days"] is None or problem["late_days"] >= 0, problem
            assert " -" not in problem["detail"], problem


def test_as_of_and_at_together_read_that_commit_as_of_that_day(
    cli: CliRunner, archive: Path, git_repo: GitRepo
) -> None:
    """``--at`` picks the records (as committed), ``--as-of`` the day they are judged on."""
    files = {
        str(p.relative_to(archive)): p.read_text()
        for p in archive.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }
    git_repo.commit("archive", files)  # type: ignore[arg-type]
    args = ("actions", "--as-of", "2026-07-25", "--format", "csv")
    code, at_head, err = report(cli, git_repo.path, *args, "--at", "HEAD")
    assert (code, err) == (0, "")
    assert at_head == report(cli, git_repo.path, *args)[1]
    assert ",INC-2026-0015,Test CDN rule sets" in at_head
    assert ",open,2026-07-16,true,9," in at_head
