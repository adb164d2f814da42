"""Editing files without losing anything: in-place text edits and atomic replacement.

Edits are made to the text where the strict loader places each value (``recordedit``,
``textedit``), never by re-dumping the document, and are proved before they are returned: the
new text must load to the old data plus exactly the change, and a line diff must show nothing
else. The result is written to a temp file in the same folder, fsynced, then ``os.replace``d: a
crash or kill mid-write leaves the old file intact. A per-folder ``flock`` keeps concurrent
edits from interleaving. A full disk, a read-only file system or a folder without write
permission is a ``WriteError``: one line for the user (exit 2), and the old file is still there.

Over 250 lines: the change types, the proof of every edit and the atomic write are one
contract (nothing reaches the disk that was not proved); where edits go is ``recordedit``'s
and ``listedit``'s.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import itertools
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incidentctl.errors import UserError
from incidentctl.load import yaml as yamlsource
from incidentctl.runs.listedit import list_edits
from incidentctl.runs.recordedit import add_keys, value_candidates
from incidentctl.runs.textedit import Edit, EditRefused, Lines, apply, unchanged_elsewhere


class WriteError(UserError, OSError):
    """A file could not be written or locked; the message says which and why, in one line.

    A UserError, so the CLI prints it and exits 2; an OSError too, so that callers for whom a
    failed write is harmless (the cache) need not know this module's errors.
    """

    def __init__(self, path: Path, action: str, exc: OSError) -> None:
        reason = exc.strerror or str(exc) or type(exc).__name__
        super().__init__(f"{path}: cannot {action} ({reason}); nothing was changed")


def write_atomic(path: Path, text: str | bytes, durable: bool = True) -> None:
    """Replace ``path`` whole or not at all; ``durable`` also survives a power cut (fsync).

    ``text`` is written as UTF-8; bytes are written as they are (an undo puts them back).

    Raises ``WriteError`` on any OSError (disk full, read-only, permissions): the temp file is
    removed and ``path`` keeps its old content.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
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


TIMELINE_REFUSED = (
    "the entry could not be added without changing other lines of the record; add it by hand"
    " (after the last timeline entry) or rewrite the timeline as a block list, then retry"
)
_REFUSED_CHANGE = (
    "the change could not be made without changing other lines of the record; make it by hand,"
    " then retry"
)
_REFUSED_LIST = (
    "the change could not be made without changing other lines of the record; make it by hand"
    " (or rewrite the lists it touches as block lists), then retry"
)


@dataclass(frozen=True)
class SetValue:
    """Set the scalar at ``path`` (``("roles", "incident_commander")``), adding it if absent."""

    path: tuple[str | int, ...]
    value: str


@dataclass(frozen=True)
class Append:
    """Append ``item`` (a mapping of scalars, or a scalar) to the list ``key``, made if absent.

    ``key``: a top-level list (``"timeline"``) or a nested one's path (``("impact", "regions")``).
    """

    key: str | tuple[str, ...]
    item: Mapping[str, str | bool] | str
    more: tuple[Mapping[str, str | bool] | str, ...] = ()  # further items, in order

    @property
    def items(self) -> list[Mapping[str, str | bool] | str]:
        return [self.item, *self.more]

    @property
    def path(self) -> tuple[str, ...]:
        return (self.key,) if isinstance(self.key, str) else self.key


Change = SetValue | Append


def append_timeline_entry(text: str, entry: dict[str, str], top_level: dict[str, str]) -> str:
    """Append ``entry`` to ``timeline`` and set top-level keys; every other byte stays as it is.

    The entry is written in the file's own style (list indentation, timestamp quoting) after
    the last line of the last entry; each top-level value is replaced where it stands.
    Raises ``EditRefused`` (nothing to write) when the result could not be proved to load to
    the old data plus exactly this change, with no other line of the file changed.
    """
    changes: list[Change] = [SetValue((k,), v) for k, v in top_level.items()]
    return edit_record(text, [*changes, Append("timeline", entry)], TIMELINE_REFUSED)


def edit_record(text: str, changes: Sequence[Change], refused: str | None = None) -> str:
    """``text`` with every change made, proved as ``append_timeline_entry`` proves its one.

    Raises ``EditRefused`` when no way of making the changes passes the proof (with
    ``refused``, else a message that blames lists only when the changes touch one).
    """
    lines = Lines.split(text)
    loaded = _load(lines)
    if loaded is None:
        raise EditRefused("the record is not valid YAML; run 'incidentctl validate' and fix it")
    expected, options = copy.deepcopy(loaded.data), []
    current: Change | _NewKeys | None = None
    try:
        for current in changes:
            _apply_to_data(expected, current)
        for current in _grouped(loaded.data, changes):
            options.append(list(_candidates(lines, loaded, current)))
    except EditRefused as exc:  # say where: the place in the record of the change that failed
        if current is not None and not exc.path:
            exc.path = current.parent if isinstance(current, _NewKeys) else current.path
        raise
    for combo in itertools.islice(itertools.product(*options), _MAX_TRIES):
        edits = [edit for candidate in combo for edit in candidate]
        new = apply(lines, edits)
        result = _load(new)
        if (
            result is not None
            and result.data == expected
            and unchanged_elsewhere(lines, new, edits)
        ):
            return new.join()
    touches_list = any(isinstance(c, Append) or int in map(type, c.path) for c in changes)
    raise EditRefused(refused or (_REFUSED_LIST if touches_list else _REFUSED_CHANGE))


_MAX_TRIES = 200  # combinations of candidate edits tried before refusing


@dataclass(frozen=True)
class _NewKeys:
    """Several keys a mapping lacks, added as one block (they would otherwise collide)."""

    parent: tuple[str | int, ...]
    pairs: tuple[tuple[str | int, str], ...]


def _grouped(data: Any, changes: Sequence[Change]) -> list[Change | _NewKeys]:
    """Each SetValue of a key its mapping lacks joins the others of that mapping."""
    out: list[Change | _NewKeys] = []
    groups: dict[tuple[str | int, ...], list[tuple[str | int, str]]] = {}
    for c in changes:
        if isinstance(c, SetValue) and not _has(data, c.path):
            if c.path[:-1] not in groups:
                groups[c.path[:-1]] = []
                out.append(_NewKeys(c.path[:-1], ()))
            groups[c.path[:-1]].append((c.path[-1], c.value))
        else:
            out.append(c)
    return [
        _NewKeys(o.parent, tuple(groups[o.parent])) if isinstance(o, _NewKeys) else o for o in out
    ]


def _has(data: Any, path: tuple[str | int, ...]) -> bool:
    for step in path:
        known = data if isinstance(data, dict) else dict(enumerate(data or ()))
        if isinstance(data, str) or step not in known:
            return False
        data = known[step]
    return True


def _candidates(
    lines: Lines, loaded: yamlsource.Loaded, change: Change | _NewKeys
) -> Iterator[list[Edit]]:
    if isinstance(change, _NewKeys):
        yield add_keys(lines, loaded, change.parent, change.pairs)
    elif isinstance(change, SetValue):
        yield from value_candidates(lines, loaded, change.path, change.value)
    else:
        yield from list_edits(lines, loaded, change.path, change.items)


def _apply_to_data(data: Any, change: Change) -> None:
    """The data a correct edit loads to; EditRefused when the change does not fit the record."""
    node, last = data, change.path[-1]
    for step in change.path[:-1]:
        if isinstance(node, dict) and node.get(step) is None:
            node[step] = {}
        node = node[step] if _holds(node, step) else None
    where = ".".join(map(str, change.path))
    if isinstance(change, Append) and not isinstance(_at(node, last), list | None):
        raise EditRefused(f"'{where}' must be a list; fix the record by hand")
    if not _holds(node, last) and not isinstance(node, dict):
        raise EditRefused(f"'{where}' does not fit the record (no such item); edit it by hand")
    if isinstance(change, Append):
        items = [i if isinstance(i, str) else dict(i) for i in change.items]
        node[last] = [*(node.get(last) or []), *items]
    else:
        node[last] = change.value


def _at(node: Any, step: str | int) -> Any:
    return node[step] if _holds(node, step) else None


def _holds(node: Any, step: str | int) -> bool:
    if isinstance(node, list):
        return isinstance(step, int) and 0 <= step < len(node)
    return isinstance(node, dict) and step in node


def _load(lines: Lines) -> yamlsource.Loaded | None:
    return yamlsource.load(lines.yaml_text(), "record")[0]


def edit_front_matter(text: str, changes: Sequence[Change]) -> str:
    """A Markdown file with its YAML front matter edited by ``edit_record``; the body as is.

    The file is read as ``validate`` reads it: a UTF-8 byte order mark before the first
    ``---`` is allowed (and kept), and so are CRLF line endings.
    """
    from incidentctl.load.frontmatter import split

    bom = _BOM if text.startswith(_BOM) else ""
    rest = text[len(bom) :]
    parts = split(rest)
    if parts.front is None:
        raise EditRefused("the file has no front matter to edit; add one between '---' lines")
    start = rest.index("\n") + 1  # the front matter starts on the line after the first ---
    end = start + len(parts.front)
    return bom + rest[:start] + edit_record(parts.front, changes) + rest[end:]


_BOM = "\ufeff"
