"""``fork_map``: results in chunk order from forked workers, and the parent's objects frozen.

Why the freeze matters: a worker's garbage collector visiting the parent's objects writes to
their pages, so each worker ends up with its own copy of everything the parent held (the
audit's plan at 60,000 commits). Frozen, they are left alone; after the map the parent's
collector sees them again (a freeze left behind would keep every cycle alive for good).
"""

from __future__ import annotations

import gc
import os

import pytest

from incidentctl.runs.parallel import fork_map


def _in_worker(state: dict[str, int], chunk: list[int]) -> tuple[int, list[int], int]:
    return os.getpid(), [state["base"] + n for n in chunk], gc.get_freeze_count()


def test_results_in_chunk_order_from_workers_that_see_the_parent_frozen() -> None:
    chunks = [[n, n + 1] for n in range(0, 20, 2)]
    out = list(fork_map(_in_worker, {"base": 100}, chunks, 2))
    assert [values for _, values, _ in out] == [[100 + n, 101 + n] for n in range(0, 20, 2)]
    assert all(pid != os.getpid() for pid, _, _ in out)
    assert all(frozen > 0 for _, _, frozen in out)  # the parent's objects, as the worker forked
    assert gc.get_freeze_count() == 0


def _boom(state: object, chunk: list[int]) -> None:
    raise ValueError(chunk)


def test_the_parent_is_unfrozen_when_a_worker_fails() -> None:
    with pytest.raises(ValueError, match=r"\[1\]"):
        list(fork_map(_boom, None, [[1]], 2))
    assert gc.get_freeze_count() == 0
