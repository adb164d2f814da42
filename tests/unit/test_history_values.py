"""Pure values of the history stage, pinned at their edges: the audit trail's remarks (the skew
and lateness bounds, a deleted record), which folders exist at a commit, and the stripping of
the fields editable after closing."""

from __future__ import annotations

import datetime as dt

from incidentctl.history.compare import _strip
from incidentctl.history.git import Commit
from incidentctl.history.plan import AliveAt
from incidentctl.history.results import LATE, SKEW, _agreement, trail_row
from incidentctl.load.documents import IncidentDoc
from incidentctl.load.records import parse_yaml
from incidentctl.models.incident import Incident

PATH = "incidents/INC-2026-0001/incident.yaml"
COMMITTED = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def doc(timeline: str, status: str) -> IncidentDoc:
    text = (
        "schema_version: 1\nid: INC-2026-0001\ntitle: Checkout errors\ntype: outage\n"
        f"status: {status}\nseverity: SEV3\nservices: [checkout]\nroles:\n  incident_commander: a\n"
        f"timeline:\n{timeline}"
    )
    loaded, model, findings = parse_yaml(text.encode(), PATH, Incident)
    assert findings == [], findings
    assert loaded is not None
    assert model is not None
    return IncidentDoc(PATH, loaded, model)


def entry(at: dt.datetime, kind: str, status: str | None = None) -> str:
    out = f"  - at: {at.isoformat()}\n    type: {kind}\n"
    return out + (f"    status: {status}\n" if status else "    text: A note.\n")


def commit() -> Commit:
    return Commit("abc123", "Alice", "alice@example.com", COMMITTED.isoformat(), "subject", ())


def test_a_deleted_record_is_a_remark_with_the_old_status() -> None:
    old = doc(entry(COMMITTED, "status_change", "detected"), "detected")
    row = trail_row(commit(), old, None)
    assert (row.commit, row.author, row.committed_at) == ("abc123", "Alice", COMMITTED.isoformat())
    assert (row.status_before, row.status_after) == ("detected", None)
    assert row.declared == []
    assert row.remarks == ["the record was deleted or does not parse"]


def test_every_late_status_change_after_another_entry_gets_its_remark() -> None:
    week = dt.timedelta(days=7)
    new = doc(
        entry(COMMITTED - week, "communication")
        + entry(COMMITTED - week, "status_change", "detected")
        + entry(COMMITTED - week, "status_change", "investigating"),
        "investigating",
    )
    row = trail_row(commit(), None, new)
    assert (row.status_before, row.status_after) == (None, "investigating")
    assert [state for state, _ in row.declared] == ["detected", "investigating"]
    assert row.remarks == [
        "'detected' was committed 7.0 days after its declared time",
        "'investigating' was committed 7.0 days after its declared time",
    ]


def test_agreement_bounds_are_exclusive() -> None:
    assert _agreement("s", COMMITTED + SKEW, COMMITTED) == []
    assert _agreement("s", COMMITTED + SKEW + dt.timedelta(seconds=1), COMMITTED) == [
        "'s' is declared after the commit that records it"
    ]
    assert _agreement("s", COMMITTED - LATE, COMMITTED) == []
    # 10,000 days: a day of 86,401 seconds would show 9999.9
    assert _agreement("s", COMMITTED - dt.timedelta(days=10_000), COMMITTED) == [
        "'s' was committed 10000.0 days after its declared time"
    ]


def test_a_folder_exists_from_its_first_commit_until_before_its_last() -> None:
    alive = {n: AliveAt({"a": [[2, 5]]}, n) for n in range(1, 7)}
    assert ["a" in alive[n] for n in range(1, 7)] == [False, True, True, True, False, False]
    assert "b" not in alive[3]


def test_strip_removes_editable_fields_at_any_depth_even_when_absent() -> None:
    data = {
        "title": "t",
        "roles": {"incident_commander": "a"},
        "impact": {"description": "x", "regions": []},
        "action_items": [{"status": "open", "notes": None}],
    }
    editable = ["tags", "roles.scribe", "impact.description", "action_items[].notes"]
    assert _strip(data, editable) == {
        "title": "t",
        "roles": {"incident_commander": "a"},
        "impact": {"regions": []},
        "action_items": [{"status": "open"}],
    }


def test_acknowledge_counts_the_entries_that_matched_nothing() -> None:
    from incidentctl.findings import Finding
    from incidentctl.history.results import AuditResult, Refusal, acknowledge
    from incidentctl.models.policy import AuditBaseline

    def ack(commit: str, rule: str) -> dict[str, str]:
        return {"commit": commit, "rule": rule, "path": PATH, "reason": "reviewed and accepted",
                "approved_by": "alice", "approved_at": "2026-03-11T09:00:00Z"}  # fmt: skip

    a, b, c = ("a" * 40, "b" * 40, "c" * 40)
    baseline = AuditBaseline.model_validate(
        {"schema_version": 1,
         "acknowledged": [ack(a, "history.frozen"), ack(b, "history.frozen"), ack(c, "history.frozen")]}
    )  # fmt: skip
    refusals = [
        Refusal(Finding(PATH, 1, 1, "history.frozen", "m"), sha, "alice", "2026-03-10T12:00:00Z")
        for sha in (a, b, a)
    ]
    result = acknowledge(AuditResult(refusals, 3), baseline)
    assert [r.acknowledged for r in result.refusals] == ["reviewed and accepted"] * 3
    assert (result.unused, result.commits, result.ok) == (1, 3, True)
