"""What a later version of a record may do to a time it stated (``models.timeline.rewrite``),
and how timeline entries pair across two versions with it (``history.entries.match``)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from incidentctl.history.entries import MAX_PAIRS, match
from incidentctl.models.timeline import Known, TimelineEntry, rewrite
from incidentctl.models.timeline import TimePrecision as P

T = dt.datetime(2017, 1, 31, tzinfo=dt.UTC)


def at(hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return T.replace(hour=hour, minute=minute, second=second)


REFINEMENTS = {
    "the same time": (Known(at(10)), Known(at(10))),
    "the same instant in another offset": (
        Known(at(10)),
        Known(at(10).astimezone(dt.timezone(dt.timedelta(hours=-8)))),
    ),
    "day to a minute that day": (Known(at(), P.DAY, declared=True), Known(at(14, 22), P.MINUTE)),
    "day to its last minute": (Known(at(), P.DAY, declared=True), Known(at(23, 59), P.MINUTE)),
    "hour to the second": (Known(at(9), P.HOUR, declared=True), Known(at(9, 59, 59))),
    "marked approximate": (Known(at(10, 30)), Known(at(10, 30), approximate=True)),
    "day to about a time that day": (
        Known(at(), P.DAY, declared=True),
        Known(at(0, 10), P.MINUTE, approximate=True),
    ),
    "approximate removed, same instant": (
        Known(at(1, 30), P.MINUTE, True, True),
        Known(at(1, 30), P.MINUTE, declared=True),
    ),
    "approximate narrowed": (
        Known(at(10), P.HOUR, True, True),
        Known(at(10, 20), P.MINUTE, True, True),
    ),
    "an unstated precision stated, digits kept": (Known(at()), Known(at(), P.DAY, declared=True)),
    "an unstated precision stated and marked approximate": (
        Known(at(10)),
        Known(at(10), P.HOUR, True, True),
    ),
    "a stated exact precision removed (still exact)": (
        Known(at(10), declared=True),
        Known(at(10)),
    ),
}

REWRITES = {
    "moved, exact": (Known(at(10)), Known(at(10, 30)), "moved outside"),
    "day to a minute of the next day": (
        Known(at(), P.DAY, declared=True),
        Known(at(0, 10) + dt.timedelta(days=1), P.MINUTE),
        "moved outside",
    ),
    "day to the previous day's last minute": (
        Known(at(), P.DAY, declared=True),
        Known(at() - dt.timedelta(minutes=1), P.MINUTE),
        "moved outside",
    ),
    "stated precision made coarser": (
        Known(at(), P.MINUTE, declared=True),
        Known(at(), P.DAY, declared=True),
        "made coarser (minute -> day)",
    ),
    "stated exact made coarser": (
        Known(at(10), declared=True),
        Known(at(10), P.HOUR, declared=True),
        "made coarser (exact -> hour)",
    ),
    "unstated precision stated while moving": (
        Known(at(10)),
        Known(at(10, 45), P.MINUTE, declared=True),
        "while stating a coarser precision",
    ),
    "approximate removed from a moved time": (
        Known(at(1, 30), P.MINUTE, True, True),
        Known(at(1, 37), P.MINUTE, declared=True),
        "'approximate' may be removed only",
    ),
    "approximate drifting past its window": (
        Known(at(1, 30), P.MINUTE, True, True),
        Known(at(1, 55), P.MINUTE, True, True),
        "moved outside",
    ),
    "marked approximate while moving": (
        Known(at(10, 30)),
        Known(at(10, 45), approximate=True),
        "moved outside",
    ),
}


@pytest.mark.parametrize(("old", "new"), REFINEMENTS.values(), ids=REFINEMENTS.keys())
def test_a_refinement_is_no_rewrite(old: Known, new: Known) -> None:
    assert rewrite(old, new) is None


@pytest.mark.parametrize(("old", "new", "why"), REWRITES.values(), ids=REWRITES.keys())
def test_a_rewrite_says_why(old: Known, new: Known, why: str) -> None:
    reason = rewrite(old, new)
    assert reason is not None
    assert why in reason


def test_refining_is_not_symmetric() -> None:
    """Narrowing is allowed; widening back is not: a chain of changes cannot drift."""
    day, minute = Known(at(), P.DAY, declared=True), Known(at(14, 22), P.MINUTE, declared=True)
    assert rewrite(day, minute) is None
    assert rewrite(minute, day) is not None


def entry(when: dt.datetime, text: str, **how: object) -> TimelineEntry:
    return TimelineEntry.model_validate({"at": when, "type": "observation", "text": text, **how})


def test_entries_pair_through_reordering_and_refinement() -> None:
    old = [entry(at(), "a", precision="day"), entry(at(), "a", precision="day"), entry(at(9), "b")]
    new = [
        entry(at(9), "b"),
        entry(at(12), "a", precision="minute"),
        entry(at(), "a", precision="day"),
    ]
    m = match(old, new)
    assert (sorted(m.pairs.items()), m.lost, m.added) == ([(0, 2), (1, 1), (2, 0)], [], [])


def test_a_refinement_pairs_whichever_order_its_candidates_come_in() -> None:
    """Old day entry and old 09:00 entry, both "a"; the new ones are 09:00 and 14:00. A greedy
    pairing of the day entry with 09:00 would strand the exact one: the matching finds both."""
    old = [entry(at(), "a", precision="day"), entry(at(9), "a")]
    new = [entry(at(9, 0, 0), "a", approximate=True), entry(at(14), "a", precision="minute")]
    m = match(old, new)
    assert (sorted(m.pairs.items()), m.lost, m.added) == ([(0, 1), (1, 0)], [], [])
    # the exact one first: placing the day entry must move on past the 09:00 the exact one holds
    m = match(old[::-1], new)
    assert (sorted(m.pairs.items()), m.lost, m.added) == ([(0, 0), (1, 1)], [], [])


def test_two_equal_entries_refined_into_one_keep_the_first_and_lose_the_second() -> None:
    m = match([entry(at(), "a", precision="day")] * 2, [entry(at(14), "a", precision="minute")])
    assert (m.pairs, m.lost, m.added) == ({0: 0}, [1], [])


def test_refinements_pair_up_to_max_pairs_candidates_and_no_further() -> None:
    """A group of ``n`` old and ``m`` new entries saying the same costs ``n * m`` fits."""
    side = math.isqrt(MAX_PAIRS)
    assert side * side == MAX_PAIRS  # exactly the limit: every refinement pairs
    old, new = entry(at(), "a", precision="day"), entry(at(14), "a", precision="minute")
    m = match([old] * side, [new] * side)
    assert (len(m.pairs), m.lost, m.added) == (side, [], [])
    m = match([old] * (side + 1), [new] * side)  # one pair over: all left unpaired
    assert (m.pairs, m.lost, m.added) == ({}, list(range(side + 1)), list(range(side)))


def test_entries_equal_in_every_part_pair_however_many_say_the_same() -> None:
    """A status bot's same update every minute, the timeline reordered: equal entries pair as
    equals first, so the MAX_PAIRS limit on refinements never leaves them unpaired."""
    old = [entry(at(9) + dt.timedelta(minutes=i), "Status page updated") for i in range(120)]
    assert len(old) ** 2 > MAX_PAIRS
    m = match(old, old[::-1])
    assert (m.pairs, m.lost, m.added) == ({i: 119 - i for i in range(120)}, [], [])


def test_a_time_moved_leaves_the_old_entry_lost_and_the_new_one_added() -> None:
    m = match([entry(at(9), "a")], [entry(at(10), "a")])
    assert (m.pairs, m.lost, m.added) == ({}, [0], [0])


def test_a_stated_precision_is_known_from_the_file_not_the_default() -> None:
    from incidentctl.models.timeline import known_entry

    assert not known_entry(entry(at(), "a")).declared
    assert known_entry(entry(at(), "a", precision="exact")).declared
