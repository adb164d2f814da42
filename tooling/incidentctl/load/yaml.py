"""Strict YAML loading with source positions: the one boundary every reader goes through.

Why events, not ``yaml.safe_load``: libyaml's event parser is iterative (no recursion limit to
hit), shows anchors, aliases, tags and directives as they are written, and lets us build plain
data and a position table in one pass. Only ``true``/``false`` and null are resolved; every other
scalar stays a string for pydantic to type strictly (no YAML 1.1 ``no``/``on``/sexagesimal
surprises, no date-constructor crashes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml import events as ev
from yaml._yaml import CParser

from incidentctl.findings import Finding
from incidentctl.load import sources

MAX_BYTES = sources.MAX_BYTES  # one limit, kept in sources: they never read past it
MAX_DEPTH = 32

Path = tuple[str | int, ...]
# value line, value col, key line, key col (1-based); for sequence items key == value.
Where = tuple[int, int, int, int]

_BAD_KEY_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NULLS = frozenset(("", "~", "null"))


class Loaded:
    """Plain data (dicts, lists, str, bool, None) plus where each value and key starts.

    Why lazy: nearly every file is valid, and positions are needed only to report a problem.
    The first pass builds data alone; the position table is built by a second pass over the
    kept text the first time a rule asks for a position.
    """

    __slots__ = ("_offset", "_text", "_where", "data")

    def __init__(
        self, data: Any, text: str, offset: int, where: dict[Path, Where] | None = None
    ) -> None:
        self.data, self._text, self._offset, self._where = data, text, offset, where

    @property
    def where(self) -> dict[Path, Where]:
        if self._where is None:
            self._where = _Builder(self._offset, track=True).run(self._text).where
        return self._where

    def value_pos(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest existing ancestor."""
        w = self._nearest(path)
        return w[0], w[1]

    def key_pos(self, path: Path) -> tuple[int, int]:
        """Position of the key naming ``path`` (an unknown key is reported there)."""
        w = self._nearest(path)
        return w[2], w[3]

    def _nearest(self, path: Path) -> Where:
        where = self.where
        for n in range(len(path), -1, -1):
            w = where.get(path[:n])
            if w is not None:
                return w
        return (1, 1, 1, 1)


class _Stop(Exception):
    """A structural problem: parsing stops at the first one."""

    def __init__(self, rule: str, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.rule, self.message, self.line, self.col = rule, message, line, col


def decode(raw: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """Strict UTF-8 (a leading BOM is allowed), within the size limit."""
    if len(raw) > MAX_BYTES:  # sources read at most one byte more, git not even that
        return None, [sources.too_large().at(path)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = "file is not valid UTF-8; re-save it as UTF-8"
        return None, [Finding(path, line, col, "yaml.encoding", msg)]
    return text.removeprefix("\ufeff"), []


def _tab_at(text: str, line: int, col: int) -> bool:
    """Whether the error's line has a tab where it fails or in its indentation."""
    rows = text.splitlines()
    row = rows[line] if line < len(rows) else ""
    return "\t" in row[: len(row) - len(row.lstrip(" \t"))] or row[col : col + 1] == "\t"


def load(text: str, path: str, *, line_offset: int = 0) -> tuple[Loaded | None, list[Finding]]:
    """Parse one YAML document whose root must be a mapping.

    Returns the loaded data, or None and the findings that stopped it. Only YAML problems are
    findings here; a bug in this module still raises (the CLI turns it into exit 3).
    """
    try:
        return _Builder(line_offset).run(text), []
    except _Stop as stop:
        return None, [Finding(path, stop.line, stop.col, stop.rule, stop.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if mark is not None and _tab_at(text, mark.line, mark.column):
            problem = "a tab character: YAML indents with spaces, never tabs; replace it"
        return None, [Finding(path, line + line_offset, col, "yaml.syntax", problem)]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        msg = f"character #x{exc.character:04x} is not allowed in YAML"
        return None, [Finding(path, line + line_offset, col, "yaml.syntax", msg)]
    except yaml.YAMLError as exc:  # libyaml errors without a mark
        msg = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        return None, [Finding(path, 1 + line_offset, 1, "yaml.syntax", msg)]


class _Builder:
    """Turns libyaml events into plain data (and, with ``track``, a position table).

    The structural checks run in both modes, so a problem stops the first pass at its exact
    position. The loop is written for speed: it is the inner loop of a cold ``validate``.
    """

    def __init__(self, line_offset: int, *, track: bool = False) -> None:
        self.off = line_offset
        self.track = track
        self.where: dict[Path, Where] = {}

    def run(self, text: str) -> Loaded:
        get_event: Callable[[], Any] = CParser(text).get_event
        scalar, map_start, seq_start = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
        track, where, off = self.track, self.where, self.off
        root: Any = None
        docs = 0
        # A frame: [container, is_mapping, path, pending key or None, key position, seen keys]
        stack: list[list[Any]] = []
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar or kind is map_start or kind is seq_start:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    self._node_checks(event, len(stack))
                frame = stack[-1] if stack else None
                if frame is not None and frame[1] and frame[3] is None:
                    self._key(event, frame)
                    continue
                if kind is scalar:
                    value = event.value
                    if event.implicit[0]:  # plain scalar: only booleans and null are resolved
                        if value == "true":
                            value = True
                        elif value == "false":
                            value = False
                        elif value in _NULLS:
                            value = None
                else:
                    value = {} if kind is map_start else []
                path: Path = ()
                if track:
                    path = self._track(event, frame)
                if kind is not scalar:
                    is_map = kind is map_start
                    stack.append([value, is_map, path, None, None, {} if is_map else None])
                if frame is None:
                    root = value
                    if type(value) is not dict:
                        self._stop(event, "yaml.not-a-mapping", "the document must be a mapping")
                elif frame[1]:
                    frame[0][frame[3]] = value
                    frame[3] = None
                else:
                    frame[0].append(value)
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                stack.pop()
            elif kind is ev.AliasEvent:
                self._stop(event, "yaml.alias", "aliases are not allowed; write the value out")
            elif kind is ev.DocumentStartEvent:
                docs += 1
                self._document(event, docs)
            elif kind is ev.StreamEndEvent:
                break
        if docs == 0:
            raise _Stop("yaml.empty", "the file is empty; it must be a YAML mapping", 1 + off, 1)
        return Loaded(root, text, off, where if track else None)

    def _track(self, event: Any, frame: list[Any] | None) -> Path:
        mark = event.start_mark
        line, col = mark.line + 1 + self.off, mark.column + 1
        if frame is None:
            path: Path = ()
            kline, kcol = line, col
        elif frame[1]:
            path = (*frame[2], frame[3])
            kline, kcol = frame[4]
        else:
            path = (*frame[2], len(frame[0]))
            kline, kcol = line, col
        self.where[path] = (line, col, kline, kcol)
        return path

    def _key(self, event: Any, frame: list[Any]) -> None:
        if type(event) is not ev.ScalarEvent:
            self._stop(event, "yaml.complex-key", "mapping keys must be plain strings")
        key = event.value
        if not key.isprintable() and _BAD_KEY_CHARS.search(key):
            self._stop(event, "yaml.bad-key", "key contains a control, tab or bidi character")
        seen: dict[str, Any] = frame[5]
        if key in seen:
            first = seen[key].line + 1 + self.off
            # the key is not named: key names are content too (a restricted record's)
            msg = f"this key appears twice in one mapping (first on line {first}); remove one"
            self._stop(event, "yaml.duplicate-key", msg)
        seen[key] = event.start_mark
        frame[3] = key
        if self.track:
            mark = event.start_mark
            frame[4] = (mark.line + 1 + self.off, mark.column + 1)

    def _node_checks(self, event: Any, depth: int) -> None:
        if event.anchor is not None:
            self._stop(event, "yaml.anchor", "anchors are not allowed; write the value out")
        if event.tag is not None:
            self._stop(event, "yaml.tag", "explicit YAML tags are not allowed")
        if depth >= MAX_DEPTH:
            self._stop(event, "yaml.too-deep", f"nesting is deeper than {MAX_DEPTH} levels")

    def _document(self, event: Any, docs: int) -> None:
        if docs > 1:
            self._stop(event, "yaml.multiple-documents", "only one YAML document is allowed")
        if event.version is not None or event.tags:
            self._stop(event, "yaml.directive", "YAML directives (%YAML, %TAG) are not allowed")

    def _stop(self, event: Any, rule: str, message: str) -> None:
        mark = event.start_mark
        raise _Stop(rule, message, mark.line + 1 + self.off, mark.column + 1)
