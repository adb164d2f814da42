"""The site's figures come from the report computations, on the hand-made report fixture.

As of 1 March 2028 in Europe/Berlin, with the restricted incident (B) gone before any figure
is made, as an internal build does: every number below is counted by hand from report_fixture.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent))  # report_fixture lives in tests/unit
from report_fixture import POSTMORTEMS, RECORDS, A, facts, policy

from incidentctl.models.incident import Incident, Visibility
from incidentctl.report import ReportPolicy
from incidentctl.site import figures
from incidentctl.site.charts import Series
from incidentctl.site.dashboards import Headline
from incidentctl.site.values import Archive, Record, publishable

NOW = dt.datetime(2028, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    pol = policy(tmp_path)
    records = []
    for rec, fact in zip(RECORDS, facts(tmp_path), strict=True):
        incident = Incident.model_validate({"schema_version": 1, "title": "Title", **rec})
        records.append(Record(incident, pol.visibility(incident), facts=fact))
    full = Archive(records, now=NOW, report_policy=ReportPolicy.of(pol), timezone="Europe/Berlin")
    return publishable(full, internal=True)  # the fixture's records default to internal


def test_the_restricted_incident_is_gone_before_any_figure(archive: Archive) -> None:
    assert all(r.visibility is not Visibility.RESTRICTED for r in archive.records)
    assert len(archive.records) == len(RECORDS) - 1
    assert POSTMORTEMS[A] is not None


def test_headline(archive: Archive) -> None:
    # A, C (1 March in Berlin) and INC-2028-0006 count; the near miss and the duplicate do
    # not; A and C each took 2 h to resolve; A's AI-2 is the one overdue priority action
    assert figures.headline(archive) == Headline(3, "2h 00m", 1)


def test_action_items(archive: Archive) -> None:
    data = figures.action_items(archive)
    assert data is not None
    assert [(r.id.rsplit("-", 1)[1], r.owner, r.status, r.overdue) for r in data.rows] == [
        ("1", "ana", "open", False),  # due on the day: not overdue
        ("2", "ana", "in_progress", True),
        ("3", "bo", "done", False),
        ("4", "bo", "done", False),
        ("5", "bo", "wont_do", False),
        ("6", "unassigned", "blocked", True),  # no owner: shown as such, never made up
    ]
    # ana: AI-1 open (not yet overdue) and AI-2 overdue; nobody's AI-6 overdue; bo has none open
    assert data.by_owner == Series(
        ["ana", "unassigned"], {"open": [1.0, 0.0], "overdue": [1.0, 1.0]}
    )
    assert data.by_team == Series(
        ["team-a", "no team"], {"open": [1.0, 0.0], "overdue": [1.0, 1.0]}
    )


def test_metrics(archive: Archive) -> None:
    data = figures.metrics(archive)
    assert data is not None
    assert data.per_month_by_severity == Series(
        ["2028-02", "2028-03"],
        {"SEV1": [1.0, 0.0], "SEV2": [0.0, 1.0], "SEV3": [1.0, 0.0], "SEV4": [0.0, 0.0]},
        "incidents",
    )
    assert data.time_to_resolve.values == {"incidents": [0.0, 2.0, 0.0, 0.0, 0.0]}
    assert data.contributing_factors == Series(["change", "monitoring"], {"incidents": [1.0, 1.0]})


def test_no_report_policy_no_figures() -> None:
    bare = Archive([], now=NOW)
    assert (figures.headline(bare), figures.action_items(bare), figures.metrics(bare)) == (
        None,
        None,
        None,
    )
