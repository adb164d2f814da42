"""Where file bytes come from: the working tree, or a commit's objects (the only two kinds).

Loaders read through a ``Source`` so that ``check`` and ``audit`` validate exactly what a
commit holds, never the working tree. ``BlobSource`` serves any map of path -> (mode, blob
id): a whole commit's tree (``check``), or the few files the audit's plan knows at a commit.

Nothing outside the repository is ever read: a symbolic link anywhere on a path (the file, or
a folder above it) raises ``SymlinkError`` naming the link, and a file over ``MAX_BYTES`` is
never read whole (its first ``MAX_BYTES + 1`` bytes are enough to report it).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol, Self

from incidentctl.findings import Finding

SYMLINK, SUBMODULE = "120000", "160000"  # git's modes for a symbolic link and a submodule
MAX_BYTES = 1 << 20  # the largest file the loader parses (load/yaml.py reports larger ones)
SYMLINK_MESSAGE = "symbolic links are not allowed in the archive; commit the file itself"


class Entry(NamedTuple):
    """A file in a git tree: its mode and blob id."""

    mode: str
    sha: str


class SymlinkError(OSError):
    """A path runs through a symbolic link; ``filename`` is the link's repository path."""

    def __init__(self, link: str) -> None:
        super().__init__(errno.ELOOP, "a symbolic link", link)


class Withheld(bytes):
    """Stands for a file that exists but is not handed over (too large, a link, unreadable).

    Why bytes: it travels wherever file bytes go (maps of policy files, the blob cache, the
    cache's fingerprints) and the loader turns it into its ``finding`` instead of parsing it.
    Its bytes are a NUL-led tag no readable YAML file can equal. ``finding.path`` is empty when
    the source did not know the path (a blob is read by id); the loader fills it in.
    """

    finding: Finding

    def __new__(cls, finding: Finding) -> Self:
        self = super().__new__(cls, f"\0withheld:{finding.rule_id}:{finding.path}".encode())
        self.finding = finding
        return self

    def at(self, path: str) -> Finding:
        """The finding, placed at ``path`` unless the source named a path itself."""
        f = self.finding
        return f if f.path else Finding(path, f.line, f.col, f.rule_id, f.message, f.level)


def symlink_finding(path: str) -> Finding:
    return Finding(path, 0, 0, "discovery.symlink", SYMLINK_MESSAGE)


def unreadable_finding(path: str, exc: OSError) -> Finding:
    """Names the system's reason (permission denied, not a regular file), never a value."""
    msg = f"cannot be read ({exc.strerror or type(exc).__name__}); check its permissions"
    return Finding(path, 0, 0, "discovery.unreadable", msg)


def too_large(path: str = "") -> Withheld:
    msg = f"file is larger than {MAX_BYTES // 1024} KiB; split it or move data to assets/"
    return Withheld(Finding(path, 1, 1, "yaml.too-large", msg))


def link_in(root: Path | str, rel: str) -> str | None:
    """The first symbolic link on ``rel`` under ``root`` (the path itself included), or None."""
    parts = rel.split("/")
    for n in range(1, len(parts) + 1):
        sub = "/".join(parts[:n])
        try:
            mode = os.lstat(f"{root}/{sub}").st_mode
        except OSError:
            return None  # absent (or not a folder): nothing further down exists to follow
        if stat.S_ISLNK(mode):
            return sub
    return None


class Source(Protocol):
    def read(self, rel: str) -> bytes | None:
        """The file's bytes; None when it does not exist.

        Raises ``SymlinkError`` when the path runs through a symbolic link, OSError when the
        file cannot be read. Bytes may be ``Withheld`` (the loader reports why).
        """

    def listdir(self, rel: str) -> list[str]:
        """Names directly under a folder (files and folders); empty when it does not exist."""


class FsSource:
    """The working tree under ``root``. Symlinks are never followed (``SymlinkError``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._dirs: set[str] = set()  # folders already seen to be real folders, not links

    def _check_dirs(self, rel: str) -> None:
        """Raise ``SymlinkError`` if a folder above ``rel`` is a symbolic link.

        One lstat per folder per source (a few per run, since every file of a run lies in a
        few folders); O_NOFOLLOW on the open covers the last component.
        """
        cut = rel.rfind("/")
        if cut < 0 or rel[:cut] in self._dirs:
            return
        parts = rel[:cut].split("/")
        for n in range(1, len(parts) + 1):
            sub = "/".join(parts[:n])
            if sub in self._dirs:
                continue
            try:
                mode = os.lstat(f"{self.root}/{sub}").st_mode
            except OSError:
                return  # absent: the open says so
            if stat.S_ISLNK(mode):
                raise SymlinkError(sub)
            self._dirs.add(sub)

    def read(self, rel: str) -> bytes | None:
        # One lstat per folder (cached) and one open() that refuses a symlink (O_NOFOLLOW):
        # this is the hot path of a cold validate.
        self._check_dirs(rel)
        try:
            fd = os.open(f"{self.root}/{rel}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise SymlinkError(rel) from None
            raise
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):  # a folder or a FIFO: reported as unreadable
                raise IsADirectoryError(errno.EISDIR, "not a regular file", rel)
            # Never more than the limit and one byte: that is enough to report the size.
            return _read_up_to(fd, min(st.st_size, MAX_BYTES) + 1)
        finally:
            os.close(fd)

    def listdir(self, rel: str) -> list[str]:
        """Empty under a symbolic link too: ``read`` of the folder's path says it is one."""
        path = self.root / rel
        if link_in(self.root, rel) is not None or not path.is_dir():
            return []
        return sorted(p.name for p in path.iterdir())


def _read_up_to(fd: int, limit: int) -> bytes:
    """At most ``limit`` bytes (a file can grow between the fstat and the read)."""
    chunks, left = [], limit
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


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
    """Files as git holds them (path -> mode and blob id).

    Reading a symlink, or a path under one, raises ``SymlinkError``; a submodule reads as
    absent; ``listdir`` of a symlink is empty (callers list freely).
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
        if entry is None:
            self._check_links(rel)
            return None
        if entry[0] == SYMLINK:
            raise SymlinkError(rel)
        if entry[0] == SUBMODULE:
            return None
        return self.blob(entry[1])

    def _check_links(self, rel: str) -> None:
        """A path git does not hold may lie under a folder that git holds as a symlink."""
        cut = rel.rfind("/")
        while cut > 0:
            entry = self.entries.get(rel[:cut])
            if entry is not None and entry[0] == SYMLINK:
                raise SymlinkError(rel[:cut])
            cut = rel.rfind("/", 0, cut)

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
