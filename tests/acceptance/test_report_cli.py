"""``incidentctl report``: golden files over the example archive, and what users meet.

Golden files live in testdata/test_report_cli/; ``pytest --update-testdata`` rewrites them
(review the diff). The example archive is read as of 2026-12-02.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, CliRunner, Run, run_subprocess

GOLDEN = Path(__file__).parent / "testdata" / "test_report_cli"
AS_OF = "2026-12-02"
KINDS = ("actions", "metrics", "compliance")
FORMATS = {"text": "txt", "markdown": "md", "json": "json", "csv": "csv"}
# What restricted records say that no report may show without --include-restricted.
RESTRICTED_TEXT = (
    "Block sign-in with passwords from known breach lists",
    "Page the security on-call for sign-in bursts",
    "https://tracker.example.com/SEC-88",
    "Password-spraying",
    "Deploy token exposed",
)


def report(cli: CliRunner, archive: Path, *args: str) -> Run:
    return cli("report", *args, "--repo", archive, "--as-of", AS_OF, "--no-cache")


def compare(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs (--update-testdata)"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_golden_report(
    cli: CliRunner, archive: Path, kind: str, fmt: str, update_testdata: bool
) -> None:
    run = report(cli, archive, kind, "--format", fmt)
    assert (run.code, run.err) == (0, "")
    compare(f"{kind}.{FORMATS[fmt]}", run.out, update_testdata)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_restricted_text_is_absent_in_every_format(
    cli: CliRunner, archive: Path, kind: str, fmt: str
) -> None:
    out = report(cli, archive, kind, "--format", fmt).out
    assert [t for t in RESTRICTED_TEXT if t in out] == []
    if kind == "actions":
        assert "INC-2026-0022-AI-1" in out  # the item is there, by id


def test_include_restricted_shows_the_titles(cli: CliRunner, archive: Path) -> None:
    out = report(cli, archive, "actions", "--include-restricted", "--format", "csv").out
    assert "Block sign-in with passwords from known breach lists" in out
    assert "https://tracker.example.com/SEC-88" in out


@pytest.mark.parametrize("kind", KINDS)
def test_json_follows_the_exported_schema(cli: CliRunner, archive: Path, kind: str) -> None:
    schema = json.loads((REPO / "schemas/report.schema.json").read_text())
    doc = json.loads(report(cli, archive, kind, "--format", "json").out)
    jsonschema.validate(doc, schema)
    assert (doc["schema_version"], doc["report"]) == (1, kind)


def test_actions_json_shape_and_exact_overdue_figures(cli: CliRunner, archive: Path) -> None:
    doc = json.loads(report(cli, archive, "actions", "--format", "json").out)
    items = {i["id"]: i for i in doc["items"]}
    assert doc["as_of"] == AS_OF
    keys = {"id", "incident", "title", "owner", "team", "type", "priority", "priority_action",
            "status", "due", "overdue", "days_overdue", "tracker"}  # fmt: skip
    assert keys <= set(items["INC-2026-0003-AI-2"])
    # due 2026-11-30, blocked: 2 days late; due 2026-12-10: not yet
    assert (
        items["INC-2026-0018-AI-2"]["overdue"],
        items["INC-2026-0018-AI-2"]["days_overdue"],
    ) == (True, 2)
    assert (
        items["INC-2026-0007-AI-2"]["overdue"],
        items["INC-2026-0007-AI-2"]["days_overdue"],
    ) == (False, 0)
    assert items["INC-2026-0022-AI-1"]["title"] is None
    totals = doc["summary"]["totals"]
    assert (totals["open"], totals["overdue"], totals["done_late"]) == (18, 11, 3)


def test_fail_on_overdue_priority(cli: CliRunner, archive: Path) -> None:
    gate = report(cli, archive, "actions", "--fail-on", "overdue-priority", "--format", "csv")
    assert gate.code == 1
    payments = ("actions", "--team", "team-payments", "--format", "csv")
    assert report(cli, archive, *payments, "--fail-on", "overdue-priority").code == 0
    assert report(cli, archive, *payments, "--fail-on", "overdue").code == 1  # INC-2026-0019-AI-2


def test_markdown_goes_to_the_job_summary_too(
    cli: CliRunner, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = report(cli, archive, "actions", "--format", "json")
    markdown = report(cli, archive, "actions", "--format", "markdown").out
    assert run.code == 0
    assert summary.read_text() == "earlier step\n" + (markdown + "\n") * 2
    assert "INC-2026-0022-AI-1 | (restricted) |" in summary.read_text()


HOSTILE = '=HYPERLINK("https://evil.example.com") | <img src=x> [x](y) `code`'


def _hostile(archive: Path) -> None:
    path = archive / "incidents/INC-2026-0018/incident.yaml"
    text = path.read_text()
    old = "    title: Move the build cache to object storage with an expiry policy\n"
    path.write_text(text.replace(old, f"    title: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"))


def test_untrusted_text_is_escaped_per_format(cli: CliRunner, archive: Path) -> None:
    _hostile(archive)
    csv_out = report(cli, archive, "actions", "--format", "csv").out
    assert ',"\'=HYPERLINK(""https:' in csv_out  # quoted by csv, and never a formula
    md = report(cli, archive, "actions", "--format", "markdown").out
    row = next(line for line in md.splitlines() if line.startswith("| INC-2026-0018-AI-2 |"))
    assert "&lt;img src=x&gt; \\[x\\](y) \\`code\\`" in row
    assert row.count(" | ") == 9  # the title's pipe is escaped: still ten cells
    assert "<img" not in md
    text = report(cli, archive, "actions").out
    assert HOSTILE in text  # plain text on a terminal: printable, shown as written


def test_a_record_that_does_not_validate_is_left_out_and_named(
    cli: CliRunner, archive: Path
) -> None:
    path = archive / "incidents/INC-2026-0020/incident.yaml"
    path.write_text(path.read_text().replace("severity: SEV2\n", "severity: [SEV2]\n", 1))
    run = report(cli, archive, "actions")
    assert run.code == 0
    assert "INC-2026-0020-AI-1" not in run.out
    assert run.out.endswith(
        "Left out (not valid against the schema; run incidentctl validate):\n"
        "  incidents/INC-2026-0020/incident.yaml:10:11: schema.type 'severity': input should be a valid"
        " string\n"
    )
    doc = json.loads(report(cli, archive, "actions", "--format", "json").out)
    assert doc["left_out"] == [
        {
            "path": "incidents/INC-2026-0020/incident.yaml",
            "reason": "incidents/INC-2026-0020/incident.yaml:10:11: schema.type 'severity': input should be"
            " a valid string",
        }
    ]


def test_a_bad_as_of_is_a_usage_error(cli: CliRunner, archive: Path) -> None:
    run = cli("report", "actions", "--repo", archive, "--as-of", "2026-02-30")
    assert (run.code, run.out) == (2, "")
    assert run.err.endswith(
        "Error: Invalid value for --as-of: write a day as YYYY-MM-DD, e.g. 2026-12-02\n"
    )


REVERSED = [
    (("--since", "2026-12-01", "--until", "2026-01-01"),
     "--since 2026-12-01 is later than --until 2026-01-01"),
    (("--since", "2026-12-01", "--as-of", "2026-06-01"),
     "--since 2026-12-01 is later than --as-of 2026-06-01"),
    (("--since", "2026-06-02", "--until", "2026-12-01", "--as-of", "2026-06-01"),
     "--since 2026-06-02 is later than --as-of 2026-06-01"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), REVERSED)
def test_a_reversed_range_is_a_usage_error(
    cli: CliRunner, archive: Path, args: tuple[str, ...], message: str
) -> None:
    run = cli("report", "metrics", "--repo", archive, "--no-cache", *args)
    assert (run.code, run.out) == (2, "")
    assert run.err.endswith(f"Error: {message}: the range would be empty (swap them?)\n")


@pytest.mark.parametrize(
    "args",
    [
        ("--since", "2026-06-01", "--until", "2026-06-01"),  # one day
        ("--since", "2026-06-01", "--as-of", "2026-06-01"),
        ("--since", "2026-06-01", "--until", "2026-12-01", "--as-of", "2026-06-01"),
    ],
)
def test_a_range_of_one_day_is_reported(
    cli: CliRunner, archive: Path, args: tuple[str, ...]
) -> None:
    run = cli("report", "metrics", "--repo", archive, "--no-cache", *args)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("Response metrics for incidents begun 2026-06-01 to 2026-06-01\n")


def test_a_repository_template_overrides_the_shipped_one(cli: CliRunner, archive: Path) -> None:
    folder = archive / ".incidentctl/templates"
    folder.mkdir(parents=True)
    (folder / "report-actions.txt.j2").write_text(
        "{{ r.summary.totals.overdue }} overdue of {{ r['items'] | length }}\n"
    )
    assert report(cli, archive, "actions").out == "11 overdue of 39\n"
    (folder / "report-actions.txt.j2").write_text("{{ r.nonsense }}\n")
    run = report(cli, archive, "actions")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "incidentctl: error: .incidentctl/templates/report-actions.txt.j2:"
        " 'incidentctl.reporters.report.View object' has no attribute 'nonsense'\n"
    )


def test_a_template_cannot_reach_python_internals(cli: CliRunner, archive: Path) -> None:
    folder = archive / ".incidentctl/templates"
    folder.mkdir(parents=True)
    (folder / "report-actions.txt.j2").write_text("{{ ''.__class__.__mro__ }}\n")
    run = report(cli, archive, "actions")
    assert run.code == 2
    assert "__class__" not in run.out


def test_warm_report_parses_nothing_and_prints_the_same(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("report", "actions", "--repo", archive, "--as-of", AS_OF)
    cold = cli(*args)
    from incidentctl.load import records

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("a warm report parsed a record")

    monkeypatch.setattr(records, "load_unit", refuse)
    assert cli(*args) == cold
    monkeypatch.undo()
    path = archive / "incidents/INC-2026-0020/incident.yaml"
    path.write_text(path.read_text().replace("status: open\n", "status: in_progress\n"))
    changed = cli(*args)
    assert "INC-2026-0020-AI-1  Check a new sender" in changed.out
    assert changed.out != cold.out
    assert changed == cli(*args, "--no-cache")


def test_subprocess_exact_outcome(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    record = (REPO / "incidents/INC-2026-0006/incident.yaml").read_text()
    (repo / "incidents/INC-2026-0006").mkdir(parents=True)
    (repo / "incidents/INC-2026-0006/incident.yaml").write_text(record)
    (repo / "pyproject.toml").write_text('[tool.incidentctl]\ndisplay_timezone = "Europe/Berlin"\n')
    run = run_subprocess(
        "report", "actions", "--as-of", "2026-10-01", "--format", "csv", "--repo", repo
    )
    assert (run.code, run.out, run.err) == (
        0,
        (
            "id,incident,title,owner,team,type,priority,priority_action,status,due,overdue,"
            "days_overdue,tracker,completed,done_late,severity,services,restricted,created\n"
            "INC-2026-0006-AI-1,INC-2026-0006,Move domains to a registrar account billed by"
            " invoice,sofia.lindqvist,team-edge,prevent,P3,false,blocked,2026-09-30,true,1,,,,"
            "SEV4,dns web-storefront,false,2026-05-12\n"
        ),
        "",
    )
    gate = run_subprocess("report", "actions", "--as-of", "2026-10-01", "--fail-on", "overdue",
                          "--format", "json", "--repo", repo)  # fmt: skip
    assert (gate.code, gate.err) == (1, "")
    bad = run_subprocess("report", "metrics", "--by", "weekday", "--repo", repo)
    assert (bad.code, bad.out) == (2, "")
    assert "Invalid value for '--by': 'weekday' is not one of" in bad.err


def _age(archive: Path) -> None:
    """Every file an hour old: past the two-second "racily clean" window of the caches."""
    import os
    import time

    old = time.time() - 3600
    for path in archive.rglob("*"):
        os.utime(path, (old, old), follow_symlinks=False)


def test_a_repeated_report_is_printed_again_without_reading_the_archive(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import incidentctl.runs.report as runs_report

    _age(archive)
    args = ("report", "actions", "--repo", archive, "--as-of", AS_OF)
    cold = cli(*args, "--fail-on", "overdue-priority")
    assert cold.code == 1
    real = runs_report.read_worktree

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the archive was read again")

    monkeypatch.setattr(runs_report, "read_worktree", refuse)
    assert cli(*args, "--fail-on", "overdue-priority") == cold  # the exit code is kept too
    assert cli(*args, "--fail-on", "overdue-priority").err == ""
    monkeypatch.setattr(runs_report, "read_worktree", real)
    other_day = cli(*args[:-1], "2026-12-03")  # another request: computed, not remembered
    assert other_day.out != cold.out
    path = archive / "incidents/INC-2026-0020/incident.yaml"
    path.write_text(path.read_text().replace("status: open\n", "status: in_progress\n"))
    monkeypatch.setattr(runs_report, "read_worktree", refuse)
    refused = cli(*args, "--fail-on", "overdue-priority")  # the record changed: read it
    assert (refused.code, "the archive was read again" in refused.err) == (3, True)
    monkeypatch.setattr(runs_report, "read_worktree", real)
    changed = cli(*args, "--fail-on", "overdue-priority")
    assert changed.out == cli(*args, "--fail-on", "overdue-priority", "--no-cache").out
    assert "in_progress  2026-12-18" in changed.out


def test_a_name_no_item_has_is_a_usage_error_with_a_suggestion(
    cli: CliRunner, archive: Path
) -> None:
    run = report(cli, archive, "actions", "--team", "team-edg")
    assert (run.code, run.out, run.err) == (
        2, "", "incidentctl: error: --team 'team-edg': no action item has it; did you mean 'team-edge'?\n",
    )  # fmt: skip
    run = report(cli, archive, "actions", "--service", "search", "--owner", "nobody")
    assert (run.code, run.err) == (
        2,
        "incidentctl: error: --owner 'nobody': no action item has it\n",
    )
    assert report(cli, archive, "actions", "--owner", "wei.zhang", "--severity", "SEV1").code == 0


def test_an_unwritable_job_summary_is_a_user_error(
    cli: CliRunner, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a folder: cannot be appended to
    run = report(cli, archive, "compliance")
    assert run.code == 2
    assert run.err == (
        f"incidentctl: error: cannot append to $GITHUB_STEP_SUMMARY ({tmp_path}): Is a directory\n"
    )


def test_completion_of_owners_teams_and_severities(archive: Path) -> None:
    def complete(*words: str) -> list[str]:
        env = {"COMP_WORDS": " ".join(["incidentctl", *words]), "COMP_CWORD": str(len(words)),
               "_INCIDENTCTL_COMPLETE": "bash_complete"}  # fmt: skip
        run = run_subprocess(cwd=archive, env=env)
        assert (run.code, run.err) == (0, "")
        return [line.split(",", 1)[1] for line in run.out.splitlines() if line]

    assert complete("report", "actions", "--owner", "wei") == []  # no report yet: no owners
    assert run_subprocess("report", "actions", cwd=archive).code == 0
    assert complete("report", "actions", "--owner", "wei") == ["wei.zhang"]
    assert complete("report", "actions", "--team", "team-e") == ["team-edge"]
    assert complete("report", "backlog", "--team", "team-pay") == ["team-payments"]
    assert complete("report", "actions", "--severity", "SEV") == ["SEV1", "SEV2", "SEV3", "SEV4"]
    assert complete("report", "actions", "--service", "check") == ["checkout-api"]
