"""Long runs: how many worker processes, a forked map over chunks, and the progress bar.

Why fork: workers receive the policy, the index or the audit's plan as the initializer's
arguments, which a forked process inherits without pickling; they send back findings only.
The state is passed explicitly (``fork_map(fn, state, chunks)`` runs ``fn(state, chunk)``),
never through a module global the parent sets before forking.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, Protocol, TypeVar

S = TypeVar("S")
C = TypeVar("C")
R = TypeVar("R")

_STATE: Any = None  # in a worker process only: what its initializer made of the state


def worker_count(jobs: int, work: int, parallel_from: int) -> int:
    """``jobs``, or when 0: one process for small work, else a worker per core (up to four)."""
    return jobs or (min(os.cpu_count() or 1, 4) if work >= parallel_from else 1)


def _start(state: object, setup: Callable[[Any], Any] | None) -> None:
    global _STATE
    _STATE = setup(state) if setup is not None else state


def _call(fn: Callable[[Any, Any], Any], chunk: object) -> Any:
    return fn(_STATE, chunk)


def fork_map(
    fn: Callable[[S, C], R],
    state: Any,
    chunks: list[C],
    workers: int,
    setup: Callable[[Any], S] | None = None,
) -> Iterator[R]:
    """``fn(worker_state, chunk)`` for each chunk in forked workers, results in chunk order.

    ``setup`` turns ``state`` into each worker's own state once, in the worker (a worker
    opens its own ``git cat-file`` process there, for instance).
    """
    import multiprocessing  # only the parallel paths pay for these
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    # What the workers inherit stays shared only while nothing writes to its pages; a worker's
    # garbage collector would visit (and so copy) every object of the parent: frozen objects
    # it leaves alone (the ``gc.freeze`` documentation's advice for fork without exec).
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            workers, context, initializer=_start, initargs=(state, setup)
        ) as pool:
            yield from pool.map(_call, itertools.repeat(fn), chunks)
    finally:
        gc.unfreeze()


class ProgressBar(Protocol):
    def __enter__(self) -> Any: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
        /,
    ) -> None: ...
    def update(self, n_steps: int) -> None: ...
