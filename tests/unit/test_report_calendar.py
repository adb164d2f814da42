"""Days in the configured zone, business days and percentiles (hand-computed)."""

from __future__ import annotations

import datetime as dt

import pytest

from incidentctl.report import (
    add_business_days,
    business_days_between,
    local_date,
    month_of,
    percentile,
    period_of,
    quarter_of,
    spread,
    zone,
)

BERLIN = zone("Europe/Berlin")
NEW_YORK = zone("America/New_York")
CHICAGO = zone("America/Chicago")


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("at", "tz", "day"),
    [
        # 23:30 at -05:00 is 05:30 the next day in Berlin: April, not March
        ("2026-03-31T23:30:00-05:00", BERLIN, dt.date(2026, 4, 1)),
        # 23:30Z on the last day of a month is already the 1st in Berlin (UTC+1 in winter)
        ("2026-01-31T23:30:00+00:00", BERLIN, dt.date(2026, 2, 1)),
        # and still the 31st in New York
        ("2026-01-31T23:30:00+00:00", NEW_YORK, dt.date(2026, 1, 31)),
        # summer time: 22:30Z is 00:30 in Berlin (UTC+2)
        ("2026-06-30T22:30:00+00:00", BERLIN, dt.date(2026, 7, 1)),
        ("2026-06-30T21:59:59+00:00", BERLIN, dt.date(2026, 6, 30)),
        # a leap day
        ("2028-02-29T12:00:00+00:00", BERLIN, dt.date(2028, 2, 29)),
        ("2028-02-29T23:30:00+00:00", BERLIN, dt.date(2028, 3, 1)),
    ],
)
def test_local_date_converts_never_truncates(at: str, tz: dt.tzinfo, day: dt.date) -> None:
    assert local_date(t(at), tz) == day


def test_month_and_quarter_keys_follow_the_zone() -> None:
    day = local_date(t("2026-03-31T23:30:00-05:00"), BERLIN)
    keys = (month_of(day), quarter_of(day), period_of(day, "quarter"), period_of(day, "month"))
    assert keys == ("2026-04", "2026-Q2", "2026-Q2", "2026-04")
    same = local_date(t("2026-03-31T23:30:00-05:00"), CHICAGO)  # -05:00 there too (CDT)
    assert (month_of(same), quarter_of(same)) == ("2026-03", "2026-Q1")
    assert [quarter_of(dt.date(2026, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        "2026-Q1", "2026-Q1", "2026-Q2", "2026-Q2", "2026-Q3", "2026-Q3", "2026-Q4", "2026-Q4",
    ]  # fmt: skip


def test_unknown_zone_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        zone("Mars/Olympus")


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        (dt.date(2026, 11, 27), 1, dt.date(2026, 11, 30)),  # Friday + 1 = Monday
        (dt.date(2026, 11, 27), 3, dt.date(2026, 12, 2)),  # Friday + 3 = Wednesday
        (dt.date(2026, 11, 28), 1, dt.date(2026, 11, 30)),  # Saturday + 1 = Monday
        (dt.date(2026, 11, 29), 5, dt.date(2026, 12, 4)),  # Sunday + 5 = Friday
        (dt.date(2026, 11, 30), 5, dt.date(2026, 12, 7)),  # Monday + 5 = next Monday
        (dt.date(2026, 11, 30), 0, dt.date(2026, 11, 30)),
        (dt.date(2028, 2, 28), 1, dt.date(2028, 2, 29)),  # Monday + 1 = the leap day
    ],
)
def test_add_business_days_skips_weekends(start: dt.date, n: int, end: dt.date) -> None:
    assert add_business_days(start, n) == end
    assert business_days_between(start, end) == n


def test_business_days_between_counts_the_end_not_the_start() -> None:
    friday, monday = dt.date(2026, 11, 27), dt.date(2026, 11, 30)
    assert business_days_between(friday, monday) == 1
    assert business_days_between(friday, dt.date(2026, 11, 29)) == 0  # Sat and Sun
    assert business_days_between(monday, friday) == -1
    assert business_days_between(friday, friday) == 0
    assert business_days_between(dt.date(2026, 11, 2), dt.date(2026, 11, 30)) == 20


def test_percentile_odd_count() -> None:
    values = [50, 10, 40, 20, 30]  # sorted: 10 20 30 40 50
    assert percentile(values, 50) == 30
    assert percentile(values, 90) == pytest.approx(46.0)  # rank 3.6: 40 + 0.6 * 10
    assert spread(values) == spread([10, 20, 30, 40, 50])
    s = spread(values)
    assert (s.count, s.median, s.p90, s.max) == (5, 30, 46, 50)


def test_percentile_even_count() -> None:
    values = list(range(1, 11))  # 1..10
    assert percentile(values, 50) == 5.5
    assert percentile(values, 90) == pytest.approx(9.1)
    s = spread([60, 120, 180, 3600])  # median (120 + 180) / 2; p90 rank 2.7: 180 + 0.7 * 3420
    assert (s.count, s.median, s.p90, s.max) == (4, 150, 2574, 3600)


def test_percentile_edges() -> None:
    assert percentile([7], 90) == 7
    assert percentile([1, 2], 100) == 2
    assert percentile([1, 2], 0) == 1
    assert spread([]).median is None
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1], 101)
