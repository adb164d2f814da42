"""What the working tree and the user's git config say, read without GitPython.

Why apart from ``git``: these read files and one config value directly (hashing a file as git
would, never through a symlink; the user's handle from ``user.email``), so editing commands
that need only these start without GitPython.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from incidentctl.load.sources import SYMLINK

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
