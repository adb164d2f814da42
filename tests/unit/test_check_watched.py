"""What ``check``'s uncommitted-changes note asks git about (``runs.check._watched``)."""

from __future__ import annotations

import pytest

from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.history.git import ChangedFile
from incidentctl.rules.results import CheckResult
from incidentctl.runs import check

CHANGES = [ChangedFile(f"incidents/INC-2026-000{n}/incident.yaml", "M") for n in (1, 2, 3)]


def test_the_changes_folders_and_the_shared_files_as_literal_pathspecs() -> None:
    assert check._watched(CHANGES, (Settings(),), CheckResult()) == [
        ":(literal)docs/playbooks",
        ":(literal)incidents/INC-2026-0001",
        ":(literal)incidents/INC-2026-0002",
        ":(literal)incidents/INC-2026-0003",
        ":(literal)pyproject.toml",
        ":(literal)schemas",
    ]


def test_both_sides_settings_are_watched() -> None:
    moved = Settings(incidents_dir="records")
    changes = [
        ChangedFile(
            "records/INC-2026-0001/incident.yaml", "R", "incidents/INC-2026-0001/incident.yaml"
        )
    ]
    watched = check._watched(changes, (Settings(), moved), CheckResult())
    assert watched is not None
    assert {":(literal)incidents/INC-2026-0001", ":(literal)records/INC-2026-0001"} <= set(watched)


def test_past_the_budget_everything_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    specs = check._watched(CHANGES, (Settings(),), CheckResult())
    assert specs is not None
    monkeypatch.setattr(check, "_ARGS_BUDGET", sum(len(s) + 1 for s in specs))
    assert check._watched(CHANGES, (Settings(),), CheckResult()) == specs
    monkeypatch.setattr(check, "_ARGS_BUDGET", sum(len(s) + 1 for s in specs) - 1)
    assert check._watched(CHANGES, (Settings(),), CheckResult()) is None


def test_a_name_is_counted_in_bytes() -> None:
    assert check.fits_on_command_line(["é" * ((64 << 10) - 1) + "x"])  # 128 KiB with its NUL
    assert not check.fits_on_command_line(["é" * (64 << 10)])  # one byte more


def test_a_missing_incident_widens_the_note_to_the_archive() -> None:
    missing = Finding("incidents/INC-2026-0001/incident.yaml", 9, 5, "ref.unknown-incident", "m")
    other = Finding("incidents/INC-2026-0001/incident.yaml", 9, 5, "ref.unknown-service", "m")
    assert check._watched(CHANGES, (Settings(),), CheckResult([other], 1)) is not None
    assert check._watched(CHANGES, (Settings(),), CheckResult([missing], 1)) is None
