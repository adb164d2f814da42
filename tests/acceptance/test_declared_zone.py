"""A repository that declares the zone its naive times were written in: validate reads them so.

The model half is in tests/unit/test_record_format.py; here the setting travels from
pyproject.toml to the record, as a user meets it.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_subprocess

RECORD = """schema_version: 1
id: INC-2017-0131
title: Database outage
type: outage
status: detected
timeline:
  - {at: 2017-01-31T23:30, type: status_change, status: detected}
"""


def _repo(tmp_path: Path, table: str) -> Path:
    (tmp_path / "incidents" / "INC-2017-0131").mkdir(parents=True)
    (tmp_path / "incidents" / "INC-2017-0131" / "incident.yaml").write_text(
        RECORD, encoding="utf-8"
    )
    (tmp_path / "pyproject.toml").write_text(f"[tool.incidentctl]\n{table}", encoding="utf-8")
    return tmp_path


def test_without_a_declared_zone_a_naive_time_is_refused(tmp_path: Path) -> None:
    run = run_subprocess(
        "validate", "--format", "text", cwd=_repo(tmp_path, ""), env={"NO_COLOR": "1"}
    )
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "incidents/INC-2017-0131/incident.yaml:7:10: schema.naive-timestamp 'timeline[0].at' "
        "needs a time zone, e.g. 2026-03-04T10:15:00Z or +01:00"
    )


def test_the_repository_zone_reads_naive_times(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'timezone = "UTC"\n')
    run = run_subprocess("validate", "--format", "text", cwd=repo, env={"NO_COLOR": "1"})
    assert (run.code, run.out.splitlines()[-1]) == (0, "ok: 1 file checked, no problems")


def test_a_bad_zone_setting_is_a_configuration_error(tmp_path: Path) -> None:
    run = run_subprocess("validate", cwd=_repo(tmp_path, 'timezone = "Mars/Base"\n'))
    assert run.code == 2
    assert "[tool.incidentctl] timezone" in run.err
