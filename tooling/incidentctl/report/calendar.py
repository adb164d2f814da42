"""Days in the configured time zone: local dates, months, quarters and business days (pure).

Why one module: "overdue", "this month" and "within 3 business days" must all agree on what
day a timestamp falls on. A timestamp is converted to the zone (``astimezone``), never cut at
its own offset: ``2026-03-31T23:30:00-05:00`` is April in Berlin, and so in the report.
Business days are Monday to Friday; public holidays are not modelled.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "add_business_days",
    "business_days_between",
    "local_date",
    "month_of",
    "period_of",
    "quarter_of",
    "zone",
]


def zone(name: str) -> dt.tzinfo:
    """The IANA zone ``name`` (``UTC`` included); ValueError names an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{name}'") from None


def local_date(at: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The calendar day ``at`` falls on in ``tz`` (converted, never truncated)."""
    return at.astimezone(tz).date()


def month_of(day: dt.date) -> str:
    """``2026-04``."""
    return f"{day.year:04d}-{day.month:02d}"


def quarter_of(day: dt.date) -> str:
    """``2026-Q2``."""
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def period_of(day: dt.date, period: str) -> str:
    """The month or quarter key of ``day`` (``period`` is ``month`` or ``quarter``)."""
    return quarter_of(day) if period == "quarter" else month_of(day)


def _is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5


def add_business_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th business day after ``day`` (``day`` itself never counts).

    Friday + 1 is Monday; Saturday + 1 is Monday too; ``n == 0`` gives ``day``.
    """
    out = day
    while n > 0:
        out += dt.timedelta(days=1)
        if _is_business_day(out):
            n -= 1
    return out


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days in ``(start, end]``: how many business days late ``end`` is after ``start``.

    Negative when ``end`` comes first (the days in ``(end, start]``, negated).
    """
    if end < start:
        return -business_days_between(end, start)
    whole_weeks, rest = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, rest + 1):
        if _is_business_day(start + dt.timedelta(days=whole_weeks * 7 + offset)):
            count += 1
    return count
