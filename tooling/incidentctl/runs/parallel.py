"""Worker processes for validate and audit: how many, and a forked pool.

Why fork: workers inherit the policy, the index or the audit's plan from the parent instead of
receiving them pickled; they send back findings only.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def worker_count(jobs: int, work: int, parallel_from: int) -> int:
    """``jobs``, or when 0: one process for small work, else a worker per core (up to four)."""
    return jobs or (min(os.cpu_count() or 1, 4) if work >= parallel_from else 1)


def fork_pool(workers: int, initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    import multiprocessing  # only the parallel paths pay for these
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        workers, multiprocessing.get_context("fork"), initializer=initializer
    )
