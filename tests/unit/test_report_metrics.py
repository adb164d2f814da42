"""Response metrics and process health on the hand-made fixture (report_fixture.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report_fixture import AS_OF, TZ, A, B, C, facts

from incidentctl.report import (
    Count,
    Excluded,
    Lapse,
    PlaybookFacts,
    Spread,
    compliance_report,
    metrics_report,
)

SEV_ORDER = ("SEV1", "SEV2", "SEV3", "SEV4")


def test_times_per_incident(tmp_path: Path) -> None:
    report = metrics_report(facts(tmp_path), TZ, severity_order=SEV_ORDER)
    times = {t.id: t for t in report.incidents}
    a = times[A]
    assert (a.to_detect, a.to_acknowledge, a.to_mitigate, a.to_resolve) == (600, 1200, 3600, 7200)
    # B went from investigating straight to resolved: mitigated when it was resolved
    b = times[B]
    assert (b.to_detect, b.to_acknowledge, b.to_mitigate, b.to_resolve) == (600, 1200, 14400, 14400)
    assert (times[C].opened, b.opened, a.opened) == (
        dt.date(2028, 3, 1),
        dt.date(2028, 1, 31),
        dt.date(2028, 2, 25),
    )
    assert [(s.state, s.seconds) for s in a.in_state] == [
        ("detected", 600), ("investigating", 2400), ("mitigated", 3600), ("resolved", 82800),
    ]  # fmt: skip
    assert report.excluded == (
        Excluded(
            "INC-2028-0004", "type 'near_miss' is excluded from metrics (incident-types.yaml)"
        ),
        Excluded("INC-2028-0005", "ended as 'duplicate' without being resolved"),
    )


def test_median_and_p90_of_odd_and_even_counts(tmp_path: Path) -> None:
    report = metrics_report(facts(tmp_path), TZ, severity_order=SEV_ORDER)
    overall = report.overall
    assert overall.count == 4
    # resolve: A 7200, B 14400, C 7200 (0006 is unresolved): odd; p90 at rank 1.8
    assert overall.to_resolve == Spread(3, 7200, 12960, 14400)
    # detect: 300 600 600 1800: even; median 600, p90 at rank 2.7: 600 + 0.7 * 1200
    assert overall.to_detect == Spread(4, 600, 1440, 1800)
    sev2 = {g.name: g for g in report.groups}["SEV2"]
    assert sev2.to_resolve == Spread(2, 10800, 13680, 14400)  # (7200 + 14400) / 2
    assert report.severities == (
        Count("SEV1", 1),
        Count("SEV2", 2),
        Count("SEV3", 1),
        Count("SEV4", 0),
    )
    assert report.services == (Count("search", 3), Count("checkout-api", 2))
    assert [(f.category, f.incidents, f.recurring) for f in report.factors] == [
        ("change", 1, False), ("monitoring", 1, False),
    ]  # fmt: skip


def test_month_boundaries_in_the_zone(tmp_path: Path) -> None:
    monthly = metrics_report(facts(tmp_path), TZ, by="month")
    assert [(g.name, g.count) for g in monthly.groups] == [
        ("2028-01", 1),
        ("2028-02", 2),
        ("2028-03", 1),
    ]
    from incidentctl.report import zone

    utc = metrics_report(facts(tmp_path), zone("UTC"), by="month")
    assert [(g.name, g.count) for g in utc.groups] == [("2028-01", 1), ("2028-02", 3)]
    quarterly = metrics_report(facts(tmp_path), TZ, by="quarter", trend_period="quarter")
    assert [(g.name, g.count) for g in quarterly.trend] == [("2028-Q1", 4)]


def test_since_and_until_are_local_days_inclusive(tmp_path: Path) -> None:
    r = metrics_report(facts(tmp_path), TZ, since=dt.date(2028, 2, 1), until=dt.date(2028, 2, 29))
    assert [t.id for t in r.incidents] == [A, "INC-2028-0006"]
    r = metrics_report(facts(tmp_path), TZ, since=dt.date(2028, 3, 1))
    assert [t.id for t in r.incidents] == [C]


def test_by_service_counts_an_incident_in_each_service(tmp_path: Path) -> None:
    r = metrics_report(facts(tmp_path), TZ, by="service")
    assert [(g.name, g.count) for g in r.groups] == [("checkout-api", 2), ("search", 3)]


PLAYBOOKS = [
    PlaybookFacts("db-failover", "active", dt.date(2027, 9, 1), 180),  # due 2028-02-28
    PlaybookFacts("dns", "active", dt.date(2027, 9, 3), 180),  # due 2028-03-01: not yet
    PlaybookFacts("old", "deprecated", dt.date(2020, 1, 1), 30),
]
DAYS = {"SEV1": 3, "SEV2": 7}


def test_compliance_as_of_the_fixture_day(tmp_path: Path) -> None:
    report = compliance_report(facts(tmp_path), PLAYBOOKS, DAYS, AS_OF, TZ)
    assert report.lapses == (
        Lapse("postmortem-draft", A, "still a draft 5 days after it was resolved", None, None),
        # resolved 1 Feb (Berlin), + 7 business days = Thu 10 Feb; 14 business days to 1 March
        Lapse("postmortem-missing", B, "a postmortem is required", dt.date(2028, 2, 10), 14),
        Lapse("action-owner", f"{B}-AI-2", "no owner, and 'closed' needs one", None, None),
        Lapse("action-due", f"{B}-AI-2", "no due date, and 'closed' needs one", None, None),
        # 22:00Z on 27 Feb to the end of 1 March in Berlin (23:00Z), over the leap day:
        # 73 h > 72 h, which ran out at 23:00 Berlin on 1 March
        Lapse("stuck", "INC-2028-0006", "in 'investigating' for 73 h (the policy allows 72 h)",
              dt.date(2028, 3, 1), 0),
        Lapse("playbook-review", "db-failover", "last reviewed 2027-09-01, every 180 days",
              dt.date(2028, 2, 28), 2),
    )  # fmt: skip


def test_postmortem_deadline_in_business_days_over_a_weekend(tmp_path: Path) -> None:
    """A resolved on Friday 25 Feb; 3 business days: Wednesday 1 March. Late from Thursday."""
    on_time = compliance_report(facts(tmp_path), [], DAYS, AS_OF, TZ)
    assert "postmortem-late" not in [x.kind for x in on_time.lapses]
    late = compliance_report(facts(tmp_path), [], DAYS, dt.date(2028, 3, 2), TZ)
    lapse = next(x for x in late.lapses if x.kind == "postmortem-late")
    assert lapse == Lapse("postmortem-late", A, "no meeting held yet", dt.date(2028, 3, 1), 1)


def test_not_stuck_an_hour_earlier(tmp_path: Path) -> None:
    report = compliance_report(facts(tmp_path), [], DAYS, dt.date(2028, 2, 29), TZ)
    assert "stuck" not in [x.kind for x in report.lapses]  # 49 h by the end of 29 Feb


def test_facts_survive_the_cache_row_round_trip(tmp_path: Path) -> None:
    import json

    from incidentctl.report import IncidentFacts

    for f in facts(tmp_path):
        row = json.loads(json.dumps(f.to_row()))
        assert IncidentFacts.from_row(row) == f


def test_a_damaged_cache_row_is_an_error_the_edge_can_catch(tmp_path: Path) -> None:
    import pytest

    from incidentctl.report import IncidentFacts

    row = facts(tmp_path)[0].to_row()

    def with_(i: int, value: object) -> list[object]:
        return [*row[:i], value, *row[i + 1 :]]

    for broken in (with_(9, [["x", "not a time"]]), with_(8, "2028-01-01T00:00:00"), row[:-1]):
        with pytest.raises(ValueError):
            IncidentFacts.from_row(broken)
    for broken in (with_(0, 7), with_(16, [[1, 2]]), [{"id": "x"}]):
        with pytest.raises((TypeError, ValueError)):
            IncidentFacts.from_row(broken)
