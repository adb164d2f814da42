"""Strict YAML loading with source positions: the one boundary every reader goes through.

Why events, not ``yaml.safe_load``: libyaml's event parser is iterative (no recursion limit to
hit), shows anchors, aliases, tags and directives as they are written, and lets us build plain
data and a position table in one pass. Only ``true``/``false`` and null are resolved; every other
scalar stays a string for pydantic to type strictly (no YAML 1.1 ``no``/``on``/sexagesimal
surprises, no date-constructor crashes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev
from yaml._yaml import CParser

from incidentctl.findings import Finding

MAX_BYTES = 1 << 20
MAX_DEPTH = 32

Path = tuple[str | int, ...]
# value line, value col, key line, key col (1-based); for sequence items key == value.
Where = tuple[int, int, int, int]

_BAD_KEY_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NULLS = frozenset(("", "~", "null"))


@dataclass(slots=True)
class Loaded:
    """Plain data (dicts, lists, str, bool, None) plus where each value and key starts."""

    data: Any
    where: dict[Path, Where] = field(repr=False)

    def value_pos(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest existing ancestor."""
        w = self._nearest(path)
        return w[0], w[1]

    def key_pos(self, path: Path) -> tuple[int, int]:
        """Position of the key naming ``path`` (an unknown key is reported there)."""
        w = self._nearest(path)
        return w[2], w[3]

    def _nearest(self, path: Path) -> Where:
        for n in range(len(path), -1, -1):
            w = self.where.get(path[:n])
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
    if len(raw) > MAX_BYTES:
        msg = f"file is larger than {MAX_BYTES // 1024} KiB; split it or move data to assets/"
        return None, [Finding(path, 1, 1, "yaml.too-large", msg)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = "file is not valid UTF-8; re-save it as UTF-8"
        return None, [Finding(path, line, col, "yaml.encoding", msg)]
    return text.removeprefix("\ufeff"), []


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
    """Turns libyaml events into plain data and a position table, checking as it goes."""

    def __init__(self, line_offset: int) -> None:
        self.off = line_offset
        self.where: dict[Path, Where] = {}

    def run(self, text: str) -> Loaded:
        parser = CParser(text)
        root: Any = None
        docs = 0
        # Each frame: [container, path, pending key or None, key position, seen keys]
        stack: list[list[Any]] = []
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is ev.StreamEndEvent:
                break
            if kind is ev.DocumentStartEvent:
                docs += 1
                self._document(event, docs)
                continue
            if kind in (ev.StreamStartEvent, ev.DocumentEndEvent):
                continue
            if kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                stack.pop()
                continue
            if kind is ev.AliasEvent:
                self._stop(event, "yaml.alias", "aliases are not allowed; write the value out")
            self._node_checks(event, len(stack))
            frame = stack[-1] if stack else None
            if frame is not None and type(frame[0]) is dict and frame[2] is None:
                self._key(event, frame)
                continue
            value, path = self._value(event, frame)
            if kind is ev.MappingStartEvent:
                value = {}
                stack.append([value, path, None, None, {}])
            elif kind is ev.SequenceStartEvent:
                value = []
                stack.append([value, path, None, None, None])
            if frame is None:
                root = value
                if type(value) is not dict:
                    self._stop(event, "yaml.not-a-mapping", "the document must be a mapping")
            elif type(frame[0]) is dict:
                frame[0][frame[2]] = value
                frame[2] = None
            else:
                frame[0].append(value)
        if docs == 0:
            raise _Stop(
                "yaml.empty", "the file is empty; it must be a YAML mapping", 1 + self.off, 1
            )
        return Loaded(root, self.where)

    def _value(self, event: Any, frame: list[Any] | None) -> tuple[Any, Path]:
        line, col = event.start_mark.line + 1 + self.off, event.start_mark.column + 1
        if frame is None:
            path: Path = ()
            kline, kcol = line, col
        elif type(frame[0]) is dict:
            path = (*frame[1], frame[2])
            kline, kcol = frame[3]
        else:
            path = (*frame[1], len(frame[0]))
            kline, kcol = line, col
        self.where[path] = (line, col, kline, kcol)
        if type(event) is not ev.ScalarEvent:
            return None, path
        value = event.value
        if event.implicit[0]:  # plain scalar: only booleans and null are resolved
            if value == "true":
                return True, path
            if value == "false":
                return False, path
            if value in _NULLS:
                return None, path
        return value, path

    def _key(self, event: Any, frame: list[Any]) -> None:
        if type(event) is not ev.ScalarEvent:
            self._stop(event, "yaml.complex-key", "mapping keys must be plain strings")
        key = event.value
        if _BAD_KEY_CHARS.search(key):
            self._stop(event, "yaml.bad-key", "key contains a control, tab or bidi character")
        line, col = event.start_mark.line + 1 + self.off, event.start_mark.column + 1
        seen: dict[str, int] = frame[4]
        if key in seen:
            msg = f"duplicate key '{key}' (first defined on line {seen[key]}); remove one"
            raise _Stop("yaml.duplicate-key", msg, line, col)
        seen[key] = line
        frame[2] = key
        frame[3] = (line, col)

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
