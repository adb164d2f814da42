"""A warm run judges the cached pending times against its own now, with the skew (#12).

The cold run keeps a time as pending only when it is later than its now plus the skew; a
later run may find it inside the skew, or exactly at its edge: no longer in the future.
"""

from __future__ import annotations

import datetime as dt

from incidentctl.rules.clock import future_findings
from incidentctl.rules.results import Pending

NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)


def judged(*minutes_ahead: float, skew: int = 5) -> list[int]:
    pending = [
        Pending("incidents/A/incident.yaml", n, 9, (NOW + dt.timedelta(minutes=m)).isoformat())
        for n, m in enumerate(minutes_ahead, start=1)
    ]
    return [f.line for f in future_findings(pending, NOW, skew, committed=False)]


def test_a_time_within_the_skew_is_not_in_the_future() -> None:
    assert judged(1, 4.9, 5.1, 60) == [3, 4]  # future_findings mutant 2 (now - skew) reports all


def test_a_time_at_the_edge_of_the_skew_is_not_in_the_future() -> None:
    assert judged(5) == []  # mutant 25 (>=) reports it
    assert judged(0, skew=0) == []
    assert judged(0.01, skew=0) == [1]
