"""Fill the staging directory MkDocs builds from, with only what may be published.

MkDocs reads this directory and nothing else: the maintainers' pages from ``docs/`` (without
the archive's folders, ``layout.sections``: playbooks are published from their validated,
sanitized form, the folders' index pages sanitized, ``section_files``), the images, and
our script and style sheet; the generated pages join them in memory (``plugin.on_files``).
Nothing is followed through a symbolic link.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath

from incidentctl.errors import UserError
from incidentctl.site import layout

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


def copy_docs(docs_dir: Path, staging: Path, sections: tuple[str, ...]) -> int:
    """The maintainers' pages: everything but the archive's folders (relative to ``docs_dir``)."""
    copied = 0
    for top, dirs, files in os.walk(docs_dir, followlinks=False):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in sorted(files):
            src = here / name
            rel = src.relative_to(docs_dir).as_posix()
            if layout.in_section(rel, sections) or not stat.S_ISREG(os.lstat(src).st_mode):
                continue
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest, follow_symlinks=False)
            copied += 1
    return copied


@dataclass
class SectionFiles:
    """What the archive's folders in ``docs_dir`` hold, by how it may be published.

    ``pages``: (path, text) of each Markdown page; ``images``: (file, path); ``held``: the
    paths of everything else (links, other files, what cannot be read). Paths are relative to
    ``docs_dir``; names starting with a dot are left out, as MkDocs leaves them out.
    """

    pages: list[tuple[str, str]] = field(default_factory=list)
    images: list[tuple[Path, str]] = field(default_factory=list)
    held: list[str] = field(default_factory=list)


def section_files(docs_dir: Path, sections: tuple[str, ...]) -> SectionFiles:
    """Every file under the archive's folders, sorted into pages, images and held back."""
    out = SectionFiles()
    stack = []
    for rel in sections:
        if any(rel.startswith(f"{other}/") for other in sections):
            continue  # walked with the folder that holds it
        path = docs_dir / rel
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(mode) and path.resolve() == docs_dir.resolve() / rel:
            stack.append(docs_dir / rel)
        else:
            out.held.append(rel)  # a link (never followed), or a file where a folder belongs
    while stack:
        folder = stack.pop()
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            rel = Path(entry.path).relative_to(docs_dir).as_posix()
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            elif not entry.is_file(follow_symlinks=False):
                out.held.append(rel)
            elif layout.is_page(entry.name):
                try:
                    out.pages.append((rel, Path(entry.path).read_text(encoding="utf-8")))
                except (OSError, UnicodeDecodeError):
                    out.held.append(rel)
            elif layout.is_image(entry.name, entry.stat(follow_symlinks=False).st_size):
                out.images.append((Path(entry.path), rel))
            else:
                out.held.append(rel)
    return out


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
