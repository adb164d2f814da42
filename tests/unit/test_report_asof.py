"""Reports as of an earlier day see the archive as it stood then (report/asof.py).

The hand-made fixture (report_fixture.py, Europe/Berlin) plus two records that changed after
the days asked about: one investigating for days before it was resolved, with a draft
postmortem; one whose postmortem meeting was late and which was published later.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from report_fixture import TZ, A, B, C, facts, policy

from incidentctl.models.incident import Incident
from incidentctl.models.postmortem import Postmortem
from incidentctl.report import (
    ActionFilter,
    IncidentFacts,
    ReportPolicy,
    action_rows,
    actions_report,
    backlog_report,
    compliance_report,
    facts_of,
    metrics_report,
)

D = "INC-2028-0007"
E = "INC-2028-0008"
DAYS = {"SEV1": 3, "SEV2": 7}


def _record(iid: str, severity: str, changes: list[tuple[str, str]], **kw: Any) -> dict[str, Any]:
    return {
        "schema_version": 1, "id": iid, "title": f"Title of {iid}", "type": "outage",
        "severity": severity, "status": changes[-1][0], "started_at": changes[0][1],
        "timeline": [{"at": at, "type": "status_change", "status": s} for s, at in changes],
        **kw,
    }  # fmt: skip


def later(tmp_path: Path) -> list[IncidentFacts]:
    """D: SEV2, investigating 2-10 January, resolved, a draft. E: SEV1, resolved 3 January (a
    Monday; its meeting was due by the 6th, held on the 12th), published on the 20th."""
    pol = policy(tmp_path)
    d = _record(D, "SEV2", [("detected", "2028-01-02T09:00:00Z"),
                            ("investigating", "2028-01-02T10:00:00Z"),
                            ("resolved", "2028-01-10T10:00:00Z")])  # fmt: skip
    e = _record(E, "SEV1", [("detected", "2028-01-03T08:00:00Z"),
                            ("investigating", "2028-01-03T08:10:00Z"),
                            ("resolved", "2028-01-03T09:00:00Z")])  # fmt: skip
    pm_d = {"schema_version": 1, "incident": D, "status": "draft", "owner": "ana"}
    pm_e = {
        "schema_version": 1, "incident": E, "status": "published", "owner": "ana",
        "meeting_at": "2028-01-12T10:00:00Z", "published_at": "2028-01-20T10:00:00Z",
    }  # fmt: skip
    return [
        facts_of(Incident.model_validate(d), Postmortem.model_validate(pm_d), pol),
        facts_of(Incident.model_validate(e), Postmortem.model_validate(pm_e), pol),
    ]


def rows(tmp_path: Path, day: dt.date) -> dict[str, Any]:
    got = action_rows(facts(tmp_path), ReportPolicy.of(policy(tmp_path)), day, TZ)
    return {r.id: r for r in got}


def lapses(fs: list[IncidentFacts], day: dt.date) -> list[tuple[str, str, str, int | None]]:
    report = compliance_report(fs, [], DAYS, day, TZ)
    return [(x.kind, x.subject, x.detail, x.late_days) for x in report.lapses]


def test_an_item_is_listed_from_when_it_was_added(tmp_path: Path) -> None:
    # A began 08:00Z on 25 February; its AI-2 was added at 10:00Z on the 26th
    assert sorted(rows(tmp_path, dt.date(2028, 2, 25))) == [
        f"{A}-AI-{n}" for n in (1, 3, 4, 5, 6)
    ] + [f"{B}-AI-1", f"{B}-AI-2"]
    assert f"{A}-AI-2" in rows(tmp_path, dt.date(2028, 2, 26))
    assert [i for i in rows(tmp_path, dt.date(2028, 2, 24)) if i.startswith(A)] == []


def test_an_item_completed_after_the_day_was_still_open(tmp_path: Path) -> None:
    # AI-3, due 28 February, was completed at 23:30Z on the 28th: the 29th in Berlin
    before = rows(tmp_path, dt.date(2028, 2, 28))[f"{A}-AI-3"]
    assert (before.status, before.completed, before.done_late, before.overdue) == (
        "open", None, None, False,
    )  # fmt: skip
    after = rows(tmp_path, dt.date(2028, 2, 29))[f"{A}-AI-3"]
    assert (after.status, after.completed, after.done_late) == ("done", dt.date(2028, 2, 29), True)
    summary = actions_report(rows(tmp_path, dt.date(2028, 2, 28)).values(),
                             dt.date(2028, 2, 28), ActionFilter()).summary  # fmt: skip
    assert (summary.totals.done_late, summary.priority_slo.met) == (0, 1)  # AI-4, on the 27th


def test_an_incident_not_begun_is_in_no_report(tmp_path: Path) -> None:
    fs = facts(tmp_path)
    # C began at 23:30Z on the leap day: 1 March in Berlin
    leap = dt.date(2028, 2, 29)
    assert C not in {r.incident for r in rows(tmp_path, leap).values()}
    assert C not in [t.id for t in metrics_report(fs, TZ, as_of=leap).incidents]
    assert C not in {x[1] for x in lapses(fs, leap)}
    assert C in [t.id for t in metrics_report(fs, TZ, as_of=dt.date(2028, 3, 1)).incidents]


def test_metrics_as_of_count_only_the_milestones_reached_by_then(tmp_path: Path) -> None:
    # B began 22:30Z on 31 January and was resolved at 02:30Z on 1 February (03:30 in Berlin)
    fs = facts(tmp_path)
    (b,) = [t for t in metrics_report(fs, TZ, as_of=dt.date(2028, 1, 31)).incidents if t.id == B]
    assert (b.to_detect, b.to_mitigate, b.to_resolve) == (600, None, None)
    assert [s.state for s in b.in_state] == ["detected"]
    (now,) = [t for t in metrics_report(fs, TZ).incidents if t.id == B]
    assert now.to_resolve == 4 * 3600


def test_compliance_judges_the_state_it_was_in_then(tmp_path: Path) -> None:
    fs = [*facts(tmp_path), *later(tmp_path)]
    jan5 = [x for x in lapses(fs, dt.date(2028, 1, 5)) if x[1] == D]
    # investigating since 10:00Z on 2 January: 85 h by the end of the 5th in Berlin
    assert jan5 == [("stuck", D, "in 'investigating' for 85 h (the policy allows 72 h)", 0)]
    assert [x for x in lapses(fs, dt.date(2028, 1, 11)) if x[1] == D] == [
        ("postmortem-draft", D, "still a draft 1 days after it was resolved", None)
    ]


def test_a_record_closed_later_asks_for_owners_only_from_then(tmp_path: Path) -> None:
    # B was closed at 10:00Z on 3 February; its AI-2 has no owner and no due date
    fs = facts(tmp_path)
    assert [x[0] for x in lapses(fs, dt.date(2028, 2, 2)) if x[1] == f"{B}-AI-2"] == []
    assert [x[0] for x in lapses(fs, dt.date(2028, 2, 3)) if x[1] == f"{B}-AI-2"] == [
        "action-owner", "action-due",
    ]  # fmt: skip


def test_a_meeting_or_publication_after_the_day_had_not_happened(tmp_path: Path) -> None:
    fs = later(tmp_path)

    # E's meeting was due by Thursday 6 January; as of Monday the 10th it was not held yet
    def of_postmortem(day: dt.date) -> list[tuple[str, str, str, int | None]]:
        return [x for x in lapses(fs, day) if x[1] == E and x[0].startswith("postmortem")]

    assert of_postmortem(dt.date(2028, 1, 10)) == [("postmortem-late", E, "no meeting held yet", 2)]
    assert of_postmortem(dt.date(2028, 1, 21)) == [
        ("postmortem-late", E, "meeting held 4 business days late", 4)
    ]


def test_a_postmortem_published_after_the_day_was_approved(tmp_path: Path) -> None:
    from incidentctl.report.asof import as_it_stood, end_of

    (_, e) = later(tmp_path)
    then = as_it_stood(e, end_of(dt.date(2028, 1, 15), TZ))
    assert then is not None
    assert then.postmortem is not None
    pm = then.postmortem
    assert (pm.status, pm.meeting_at, pm.published_at) == (
        "approved", dt.datetime(2028, 1, 12, 10, tzinfo=dt.UTC), None,
    )  # fmt: skip
    assert as_it_stood(e, end_of(dt.date(2028, 1, 21), TZ)) is e  # nothing later: unchanged


def test_the_backlog_counts_an_item_completed_later_as_open(tmp_path: Path) -> None:
    fs = facts(tmp_path)
    day = dt.date(2028, 2, 28)
    (week,) = backlog_report(day, [(day, fs)], TZ).weeks
    (now,) = backlog_report(day, [(day, fs)]).weeks  # UTC: completed on the 28th there
    assert week.open == now.open + 1  # A-AI-3 (completed on the 29th in Berlin)


@pytest.mark.parametrize("month", [1, 2, 3])
def test_no_report_counts_the_future_or_a_negative_age(tmp_path: Path, month: int) -> None:
    fs = [*facts(tmp_path), *later(tmp_path)]
    rules = ReportPolicy.of(policy(tmp_path))
    for n in range(1, 32 if month != 2 else 30):
        day = dt.date(2028, month, n)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), TZ)
        begun = {f.id for f in fs if f.opened_at is not None and f.opened_at < end}
        for lapse in compliance_report(fs, [], DAYS, day, TZ).lapses:
            assert lapse.subject[:13] in begun
            assert lapse.late_days is None or lapse.late_days >= 0
            assert not re.search(r"-\d", lapse.detail), lapse
        listed = action_rows(fs, rules, day, TZ, include_restricted=True)
        for r in listed:
            assert r.incident in begun
            assert r.created is not None
            assert r.created <= day
            assert r.completed is None or r.completed <= day
        for o in actions_report(listed, day, ActionFilter()).summary.oldest_open:
            assert o.age_days >= 0
        for t in metrics_report(fs, TZ, as_of=day).incidents:
            assert t.id in begun
            assert t.opened <= day


def test_the_severity_is_the_one_set_by_the_day(tmp_path: Path) -> None:
    """Begun on the 3rd, SEV3 from the 4th (08:00 in Berlin), resolved then, SEV1 from the 5th."""
    rec = _record(E, "SEV1", [("detected", "2028-01-03T08:00:00Z"),
                              ("investigating", "2028-01-03T08:10:00Z"),
                              ("resolved", "2028-01-04T09:00:00Z")])  # fmt: skip
    rec["timeline"] += [
        {"at": "2028-01-04T07:00:00Z", "type": "severity_change", "severity": "SEV3"},
        {"at": "2028-01-05T08:00:00Z", "type": "severity_change", "severity": "SEV1"},
    ]
    rec["action_items"] = [
        {"id": f"{E}-AI-1", "title": "Fix it", "owner": "ana", "due": "2028-03-01"}
    ]
    fs = [facts_of(Incident.model_validate(rec), None, policy(tmp_path))]
    assert [c.severity for c in fs[0].severities] == ["SEV3", "SEV1"]
    assert IncidentFacts.from_row(json.loads(json.dumps(fs[0].to_row()))) == fs[0]  # the cache
    rules = ReportPolicy.of(policy(tmp_path))

    def seen(day: dt.date) -> tuple[str | None, str | None, list[str]]:
        (row,) = action_rows(fs, rules, day, TZ)
        (t,) = metrics_report(fs, TZ, as_of=day).incidents
        return row.severity, t.severity, [x[0] for x in lapses(fs, day)]

    # SEV3 needs no postmortem; SEV1 needs one within 3 business days of the 4th (the 7th)
    assert seen(dt.date(2028, 1, 4)) == ("SEV3", "SEV3", [])
    assert seen(dt.date(2028, 1, 10)) == ("SEV1", "SEV1", ["postmortem-missing"])
    # no change by the 3rd: the severity before the first one is not recorded; it is today's
    assert seen(dt.date(2028, 1, 3)) == ("SEV1", "SEV1", [])
