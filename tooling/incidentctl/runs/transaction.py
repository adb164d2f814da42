"""Several files written (and a folder renamed) as one change: all of it, or none of it.

A command that writes more than one file (``renumber``, ``init``, ``schema export``) prepares
every new text first, then makes each step through a ``Transaction``, which remembers how to
undo it. When a step fails, the steps already made are undone, newest first, and the failure
is raised as it was (its ``WriteError`` says "nothing was changed", now true). Only when an
undo fails too is it ``PartlyWritten``: the message lists what is left changed, never that
nothing was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from incidentctl.errors import UserError
from incidentctl.runs.writer import WriteError, write_atomic


class PartlyWritten(UserError):
    """A step failed and undoing the ones before it failed too: the message says what is left."""


class Transaction:
    """The steps made so far, each with its undo."""

    def __init__(self) -> None:
        self._undo: list[tuple[str, Callable[[], object]]] = []

    def write(self, path: Path, text: str | bytes, durable: bool = True) -> None:
        """Replace (or create) ``path`` atomically; undone by putting the old bytes back."""
        old = path.read_bytes() if path.is_file() else None
        write_atomic(path, text, durable)
        undo = (lambda: path.unlink()) if old is None else (lambda: write_atomic(path, old))
        self._undo.append((f"{path} (written)", undo))

    def mkdir(self, path: Path) -> None:
        """Create ``path`` and its missing parents; undone by removing those left empty."""
        missing = [p for p in (path, *path.parents) if not p.exists()]
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(path, "be created", exc) from None
        for folder in reversed(missing):
            self._undo.append((f"{folder} (created)", folder.rmdir))

    def rename(self, src: Path, dst: Path) -> None:
        """Rename ``src`` to ``dst`` (which must not exist); undone by renaming it back."""
        try:
            src.rename(dst)
        except OSError as exc:
            raise WriteError(src, f"be renamed to {dst.name}", exc) from None
        self._undo.append((f"{src} (renamed to {dst.name})", lambda: dst.rename(src)))

    def rollback(self) -> list[str]:
        """Undo every step, newest first; the steps that could not be undone."""
        left = []
        for what, undo in reversed(self._undo):
            try:
                undo()
            except OSError:
                left.append(what)
        self._undo.clear()
        return left


@contextlib.contextmanager
def transaction() -> Iterator[Transaction]:
    """Run the body's steps; on any exception, undo them and re-raise (or ``PartlyWritten``)."""
    steps = Transaction()
    try:
        yield steps
    except BaseException as exc:
        left = steps.rollback()
        if left:
            msg = f"{exc}; undoing the change failed, these are left changed: {', '.join(left)}"
            raise PartlyWritten(msg.replace("; nothing was changed;", ";")) from None
        raise
