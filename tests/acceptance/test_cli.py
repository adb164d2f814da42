"""The CLI contract as users meet it: output formats, exit codes, and never a traceback."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import NoReturn

import pytest

from conftest import REPO, CliRunner, run_subprocess
from incidentctl import __version__
from incidentctl.rules import RULES

INC3 = "incidents/INC-2026-0003/incident.yaml"


def break_file(archive: Path, rel: str, old: str, new: str) -> None:
    path = archive / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_example_archive_is_valid(cli: CliRunner, archive: Path) -> None:
    run = cli("validate", "--repo", archive)
    playbooks = [p for p in archive.glob("docs/playbooks/*.md") if p.name != "index.md"]
    files = len(list(archive.glob("incidents/*/*.*"))) + len(playbooks)
    files += len(list(archive.glob("schemas/*.yaml")))
    assert (run.code, run.out, run.err) == (0, f"ok: {files} files checked, no problems\n", "")


def test_text_output_is_path_line_col_rule_message(cli: CliRunner, archive: Path) -> None:
    break_file(archive, INC3, "severity: SEV1", "severity: SEV9")
    run = cli("validate", "--repo", archive)
    assert (run.code, run.err) == (1, "")
    assert run.out == (
        f"{INC3}:11:11: ref.unknown-severity unknown severity; expected one of: SEV1, SEV2, SEV3, SEV4\n"
        f"{INC3}:11:11: timeline.severity-mismatch severity must equal the last severity_change"
        " in the timeline (line 52)\n"
        "failed: 44 files checked, 2 errors, 0 warnings\n"
    )


def test_json_output(cli: CliRunner, archive: Path) -> None:
    break_file(archive, INC3, "status: closed", "status: resolved")
    run = cli("validate", "--repo", archive, "--format", "json")
    assert run.code == 1
    assert json.loads(run.out) == {
        "ok": False,
        "files_checked": 44,
        "nothing_checked": None,
        "problems": [{
            "path": INC3, "line": 10, "column": 9, "rule": "timeline.status-mismatch",
            "severity": "error",
            "message": "status must equal the last status_change in the timeline (line 105)",
        }],
    }  # fmt: skip


def test_github_output_is_chosen_automatically_in_actions(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    break_file(archive, INC3, "  - at: 2026-03-10T12:53:00Z", "  - at: 2026-03-10 12:53")
    run = cli("validate", "--repo", archive)
    assert run.code == 1
    assert run.out.splitlines() == [
        (
            f"::error file={INC3},line=84,col=9,title=schema.naive-timestamp::'timeline[11].at' needs a"
            " time zone, e.g. 2026-03-04T10:15:00Z or +01:00"
        ),
        "failed: 44 files checked, 1 error, 0 warnings",
    ]


def test_warnings_do_not_fail_the_run(cli: CliRunner, archive: Path) -> None:
    (archive / "incidents/INC-2026-0003/notes.txt").write_text("scratch")
    run = cli("validate", "--repo", archive)
    assert run.code == 0
    assert run.out.endswith("ok: 44 files checked, 0 errors, 1 warning\n")


def test_paths_select_incident_folders(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_file(archive, "incidents/INC-2026-0001/incident.yaml", "type: outage", "type: outgae")
    monkeypatch.chdir(archive)
    run = cli("validate", "incidents/INC-2026-0003/incident.yaml", "incidents/INC-2026-0002")
    assert (run.code, run.out) == (
        0,
        "ok: 3 files checked, no problems\n",
    )  # what was named, as check counts
    run = cli("validate", "incidents/INC-2026-0001")
    assert run.code == 1
    assert "ref.unknown-type" in run.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "nope.yaml"], "incidentctl: error: nope.yaml: no such file or directory\n"),
        (
            ["validate", "README.md"],
            (
                "incidentctl: error: README.md: not an incident, postmortem,"
                " playbook or policy file of this repository\n"
            ),
        ),
    ],
)
def test_bad_paths_are_usage_errors(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    (archive / "README.md").write_text("hi")
    monkeypatch.chdir(archive)
    run = cli(*args)
    assert (run.code, run.out, run.err) == (2, "", message)


def test_bad_configuration_is_exit_2(cli: CliRunner, archive: Path) -> None:
    (archive / "pyproject.toml").write_text('[tool.incidentctl]\nid_prefix = "inc"\n')
    run = cli("validate", "--repo", archive)
    assert run.code == 2
    assert run.err.startswith("incidentctl: error: pyproject.toml: [tool.incidentctl] id_prefix:")


def test_internal_error_is_one_line_exit_3(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_a: object, **_k: object) -> NoReturn:
        raise RuntimeError("kaboom\nsecond line")

    monkeypatch.setattr(sys.modules["incidentctl.cli.validate"], "run_validate", boom)
    run = cli("validate", "--repo", archive)
    assert (run.code, run.out) == (3, "")
    assert run.err == (
        "incidentctl: internal error: RuntimeError: kaboom (re-run with --traceback, and please"
        " report it)\n"
    )
    with pytest.raises(RuntimeError):
        cli("--traceback", "validate", "--repo", archive)


def test_colour_is_opt_in_and_honours_no_color(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_file(archive, INC3, "severity: SEV1", "severity: SEV9")
    assert "\x1b[" in cli("validate", "--repo", archive, "--color", "always").out
    assert "\x1b[" not in cli("validate", "--repo", archive).out  # not a TTY
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("validate", "--repo", archive, "--color", "auto").out


def test_version_help_rules_and_completion(cli: CliRunner) -> None:
    assert cli("--version").out == f"incidentctl, version {__version__}\n"
    for command in (["--help"], ["validate", "--help"], ["schema", "export", "--help"],
                    ["rules", "--help"], ["completion", "--help"]):  # fmt: skip
        run = cli(*command)
        assert run.code == 0
        assert "Examples:" in run.out
    listed = cli("rules").out.splitlines()
    assert [line.split()[0] for line in listed] == list(RULES)
    assert json.loads(cli("rules", "--format", "json").out)[0]["id"] == "yaml.syntax"
    assert "_INCIDENTCTL_COMPLETE" in cli("completion", "bash").out
    assert cli("completion", "tcsh").code == 2


def test_schema_export_and_check(cli: CliRunner, archive: Path) -> None:
    assert cli("schema", "export", "--check", "--repo", archive).code == 0
    services = archive / "schemas/services.yaml"
    services.write_text(services.read_text() + "  - id: loyalty\n    name: Loyalty points\n")
    run = cli("schema", "export", "--check", "--repo", archive)
    assert (run.code, run.out) == (
        1,
        (
            "schemas/incident.schema.json: stale; run 'incidentctl schema export'\n"
            "schemas/playbook.schema.json: stale; run 'incidentctl schema export'\n"
        ),
    )
    assert cli("schema", "export", "--repo", archive).code == 0
    assert cli("schema", "export", "--check", "--repo", archive).code == 0
    schema = json.loads((archive / "schemas/incident.schema.json").read_text())
    assert "loyalty" in schema["properties"]["services"]["items"]["enum"]


def test_committed_schemas_are_current(cli: CliRunner) -> None:
    run = cli("schema", "export", "--check", "--repo", REPO)
    assert (run.code, run.out) == (0, "")


EXAMPLES = sorted(p.parent.name for p in REPO.glob("incidents/*/incident.yaml"))
CORRUPTIONS = {
    "bad-yaml": ("title:", "title: [unclosed", "yaml.syntax"),
    "wrong-type": ("schema_version: 1", "schema_version: [1]", "schema.type"),
    "unknown-key": ("schema_version: 1", "schema_version: 1\nassignee: bob", "schema.unknown-field"),
    "naive-time": ("  - at: 20", "  - at: 2026-01-01T00:00:00\n    type: observation\n  - at: 20",
                   "schema.naive-timestamp"),
}  # fmt: skip


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("corruption", [*CORRUPTIONS, "illegal-path"])
def test_every_example_corrupted_gives_exit_1_and_a_position(
    cli: CliRunner, archive: Path, example: str, corruption: str
) -> None:
    rel = f"incidents/{example}/incident.yaml"
    path = archive / rel
    text = path.read_text()
    if corruption == "illegal-path":
        first = re.search(r"    type: status_change\n    status: (\w+)", text)
        assert first is not None
        text = text.replace(first.group(0), "    type: status_change\n    status: closed", 1)
        rule = "timeline.illegal-transition"
    else:
        old, new, rule = CORRUPTIONS[corruption]
        text = text.replace(old, new, 1)
    path.write_text(text)
    run = cli("validate", "--repo", archive)
    assert run.code == 1
    assert run.err == ""
    assert re.search(rf"^{re.escape(rel)}:\d+:\d+: {re.escape(rule)} ", run.out, re.MULTILINE), (
        run.out
    )


def test_real_cli_in_a_subprocess(archive: Path) -> None:
    run = run_subprocess("validate", cwd=archive, env={"NO_COLOR": "1"})
    assert (run.code, run.err) == (0, "")
    break_file(archive, INC3, "visibility: public", "visibility: public\nvisibility: internal")
    run = run_subprocess("validate", "--format", "text", cwd=archive / "incidents")
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines()[0] == (
        f"{INC3}:14:1: yaml.duplicate-key this key appears twice in one mapping (first on line"
        " 13); remove one"
    )
    assert "Traceback" not in run.out + run.err


def test_outside_an_archive_says_so(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("validate", "--repo", tmp_path)
    assert (run.code, run.out) == (2, "")  # a run that checked nothing is not "ok"
    assert run.err == (
        f"incidentctl: error: nothing checked: no incidents/ folder in {tmp_path.resolve()}; is"
        " this an incident repository? (--repo DIR)\n"
    )


def test_an_empty_archive_says_nothing_was_checked(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "incidents").mkdir()
    run = cli("validate", "--repo", tmp_path)
    assert (run.code, run.out) == (
        2,
        "nothing checked: no incident, postmortem, playbook or policy file here\n",
    )
    doc = json.loads(cli("validate", "--repo", tmp_path, "--format", "json").out)
    assert doc["nothing_checked"] == "no incident, postmortem, playbook or policy file here"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("valdate", "validate"), ("chek", "check"), ("reprot", "report"), ("audti", "audit")],
)
def test_a_mistyped_command_gets_did_you_mean(typed: str, meant: str) -> None:
    """Every command is suggested, though only the one that runs is ever imported."""
    run = run_subprocess(typed)
    assert run.code == 2
    assert run.err.endswith(f"Error: No such command '{typed}'. Did you mean '{meant}'?\n")


def test_an_unknown_command_is_named_escaped_and_guesses_nothing(cli: CliRunner) -> None:
    run = cli("\x1b[31mzz")
    assert run.code == 2
    assert run.err.endswith("Error: No such command '\\x1b[31mzz'.\n")
