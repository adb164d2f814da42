"""Action items as of a day, on the hand-made fixture (report_fixture.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report_fixture import AS_OF, TZ, A, B, facts, policy

from incidentctl.report import (
    ActionFilter,
    Counts,
    ReportPolicy,
    SloCompliance,
    action_rows,
    actions_report,
)


def rows(tmp_path: Path, as_of: dt.date = AS_OF, include_restricted: bool = False):  # type: ignore[no-untyped-def]
    return action_rows(
        facts(tmp_path), ReportPolicy.of(policy(tmp_path)), as_of, TZ, include_restricted
    )


def by_id(tmp_path: Path, **kw):  # type: ignore[no-untyped-def]
    return {r.id: r for r in rows(tmp_path, **kw)}


def test_due_on_the_day_is_not_overdue_the_day_before_is(tmp_path: Path) -> None:
    r = by_id(tmp_path)
    assert (r[f"{A}-AI-1"].overdue, r[f"{A}-AI-1"].days_overdue) == (False, 0)
    assert (r[f"{A}-AI-2"].overdue, r[f"{A}-AI-2"].days_overdue) == (True, 1)  # due the leap day
    # due 31 January, as of 1 March 2028: 29 days of February and one more
    assert (r[f"{A}-AI-6"].overdue, r[f"{A}-AI-6"].days_overdue) == (True, 30)
    assert (r[f"{B}-AI-1"].overdue, r[f"{B}-AI-1"].days_overdue) == (True, 15)


def test_done_and_wont_do_are_never_overdue(tmp_path: Path) -> None:
    r = by_id(tmp_path, as_of=dt.date(2030, 1, 1))
    assert [r[f"{A}-AI-{n}"].overdue for n in (3, 4, 5)] == [False, False, False]


def test_completion_day_is_taken_in_the_configured_zone(tmp_path: Path) -> None:
    r = by_id(tmp_path)
    late = r[f"{A}-AI-3"]
    assert (late.completed, late.done_late) == (dt.date(2028, 2, 29), True)
    assert (r[f"{A}-AI-4"].done_late, r[f"{B}-AI-2"].done_late) == (False, None)


def test_summary_counts_and_slo(tmp_path: Path) -> None:
    report = actions_report(rows(tmp_path), AS_OF, ActionFilter())
    s = report.summary
    assert s.totals == Counts(
        open=4, overdue=3, due_soon=1, done_on_time=1, done_late=1, done_undated=1, wont_do=1
    )
    # priority actions: AI-4 met; AI-3 late and AI-2 overdue missed; AI-5 won't do: not counted
    assert s.priority_slo == SloCompliance(met=1, missed=2, pending=0, percent=33.3)
    owners = {g.name: g.counts for g in s.by_owner}
    assert owners["ana"] == Counts(open=2, overdue=1, due_soon=1)
    assert owners["(unassigned)"] == Counts(open=1, overdue=1, done_undated=1)
    assert [g.name for g in s.by_team] == ["(unassigned)", "team-a", "team-b"]
    assert [(o.id, o.age_days) for o in s.oldest_open] == [
        (f"{B}-AI-1", 30),  # no created_at: since the incident began, 31 January
        (f"{A}-AI-1", 5),
        (f"{A}-AI-6", 5),
        (f"{A}-AI-2", 4),
    ]


def test_slo_pending_before_the_due_day(tmp_path: Path) -> None:
    early = dt.date(2028, 2, 27)
    s = actions_report(rows(tmp_path, as_of=early), early, ActionFilter()).summary.priority_slo
    # AI-4 was done on the 27th; AI-3, done late on the 29th, was still open and not yet due
    assert s == SloCompliance(met=1, missed=0, pending=2, percent=100.0)


def test_restricted_items_keep_ids_but_lose_title_and_tracker(tmp_path: Path) -> None:
    hidden = by_id(tmp_path)[f"{B}-AI-1"]
    assert (hidden.id, hidden.title, hidden.tracker, hidden.owner) == (
        f"{B}-AI-1",
        None,
        None,
        "cy",
    )
    shown = by_id(tmp_path, include_restricted=True)[f"{B}-AI-1"]
    assert (shown.title, shown.tracker) == (
        "Rotate the leaked signing key",
        "https://t.example.com/SECRET-1",
    )


def test_filters(tmp_path: Path) -> None:
    all_rows = rows(tmp_path)

    def ids(keep: ActionFilter) -> list[str]:
        return [r.id for r in actions_report(all_rows, AS_OF, keep).items]

    assert ids(ActionFilter(overdue_only=True)) == [f"{A}-AI-2", f"{A}-AI-6", f"{B}-AI-1"]
    assert ids(ActionFilter(owners=frozenset({"bo"}))) == [f"{A}-AI-{n}" for n in (3, 4, 5)]
    assert ids(ActionFilter(teams=frozenset({"(unassigned)"}))) == [f"{A}-AI-6", f"{B}-AI-2"]
    assert ids(ActionFilter(services=frozenset({"search"}))) == [f"{B}-AI-1", f"{B}-AI-2"]
    assert ids(ActionFilter(severities=frozenset({"SEV1"}), statuses=frozenset({"done"}))) == [
        f"{A}-AI-3", f"{A}-AI-4",
    ]  # fmt: skip
    # open and due by 1 March + 0 days: overdue ones and the one due today
    assert ids(ActionFilter(due_within=0)) == [f"{A}-AI-1", f"{A}-AI-2", f"{A}-AI-6", f"{B}-AI-1"]


def test_policy_due_date_when_an_item_has_none(tmp_path: Path) -> None:
    """A priority action without ``due`` is due 28 days (SEV1) after it was created."""
    from dataclasses import replace

    fs = facts(tmp_path)
    a = fs[0]
    undated = replace(a.actions[1], due=None)  # created 2028-02-26 -> due 2028-03-25
    fs[0] = replace(a, actions=(undated,))
    (row,) = action_rows(fs[:1], ReportPolicy.of(policy(tmp_path)), AS_OF, TZ)
    assert (row.due, row.overdue) == (dt.date(2028, 3, 25), False)
