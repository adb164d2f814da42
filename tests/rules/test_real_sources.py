"""Real public postmortems, security reports and alert payloads, translated without adding facts.

Each folder under tests/data/real holds the source's origin (ORIGIN.md: where it is, how it
was translated), the record (repo/) and the warnings it may give (expected.txt): the facts
its source never had, as ``import.unknown-fact``. A rule that refuses one of them (an error)
fails here: the format must hold what real teams write.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import run_subprocess
from incidentctl.config import load_settings
from incidentctl.findings import Level
from incidentctl.load.records import parse_yaml
from incidentctl.models.incident import Incident, TimePrecision
from incidentctl.policy.load import load_policy
from incidentctl.rules.postmortem import headings
from incidentctl.runs.validate import run_validate

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
CASES = sorted(p for p in REAL.iterdir() if (p / "repo").is_dir())
TODAY = dt.date(2026, 12, 3)  # after every record's import date


def _copy(case: Path, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(case / "repo", repo)
    return repo


def test_at_least_six_real_sources_each_with_its_origin() -> None:
    assert len(CASES) >= 6
    for case in CASES:
        origin = (case / "ORIGIN.md").read_text(encoding="utf-8")
        assert "http" in origin, case.name
        assert "## How it was translated" in origin, case.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_real_source_validates_with_no_error(
    case: Path, tmp_path: Path, update_testdata: bool
) -> None:
    repo = _copy(case, tmp_path)
    found = run_validate(repo, load_settings(repo), [], today=TODAY).findings
    assert [str(f) for f in found if f.level is Level.ERROR] == []
    lines = [str(f) for f in found]
    expected = case / "expected.txt"
    if update_testdata:
        expected.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    assert lines == expected.read_text(encoding="utf-8").splitlines()
    assert all(": import.unknown-fact " in line for line in lines)  # warnings of the unknown only


def test_the_cli_accepts_the_google_sre_postmortem(tmp_path: Path) -> None:
    repo = _copy(REAL / "google-sre-shakespeare", tmp_path)
    run = run_subprocess("validate", "--format", "text", cwd=repo, env={"NO_COLOR": "1"})
    assert (run.code, run.out.splitlines()[-1], run.err) == (
        0,
        "ok: 2 files checked, 0 errors, 6 warnings",
        "",
    )


def _records() -> list[Incident]:
    out = []
    for path in sorted(REAL.glob("*/repo/incidents/*/incident.yaml")):
        _, model, findings = parse_yaml(path.read_bytes(), str(path), Incident)
        assert findings == [], path
        assert model is not None, path
        out.append(model)
    return out


def test_the_real_sources_use_every_part_of_the_format() -> None:
    """Issue #13's list, each part held by at least one real source (not only by tests)."""
    records = _records()
    entries = [e for r in records for e in r.timeline]
    effects = [e for r in records if r.impact for e in r.impact.effects]
    security = [r.security for r in records if r.security]
    assert {e.precision for e in entries} >= {TimePrecision.MINUTE, TimePrecision.DAY}
    assert any(e.approximate for e in entries)
    assert {r.timezone for r in records} >= {"UTC"}
    assert any(e.at.utcoffset() == dt.timedelta(hours=-8) for e in entries)  # "6:30 PM PST"
    assert any(r.occurred_at and r.discovered_at and r.occurred_at != r.discovered_at
               for r in records)  # fmt: skip
    assert any(r.impact and r.impact.started_at and r.started_at != r.impact.started_at
               for r in records)  # fmt: skip
    assert any(e.value == 1.21e9 for e in effects)  # "Estimated 1.21B queries lost"
    assert any(e.started_at and e.ended_at and e.value is None for e in effects)  # a window
    assert any(e.bound for e in effects)  # "fewer than 5", "over five million"
    assert {link.kind.value for r in records for link in r.links} >= {
        "dashboard", "status_page", "write_up", "runbook", "alert",
    }  # fmt: skip
    assert {x.system for r in records for x in r.external_ids} >= {"pagerduty", "alertmanager"}
    assert any(r.relations.external for r in records)
    assert {i.type.value for s in security for i in s.indicators} >= {
        "ip", "domain", "hash", "file_path",
    }  # fmt: skip
    assert any(s.notifications for s in security)
    regulator = [n for s in security for n in s.notifications if n.obligation.value == "regulator"]
    assert any(n.sent_at and n.reference for n in regulator)  # "First Data Breach Report Form"
    assert any(n.obligation.value == "law_enforcement" for s in security for n in s.notifications)
    custody = [h for s in security for e in s.evidence for h in e.custody]
    assert any(h.reference for h in custody)  # an exhibit handed to the regulator
    assert any(e.collected_at for s in security for e in s.evidence)
    assert any(s.nist_impact and s.nist_impact.information for s in security)  # NIST's words
    assert all(r.imported is not None for r in records)
    assert any(a.type and a.type.value == "other" for r in records for a in r.action_items)
    assert any(a.type is None for r in records for a in r.action_items)  # left unknown
    assert any(r.priority == "P1" for r in records)  # PagerDuty's scale, from the policy


def _missing(source: Path) -> list[str]:
    """The default policy's required sections a template's headings leave out."""
    found = headings(source.read_text(encoding="utf-8"))
    policy = load_policy(source.parent, "schemas").policy  # no schemas/ there: the defaults
    missing = []
    for section in policy.required_sections("outage"):
        wanted = [
            " ".join(h.lower().replace("'", "").rstrip("?").split()) for h in section.headings
        ]
        if not any(h == w or h.startswith(w + " ") for h in found for w in wanted):
            missing.append(section.name)
    return missing


def test_real_templates_headings_count_as_the_sections_they_name() -> None:
    """PagerDuty's "Overview", "What Didn't Go So Well?"; Atlassian's "Five Whys", "Corrective actions"."""
    assert _missing(REAL / "pagerduty-postmortem-template" / "source.md") == ["Where we got lucky"]
    assert _missing(REAL / "atlassian-template" / "source.md") == [
        "What went well",
        "What went wrong",
        "Where we got lucky",
    ]


def test_the_walkthrough_shows_what_validate_prints_for_its_source() -> None:
    page = (REAL.parents[2] / "docs/responders/bringing-past-incidents.md").read_text()
    expected = (REAL / "google-sre-shakespeare" / "expected.txt").read_text().splitlines()
    shown = [line for line in page.splitlines() if ": import.unknown-fact " in line]
    assert shown
    assert set(shown) <= set(expected)
    assert f"ok: 2 files checked, 0 errors, {len(expected)} warnings" in page
