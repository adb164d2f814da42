"""Where file bytes come from: the working tree, or (in ``git_history``) a commit's objects.

Rules and loaders read through a ``Source`` so that ``check`` and ``audit`` validate exactly
what a commit holds, never the working tree.
"""

from __future__ import annotations

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
        path = self.root / rel
        if path.is_symlink() or not path.exists():
            return None
        return path.read_bytes()  # a folder or a FIFO raises OSError: reported as unreadable

    def listdir(self, rel: str) -> list[str]:
        path = self.root / rel
        if path.is_symlink() or not path.is_dir():
            return []
        return sorted(p.name for p in path.iterdir())
