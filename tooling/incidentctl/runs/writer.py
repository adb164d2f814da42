"""Editing files without losing anything: in-place text edits and atomic replacement.

Edits are made to the text where the strict loader places each value (``recordedit``,
``textedit``), never by re-dumping the document, and are proved before they are returned: the
new text must load to the old data plus exactly the change, and a line diff must show nothing
else. The result is written to a temp file in the same folder, fsynced, then ``os.replace``d: a
crash or kill mid-write leaves the old file intact. A per-folder ``flock`` keeps concurrent
edits from interleaving. A full disk, a read-only file system or a folder without write
permission is a ``WriteError``: one line for the user (exit 2), and the old file is still there.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from incidentctl.errors import UserError
from incidentctl.load import yaml as yamlsource
from incidentctl.runs.recordedit import set_key, timeline_edits
from incidentctl.runs.textedit import EditRefused, Lines, apply, unchanged_elsewhere


class WriteError(UserError, OSError):
    """A file could not be written or locked; the message says which and why, in one line.

    A UserError, so the CLI prints it and exits 2; an OSError too, so that callers for whom a
    failed write is harmless (the cache) need not know this module's errors.
    """

    def __init__(self, path: Path, action: str, exc: OSError) -> None:
        reason = exc.strerror or str(exc) or type(exc).__name__
        super().__init__(f"{path}: cannot {action} ({reason}); nothing was changed")


def write_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Replace ``path`` whole or not at all; ``durable`` also survives a power cut (fsync).

    Raises ``WriteError`` on any OSError (disk full, read-only, permissions): the temp file is
    removed and ``path`` keeps its old content.
    """
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(path, "be written", exc) from None
    try:
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except OSError as exc:
        _discard(tmp)
        raise WriteError(path, "be written", exc) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        Path(tmp).unlink()


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a folder while reading, checking and replacing its files.

    Raises ``WriteError`` when the folder cannot be opened or locked (permissions, a file
    system without locks); the body has not run then.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        raise WriteError(folder, "be locked", exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            raise WriteError(folder, "be locked", exc) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


_REFUSED = (
    "the entry could not be added without changing other lines of the record; add it by hand"
    " (after the last timeline entry) or rewrite the timeline as a block list, then retry"
)


def append_timeline_entry(text: str, entry: dict[str, str], top_level: dict[str, str]) -> str:
    """Append ``entry`` to ``timeline`` and set top-level keys; every other byte stays as it is.

    The entry is written in the file's own style (list indentation, timestamp quoting) after
    the last line of the last entry; each top-level value is replaced where it stands.
    Raises ``EditRefused`` (nothing to write) when the result could not be proved to load to
    the old data plus exactly this change, with no other line of the file changed.
    """
    lines = Lines.split(text)
    loaded = _load(lines)
    if loaded is None:
        raise EditRefused("the record is not valid YAML; run 'incidentctl validate' and fix it")
    data = loaded.data
    expected = {**data, **top_level, "timeline": [*(data.get("timeline") or []), entry]}
    fixed = [
        edit for key, value in top_level.items() for edit in set_key(lines, loaded, key, value)
    ]
    for candidate in timeline_edits(lines, loaded, entry):
        edits = [*fixed, *candidate]
        new = apply(lines, edits)
        result = _load(new)
        if (
            result is not None
            and result.data == expected
            and unchanged_elsewhere(lines, new, edits)
        ):
            return new.join()
    raise EditRefused(_REFUSED)


def _load(lines: Lines) -> yamlsource.Loaded | None:
    return yamlsource.load(lines.yaml_text(), "record")[0]
