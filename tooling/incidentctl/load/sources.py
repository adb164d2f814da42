"""Where file bytes come from: the working tree, or (in ``git_history``) a commit's objects.

Rules and loaders read through a ``Source`` so that ``check`` and ``audit`` validate exactly
what a commit holds, never the working tree.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Protocol


class Source(Protocol):
    def read(self, rel: str) -> bytes | None:
        """The file's bytes; None when it does not exist. Raises OSError when unreadable."""

    def listdir(self, rel: str) -> list[str]:
        """Names directly under a folder (files and folders); empty when it does not exist."""


class FsSource:
    """The working tree under ``root``. Symlinks are never followed (discovery reports them)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, rel: str) -> bytes | None:
        # One open() that refuses symlinks (O_NOFOLLOW) instead of three stat calls: this is the
        # hot path of a cold validate.
        try:
            fd = os.open(f"{self.root}/{rel}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a symlink: discovery reports it
                return None
            raise
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # a folder or a FIFO: reported as unreadable
                raise IsADirectoryError(errno.EISDIR, "not a regular file", rel)
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read()
        finally:
            os.close(fd)

    def listdir(self, rel: str) -> list[str]:
        path = self.root / rel
        if path.is_symlink() or not path.is_dir():
            return []
        return sorted(p.name for p in path.iterdir())
