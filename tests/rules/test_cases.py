"""Every folder under tests/data is a case: valid ones have no findings, invalid ones exactly
the lines of their expected.txt. Adding a case is adding a folder (see CONTRIBUTING.md)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from incidentctl.config import load_settings
from incidentctl.rules import RULES
from incidentctl.runs.validate import run_validate

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = dt.date(2026, 11, 27)  # fixed, so review-overdue cases never change with the calendar
VALID = sorted(p for p in (DATA / "valid").iterdir() if p.is_dir())
INVALID = sorted(p.parent for p in (DATA / "invalid").glob("*/*/repo"))


def _findings(case: Path, tmp_path: Path) -> list[str]:
    repo = tmp_path / "repo"
    shutil.copytree(case / "repo", repo, symlinks=True)
    result = run_validate(repo, load_settings(repo), [], today=TODAY)
    return [str(f) for f in result.findings]


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case_has_no_findings(case: Path, tmp_path: Path) -> None:
    assert _findings(case, tmp_path) == []


@pytest.mark.parametrize("case", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_case_reports_exactly_the_expected_lines(
    case: Path, tmp_path: Path, update_testdata: bool
) -> None:
    lines = _findings(case, tmp_path)
    expected_file = case / "expected.txt"
    if update_testdata:
        expected_file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    assert lines == expected_file.read_text(encoding="utf-8").splitlines()
    rule = case.parent.name
    assert any(f": {rule} " in line for line in lines), f"case does not trigger {rule}"


# Rules whose failing case is a test of its own (named here), not a data folder.
PROGRAMMATIC = {
    "yaml.too-large",  # tests/rules/test_filesystem_rules.py
    "discovery.symlink",  # ditto
    "discovery.case-collision",  # ditto
    "discovery.unreadable",  # ditto
    "discovery.submodule",  # tests/acceptance/test_git_commands.py
    "transition.refused",  # tests/acceptance/test_transition.py
    "edit.refused",  # tests/acceptance/test_respond.py
    "incident.id-clash",  # tests/acceptance/test_new.py
}
HISTORY = {p.parent.name for p in (DATA / "history").glob("*/*") if p.is_dir()}


def test_every_rule_has_a_failing_case() -> None:
    covered = {p.parent.name for p in INVALID} | PROGRAMMATIC | HISTORY
    assert sorted(set(RULES) - covered) == []
    assert sorted(covered - set(RULES)) == []
