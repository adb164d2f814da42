"""A postmortem's naive times are read in its incident's zone, exactly as the record's are.

The zone is the record's ``timezone``, else the repository's ``[tool.incidentctl] timezone``;
with neither, a naive time is refused (``schema.naive-timestamp``) at its place. Every time
field of the postmortem's front matter is held to it (the list comes from the model, so a
field added later is tested too); playbook front matter holds dates only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import GitRepo, run_subprocess
from incidentctl.config import Settings, load_settings
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource
from incidentctl.models.playbook import Playbook
from incidentctl.models.postmortem import Postmortem
from incidentctl.models.zone import time_keys
from incidentctl.runs.validate import run_validate

FIELDS = sorted(time_keys(Postmortem))
RECORD = """schema_version: 1
id: INC-2017-0131
title: Database outage
type: outage
status: investigating
severity: SEV2
services: [gitlab-com]
roles:
  incident_commander: alice
{zone}timeline:
  - {{at: 2017-01-31T23:30:00Z, type: status_change, status: detected, by: alice}}
  - {{at: 2017-01-31T23:40:00Z, type: status_change, status: investigating, by: alice}}
"""
POSTMORTEM = """---
schema_version: 1
incident: INC-2017-0131
status: draft
owner: alice
{field}: {value}
---

## Summary

The database was removed by accident.
"""


def _repo(tmp_path: Path, field: str, *, record: str = "", repository: str = "",
          value: str = "2017-02-03T10:00") -> Path:  # fmt: skip
    folder = tmp_path / "incidents" / "INC-2017-0131"
    folder.mkdir(parents=True)
    zone = f"timezone: {record}\n" if record else ""
    (folder / "incident.yaml").write_text(RECORD.format(zone=zone), encoding="utf-8")
    text = POSTMORTEM.format(field=field, value=value)
    (folder / "postmortem.md").write_text(text, encoding="utf-8")
    table = f'timezone = "{repository}"\n' if repository else ""
    (tmp_path / "pyproject.toml").write_text(f"[tool.incidentctl]\n{table}", encoding="utf-8")
    return tmp_path


def _validate(repo: Path) -> tuple[int, list[str]]:
    run = run_subprocess("validate", "--format", "text", cwd=repo, env={"NO_COLOR": "1"})
    assert run.err == ""
    return run.code, run.out.splitlines()


def _read(repo: Path, field: str) -> dt.datetime:
    unit, findings = load_unit(FsSource(repo), load_settings(repo), "INC-2017-0131")
    assert findings == []
    assert unit.postmortem is not None
    value = getattr(unit.postmortem.model, field)
    assert isinstance(value, dt.datetime)
    return value


def test_the_postmortem_holds_two_times() -> None:
    assert FIELDS == ["meeting_at", "published_at"]


@pytest.mark.parametrize("field", FIELDS)
def test_with_no_zone_a_naive_time_is_refused_at_its_place(tmp_path: Path, field: str) -> None:
    code, lines = _validate(_repo(tmp_path, field))
    assert code == 1
    assert lines[0] == (
        f"incidents/INC-2017-0131/postmortem.md:6:{len(field) + 3}: schema.naive-timestamp"
        f" '{field}' needs a time zone, e.g. 2026-03-04T10:15:00Z or +01:00"
    )


@pytest.mark.parametrize("field", FIELDS)
def test_the_incidents_zone_reads_the_postmortems_naive_times(tmp_path: Path, field: str) -> None:
    repo = _repo(tmp_path, field, record="America/Los_Angeles")
    assert _validate(repo) == (0, ["ok: 2 files checked, no problems"])
    la = dt.datetime(2017, 2, 3, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert _read(repo, field) == la


@pytest.mark.parametrize("field", FIELDS)
def test_the_repository_zone_reads_them_when_the_record_names_none(
    tmp_path: Path, field: str
) -> None:
    repo = _repo(tmp_path, field, repository="Europe/Berlin")
    assert _validate(repo) == (0, ["ok: 2 files checked, no problems"])
    assert _read(repo, field) == dt.datetime(2017, 2, 3, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("field", FIELDS)
def test_the_records_zone_comes_before_the_repositorys(tmp_path: Path, field: str) -> None:
    repo = _repo(tmp_path, field, record="UTC", repository="Europe/Berlin")
    assert _read(repo, field) == dt.datetime(2017, 2, 3, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("field", FIELDS)
def test_a_time_with_its_offset_keeps_it_whatever_the_zone(tmp_path: Path, field: str) -> None:
    repo = _repo(tmp_path, field, record="America/Los_Angeles", value="2017-02-03T10:00:00Z")
    assert _read(repo, field) == dt.datetime(2017, 2, 3, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("field", FIELDS)
def test_time_future_reads_the_postmortem_in_the_incidents_zone(tmp_path: Path, field: str) -> None:
    """20:00 on the run's day is the next day in UTC when written in Los Angeles: in the future."""
    today = dt.date(2026, 12, 1)
    value = f"{today.isoformat()}T20:00"
    for zone, future in (("America/Los_Angeles", True), ("UTC", False)):
        repo = _repo(tmp_path / zone.replace("/", "-"), field, record=zone, value=value)
        found = run_validate(repo, Settings(), [], today=today).findings
        lines = [str(f) for f in found if f.rule_id == "time.future"]
        expected = (
            f"incidents/INC-2017-0131/postmortem.md:6:{len(field) + 3}: time.future is later"
            " than now (allowing 5 minutes of clock skew); write when it happened, with its"
            " time zone"
        )
        assert lines == ([expected] if future else []), zone


def test_playbook_front_matter_holds_no_time() -> None:
    """Its dates (last_reviewed, last_tested) have no zone to read; a time added to it must be
    read in the repository's zone like the others, and this test says so."""
    assert time_keys(Playbook) == frozenset()


def test_a_review_step_reads_the_front_matter_as_validate_does(git_repo: GitRepo) -> None:
    """``postmortem status`` re-validates the file it writes: in the incident's zone too."""
    from responder import RECORD as TEAM_RECORD
    from responder import team_repo

    repo = team_repo(
        git_repo, TEAM_RECORD.replace("timeline:", "timezone: Europe/Berlin\ntimeline:")
    )
    assert run_subprocess("postmortem", "new", "INC-2026-0001", "--by", "alice", "--repo",
                          repo.path).code == 0  # fmt: skip
    pm = repo.path / "incidents/INC-2026-0001/postmortem.md"
    text = pm.read_text(encoding="utf-8")
    pm.write_text(text.replace("authors:", "meeting_at: 2026-03-03T10:00\nauthors:", 1), "utf-8")
    run = run_subprocess("postmortem", "status", "INC-2026-0001", "in_review", "--repo", repo.path)
    assert (run.code, run.out, run.err) == (0, "INC-2026-0001: postmortem draft -> in_review\n", "")
    assert run_subprocess("validate", "--repo", repo.path).code == 0
