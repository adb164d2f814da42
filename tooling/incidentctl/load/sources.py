"""Where file bytes come from: the working tree, or a commit's objects (the only two kinds).

Loaders read through a ``Source`` so that ``check`` and ``audit`` validate exactly what a
commit holds, never the working tree. ``BlobSource`` serves any map of path -> (mode, blob
id): a whole commit's tree (``check``), or the few files the audit's plan knows at a commit.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

SYMLINK, SUBMODULE = "120000", "160000"  # git's modes for a symbolic link and a submodule


class Entry(NamedTuple):
    """A file in a git tree: its mode and blob id."""

    mode: str
    sha: str


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


class RecordingSource(FsSource):
    """Remembers the bytes it read, so a cache digest of them costs no second read."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.seen: dict[str, bytes | None] = {}

    def read(self, rel: str) -> bytes | None:
        data = super().read(rel)
        self.seen[rel] = data
        return data


class BlobSource:
    """Files as git holds them (path -> mode and blob id): symlinks and submodules read as absent.

    ``listed`` gives the bare names under some folders without their files: a pull request's
    check needs the whole of a few folders but only the names in ``incidents/``.
    """

    def __init__(
        self,
        blob: Callable[[str], bytes],
        entries: Mapping[str, tuple[str, str]],
        listed: dict[str, list[str]] | None = None,
    ) -> None:
        self.blob = blob
        self.entries = entries
        self._listed = listed or {}

    def read(self, rel: str) -> bytes | None:
        entry = self.entries.get(rel)
        if entry is None or entry[0] in (SYMLINK, SUBMODULE):
            return None
        return self.blob(entry[1])

    def listdir(self, rel: str) -> list[str]:
        rel = rel.rstrip("/")
        if rel in self._listed:
            return self._listed[rel]
        prefix = rel + "/"
        return sorted(
            {p[len(prefix) :].split("/", 1)[0] for p in self.entries if p.startswith(prefix)}
        )

    def mode(self, rel: str) -> str | None:
        entry = self.entries.get(rel)
        return entry[0] if entry else None
