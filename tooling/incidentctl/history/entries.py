"""Which timeline entries of two versions are the same event (pure), times known as they are.

An entry keeps its identity through reordering, rewrapped text and a refined time
(``models.timeline.rewrite``: ``2017-01-31`` to the day becoming ``14:22`` that day, or a
time marked approximate); any other change makes it a different entry, so the old one reads
as removed. Matching is in two steps: entries equal in every part pair first (the common
case, one version a prefix of the other, costs one pass); what is left pairs by identity
without the time, where the new time refines the old, as a bipartite matching so that no
order of the entries can make a refinement read as a rewrite.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from incidentctl.models.timeline import TimelineEntry, known_entry, rewrite

EntryKey = tuple[Any, ...]
# Past this many candidate pairs in one group, the leftovers stay unpaired (read as rewrites):
# a real change refines a handful of entries; a hostile one may not cost quadratic time.
MAX_PAIRS = 10_000


def identity(e: TimelineEntry) -> EntryKey:
    """What an entry says, without its time: whitespace changes keep it; nothing else does."""
    return (e.type, e.by, " ".join(e.text.split()), e.status, e.severity)


def entry_key(e: TimelineEntry) -> EntryKey:
    """An entry in every part: its instant, how it is known, and what it says."""
    return (e.at.astimezone(dt.UTC), e.precision, e.approximate, *identity(e))


@dataclass(frozen=True, slots=True)
class Matching:
    """Old entries paired with new ones (index to index), and what is left on each side."""

    pairs: dict[int, int]
    lost: list[int]
    added: list[int]


def match(old: list[TimelineEntry], new: list[TimelineEntry]) -> Matching:
    common = min(len(old), len(new))
    if all(entry_key(old[i]) == entry_key(new[i]) for i in range(common)):
        return Matching(
            {i: i for i in range(common)},
            list(range(common, len(old))),
            list(range(common, len(new))),
        )
    waiting: dict[EntryKey, deque[int]] = defaultdict(deque)
    for i, e in enumerate(old):
        waiting[entry_key(e)].append(i)
    pairs: dict[int, int] = {}
    for j, e in enumerate(new):
        queue = waiting.get(entry_key(e))
        if queue:
            pairs[queue.popleft()] = j
    paired_new = set(pairs.values())
    left_old = [i for i in range(len(old)) if i not in pairs]
    left_new = [j for j in range(len(new)) if j not in paired_new]
    pairs |= _refined(old, new, left_old, left_new)
    paired_new = set(pairs.values())
    return Matching(
        pairs,
        [i for i in left_old if i not in pairs],
        [j for j in left_new if j not in paired_new],
    )


def _refined(
    old: list[TimelineEntry], new: list[TimelineEntry], left_old: list[int], left_new: list[int]
) -> dict[int, int]:
    """Leftover old entries paired with leftover new ones that say the same and refine its time."""
    groups: dict[EntryKey, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in left_old:
        groups[identity(old[i])][0].append(i)
    for j in left_new:
        groups[identity(new[j])][1].append(j)
    out: dict[int, int] = {}
    for olds, news in groups.values():
        if olds and news and len(olds) * len(news) <= MAX_PAIRS:
            fits = {
                i: [j for j in news if rewrite(known_entry(old[i]), known_entry(new[j])) is None]
                for i in olds
            }
            out |= _bipartite(olds, fits)
    return out


def _bipartite(olds: list[int], fits: dict[int, list[int]]) -> dict[int, int]:
    """A maximum matching (Kuhn's augmenting paths): each old entry to one new entry it fits."""
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or place(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in olds:
        place(i, set())
    return {i: j for j, i in owner.items()}


def why_rewritten(
    old: TimelineEntry, new: list[TimelineEntry], left: list[int]
) -> tuple[int, str] | None:
    """An unpaired new entry saying what ``old`` said, and why its time is no refinement.

    None: no such entry (the old one was removed, or its words changed).
    """
    for j in left:
        if identity(new[j]) == identity(old):
            reason = rewrite(known_entry(old), known_entry(new[j]))
            if reason is not None:
                return j, reason
    return None
