"""Fill the staging directory MkDocs builds from, with only what may be published.

MkDocs reads this directory and nothing else: the maintainers' pages from ``docs/`` (without
the raw playbooks, which are published from their validated, sanitized form), the published
incidents' images, and our script and style sheet; the generated pages join them in memory
(``plugin.on_files``). Nothing is followed through a symbolic link.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from importlib import resources
from pathlib import Path, PurePosixPath

from incidentctl.errors import UserError

STATIC_DIR = "assets/incidentctl"
# The first three go into every page; the search worker and lunr are loaded by the worker.
STATIC_FILES = (
    "archive.js",
    "archive.css",
    "iframe-worker-shim.js",
    "search-worker.js",
    "lunr.min.js",
)


def safe_rel(path: str) -> PurePosixPath:
    """A relative path inside the staging directory, or a UserError (never ``..``, never absolute)."""
    rel = PurePosixPath(path)
    if rel.is_absolute() or not rel.parts or any(p in ("..", ".", "") for p in rel.parts):
        raise UserError(f"{path}: not a path inside the site")
    return rel


def copy_docs(docs_dir: Path, staging: Path, leave_out: set[str]) -> int:
    """The maintainers' pages, minus ``leave_out`` (paths relative to ``docs_dir``)."""
    copied = 0
    for top, dirs, files in os.walk(docs_dir, followlinks=False):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in sorted(files):
            src = here / name
            rel = src.relative_to(docs_dir).as_posix()
            if rel in leave_out or not stat.S_ISREG(os.lstat(src).st_mode):
                continue
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest, follow_symlinks=False)
            copied += 1
    return copied


def copy_assets(staging: Path, assets: Iterable[tuple[Path, str]]) -> int:
    """Each ``(source file, staging path)``; read without following a link at the last step."""
    copied = 0
    for src, rel in assets:
        dest = staging / safe_rel(rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as fh, dest.open("wb") as out:
            shutil.copyfileobj(fh, out)
        copied += 1
    return copied


def copy_static(staging: Path) -> list[str]:
    """Our script and style sheet; returns their site paths for ``extra_javascript``/``css``."""
    out = []
    folder = staging / STATIC_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name in STATIC_FILES:
        data = resources.files("incidentctl.site").joinpath("static", name).read_bytes()
        (folder / name).write_bytes(data)
        out.append(f"{STATIC_DIR}/{name}")
    return out
