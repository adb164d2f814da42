"""Count, median, p90 and max of durations (pure): never a mean alone.

Why not the mean: incident durations are skewed, and one long incident moves a mean more
than a month of short ones (the VOID report's argument). Percentiles use linear interpolation
between the closest ranks, Hyndman and Fan's type 7, the default of NumPy, R and
spreadsheets' PERCENTILE.INC: for sorted values ``x[0..n-1]`` the p-th percentile is at rank
``h = (n - 1) * p / 100``, ``x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)])``.
So the median of an even count is the mean of the two middle values, and p90 of 1..10 is 9.1.
Values are whole seconds; an interpolated percentile is rounded half to even.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Spread", "duration", "percentile", "spread"]


def percentile(values: Sequence[int], p: float) -> float:
    """The ``p``-th percentile (0-100) of ``values`` by linear interpolation (type 7)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    if low + 1 >= len(ordered):
        return float(ordered[-1])
    return ordered[low] + (rank - low) * (ordered[low + 1] - ordered[low])


@dataclass(frozen=True, slots=True)
class Spread:
    """How a set of durations (seconds) is spread; ``None`` statistics when there are none."""

    count: int
    median: int | None
    p90: int | None
    max: int | None


def spread(values: Sequence[int]) -> Spread:
    if not values:
        return Spread(0, None, None, None)
    return Spread(
        len(values), round(percentile(values, 50)), round(percentile(values, 90)), max(values)
    )


def duration(seconds: int | None) -> str:
    """``45s``, ``12m``, ``3h 05m``, ``2d 4h``; ``-`` for an unknown time."""
    if seconds is None:
        return "-"
    sign, s = ("-", -seconds) if seconds < 0 else ("", seconds)
    if s < 60:
        return f"{sign}{s}s"
    if s < 3600:
        return f"{sign}{s // 60}m"
    if s < 48 * 3600:
        return f"{sign}{s // 3600}h {s % 3600 // 60:02d}m"
    return f"{sign}{s // 86400}d {s % 86400 // 3600}h"
