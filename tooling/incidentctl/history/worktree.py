"""What the working tree and the user's git config say, read without GitPython.

Why apart from ``git``: these read files and one config value directly (hashing a file as git
would, never through a symlink; the user's handle from ``user.email``; the base branch's
incident folders for ``validate``'s id-clash check), so editing commands and ``validate``
that need only these start without GitPython.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from incidentctl.load.sources import SUBMODULE, SYMLINK

_CHUNK = 1 << 16


def blob_id(path: Path, mode: str) -> str | None:
    """The id git would give the file (a link's target for a symlink); None if unreadable.

    A file that became a symlink is never followed: nothing outside the repository is read.
    """
    try:
        if mode == SYMLINK:
            data = os.fsencode(path.readlink())
            h = hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False)
            return h.hexdigest()
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:  # hashed in chunks: a 1 GB file costs 64 KiB
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode):
                return None
            h = hashlib.sha1(b"blob %d\0" % st.st_size, usedforsecurity=False)
            while chunk := handle.read(_CHUNK):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


RACY_NS = 2_000_000_000  # a file changed this close to the index's own write is hashed
# One row of ``git ls-files --stage --debug -z``, matched where the row starts: mode, blob id,
# path, then the stat the index recorded. A row that does not read so is parsed field by field.
_ROW = re.compile(
    r"([0-7]+) ([0-9a-f]+) [0-3]\t([^\0]*)\0"
    r"  ctime: (\d+):(\d+)\n  mtime: (\d+):(\d+)\n  dev: \d+\tino: (\d+)\n"
    r"  uid: \d+\tgid: \d+\n  size: (\d+)\tflags: [0-9a-f]+\n"
)
_NS = 10**9


def worktree_differs(root: str, listing: str, index_mtime: int) -> bool:
    """Whether a tracked file of ``listing`` (``ls-files --stage --debug -z``) is not its blob.

    A file whose stat is the one the index recorded, and not racily clean, is unchanged without
    a read (git's own test); any other is hashed as committed, no filter applied. At 67,000
    files this loop is most of ``check``'s cost, so a row is one regular-expression match.
    """
    for path, mode, sha, recorded in _staged(listing):
        if mode == SUBMODULE:
            continue
        full = f"{root}/{path}"
        if recorded is not None and _stat_matches(full, recorded, index_mtime):
            continue
        if blob_id(Path(full), mode) != sha:
            return True
    return False


def _staged(listing: str) -> Iterator[tuple[str, str, str, tuple[int, ...] | None]]:
    """Rows of ``ls-files --stage --debug -z``: path, mode, blob id and the recorded stat.

    The stat is (ctime ns, mtime ns, inode, size) as the index keeps them (32-bit inode and
    size), or None if the lines do not read as expected (the file is then hashed).
    """
    pos = 0
    while True:
        row = _ROW.match(listing, pos)
        if row is not None:
            ctime = int(row[4]) * _NS + int(row[5])
            recorded = (ctime, int(row[6]) * _NS + int(row[7]), int(row[8]), int(row[9]))
            yield row[3], row[1], row[2], recorded
            pos = row.end()
            continue
        end = listing.find("\0", pos)
        if end == -1:
            return
        meta, _, path = listing[pos:end].partition("\t")
        mode, sha, _stage = meta.split()
        lines, pos = [], end + 1
        for _ in range(5):  # ctime, mtime, dev+ino, uid+gid, size+flags
            stop = listing.find("\n", pos)
            stop = len(listing) if stop == -1 else stop
            lines.append(listing[pos:stop])
            pos = stop + 1
        yield path, mode, sha, _recorded(lines)


def _recorded(lines: list[str]) -> tuple[int, ...] | None:
    try:
        fields = {
            key.strip(): value.strip()
            for line in lines
            for key, _, value in (part.partition(":") for part in line.split("\t"))
        }
        ctime_s, ctime_ns = fields["ctime"].split(":")
        mtime_s, mtime_ns = fields["mtime"].split(":")
        return (
            int(ctime_s) * _NS + int(ctime_ns), int(mtime_s) * _NS + int(mtime_ns),
            int(fields["ino"]), int(fields["size"]),
        )  # fmt: skip
    except (KeyError, ValueError):
        return None


def _stat_matches(path: str, recorded: tuple[int, ...], index_mtime: int) -> bool:
    ctime, mtime, ino, size = recorded
    try:
        st = os.lstat(path)
    except OSError:
        return False
    same = (st.st_ctime_ns, st.st_mtime_ns, st.st_ino & 0xFFFFFFFF, st.st_size & 0xFFFFFFFF)
    return same == (ctime, mtime, ino, size) and mtime < index_mtime - RACY_NS


HANDLE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}\Z")


def git_user_handle(root: Path) -> str | None:
    """The local part of ``git config user.email`` when it is a handle, else None.

    Never the display name (``user.name``): a timeline's ``by`` holds a handle such as
    ``ahmed.nasser``. Read without GitPython, so start-up stays fast for editing commands.
    """
    local = (git_user_email(root) or "").partition("@")[0].lower()
    return local if HANDLE.match(local) else None


def git_user_email(root: Path) -> str | None:
    """``git config user.email`` as configured for this repository, or None."""
    import subprocess

    try:
        proc = subprocess.run(
            ["git", "config", "user.email"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None


def upstream_names(root: Path, folder: str) -> list[str]:
    """Names under ``folder`` on the remote's default branch; [] without a remote.

    ``origin/HEAD``, else ``origin/main``: a new id then avoids one already taken there.
    """
    import subprocess

    for rev in ("origin/HEAD", "origin/main"):
        try:
            proc = subprocess.run(
                ["git", "ls-tree", "-z", "--name-only", rev, "--", folder.rstrip("/") + "/"],
                cwd=root, capture_output=True, timeout=10, check=False,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return []
        if proc.returncode == 0:
            names = os.fsdecode(proc.stdout).split("\0")
            return [n.rsplit("/", 1)[-1] for n in names if n]
    return []


DEFAULT_BASES = ("origin/HEAD", "origin/main", "main")


@dataclass(frozen=True)
class BaseListing:
    """The incident folders at a base branch's tip and at its merge base with ``HEAD``."""

    name: str  # the base as the user knows it (``origin/main``)
    tip: frozenset[str]
    merge_base: frozenset[str]
    moved: bool  # the base has commits the branch lacks (else nothing can clash)

    def has_file(self, root: Path, path: str) -> bool:
        """Whether the base's tip has ``path`` (one ``cat-file -e``, for a suspected clash)."""
        return _run(root, "cat-file", "-e", f"{self.name}:{path}") is not None


def base_listing(root: Path, folder: str, bases: tuple[str, ...]) -> BaseListing | None:
    """The first of ``bases`` that resolves, listed: one ``ls-tree`` at its tip, one at its base.

    None when this is not a git repository, no base resolves, or there is no
    merge base (an unborn ``HEAD``, a shallow clone): then nothing is compared.
    """
    for name in bases:
        if name.startswith("-"):
            continue
        tip = _run(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"
        )
        if tip is None:
            continue
        merge_base = _run(root, "merge-base", tip.strip(), "HEAD")
        if merge_base is None:
            return None
        moved = tip.strip() != merge_base.strip()
        if not moved:  # the branch holds all of the base: nothing there can clash, list nothing
            return BaseListing(name, frozenset(), frozenset(), moved)
        listed = [_names(root, rev.strip(), folder) for rev in (tip, merge_base)]
        if listed[0] is None or listed[1] is None:
            return None
        if name.endswith("/HEAD"):  # say origin/main, the branch people know
            name = (_run(root, "rev-parse", "--abbrev-ref", name) or name).strip() or name
        return BaseListing(name, frozenset(listed[0]), frozenset(listed[1]), moved)
    return None


def _names(root: Path, rev: str, folder: str) -> list[str] | None:
    out = _run(root, "ls-tree", "-z", "--name-only", rev, "--", folder.rstrip("/") + "/")
    if out is None:
        return None
    return [n.rsplit("/", 1)[-1] for n in out.split("\0") if n]


def _run(root: Path, *args: str) -> str | None:
    """A plumbing command's output, or None when it fails (never raised: a check is skipped)."""
    import subprocess

    from incidentctl.history.git import SAFE_CONFIG

    try:
        proc = subprocess.run(
            ["git", *SAFE_CONFIG, *args], cwd=root, capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return os.fsdecode(proc.stdout) if proc.returncode == 0 else None
