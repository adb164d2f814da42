"""How new values look in a file that has its own style: YAML scalars and timeline entries.

A new scalar reads back as exactly the given text: plain when no YAML reader could take it for
anything else (a number, a boolean, a comment, a key), else double-quoted with escapes. A
multi-line value in a block mapping is a literal block scalar (``|``), the form a person reads
and diffs line by line; it is kept only when it reads back exactly (else it is double-quoted).
A new timeline entry copies the file's list columns and timestamp quoting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from incidentctl.load import yaml as yamlsource
from incidentctl.runs.textedit import EditRefused, Lines

# Plain scalars we write: no indicator first, no ": " or " #", nothing a reader could trim.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^\n\t]*[^\s:])?")
_FLOW_INDICATORS = frozenset(",[]{}?")  # "?" too: PyYAML ends a plain scalar there in flow
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
_STR_TAG = "tag:yaml.org,2002:str"
# YAML 1.1's implicit types (the widest set readers use): what a plain scalar would become.
_RESOLVE: Callable[[type, str, tuple[bool, bool]], str] = yaml.resolver.Resolver().resolve


def scalar(value: str, *, flow: bool = False, style: str = "") -> str:
    """``value`` as a YAML scalar that reads back as exactly ``value`` (a string).

    ``style`` is the quoting the file uses for such values: ``'``, ``"`` or plain (""). Plain is
    kept only when it is unambiguous for any YAML reader (no ``true``, ``1``, ``+1``, ``~``, ...).
    """
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        msg = "a value is not valid text (it has bytes that are not UTF-8); retype it"
        raise EditRefused(msg)
    printable = value.isprintable() and value == value.strip()
    if style == "'" and printable:
        return "'" + value.replace("'", "''") + "'"
    if style == "" and printable and _PLAIN.fullmatch(value) and not _ambiguous(value, flow):
        return value
    return '"' + "".join(_escape(ch) for ch in value) + '"'


def block_scalar(value: str, key_col: int, step: int = 2) -> tuple[str, ...] | None:
    """``value`` as a literal block scalar: the header (``|``, ``|2-``, ``|+``) and its lines.

    The key is at column ``key_col`` (0-based) and the content ``step`` columns right of it. The chomping indicator keeps exactly the value's
    final newlines; an indentation indicator is given when the first line starts with a space.
    None when a block scalar cannot hold the text exactly (a carriage return, a control
    character, a Unicode line separator, ...): the caller writes a quoted scalar instead.
    """
    if "\n" not in value or not 1 <= step <= 9:
        return None
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    first = next((line for line in body.split("\n") if line.strip(" ")), "")
    header = "|" + (str(step) if first[:1] in (" ", "\t") else "") + chomp
    lines = [(" " * (key_col + step) + line) if line else "" for line in body.split("\n")]
    lines += [""] * (trailing - 1)
    doc = " " * key_col + "k: " + header + "\n" + "".join(line + "\n" for line in lines)
    try:
        same = yaml.load(doc, Loader=_LOADER) == {"k": value}
    except yaml.YAMLError:
        same = False
    return (header, *lines) if same else None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _ambiguous(value: str, flow: bool) -> bool:
    return _syntax_clash(value, flow) or _RESOLVE(yaml.ScalarNode, value, (True, False)) != _STR_TAG


def _syntax_clash(value: str, flow: bool) -> bool:
    return " #" in value or ": " in value or (flow and not _FLOW_INDICATORS.isdisjoint(value))


def plain_timestamp(value: str, flow: bool) -> bool:
    """A timestamp can stay plain (the files' own style) when it has no indicator in it."""
    return bool(_PLAIN.fullmatch(value)) and not _syntax_clash(value, flow)


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable():
        return ch
    code = ord(ch)
    return (
        f"\\x{code:02X}"
        if code < 0x100
        else f"\\u{code:04X}"
        if code < 0x10000
        else f"\\U{code:08X}"
    )


@dataclass(frozen=True)
class Style:
    """How this file writes timeline entries: columns of ``-`` and keys, flow items, quoting."""

    dash: int = 2
    key: int = 4
    flow_items: bool = False
    at_quote: str = ""

    def block(self, entry: Mapping[str, str | bool] | str) -> tuple[str, ...]:
        if isinstance(entry, str):
            return (f"{' ' * self.dash}- {scalar(entry)}",)
        if self.flow_items:
            return (f"{' ' * self.dash}- {self.flow(entry)}",)
        lines: list[str] = []
        for k, v in entry.items():
            text = None if isinstance(v, bool) else block_scalar(v, self.key)
            if text is None:
                lines.append(" " * self.key + f"{k}: {self.value(k, v, flow=False)}")
            else:  # the header on the key's line, the content below it
                lines += [" " * self.key + f"{k}: {text[0]}", *text[1:]]
        lines[0] = f"{' ' * self.dash}-{' ' * (self.key - self.dash - 1)}{lines[0][self.key :]}"
        return tuple(lines)

    def flow(self, entry: Mapping[str, str | bool] | str) -> str:
        if isinstance(entry, str):
            return scalar(entry, flow=True)
        return (
            "{" + ", ".join(f"{k}: {self.value(k, v, flow=True)}" for k, v in entry.items()) + "}"
        )

    def value(self, key: str, value: str | bool, *, flow: bool) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if key != "at" and not key.endswith("_at") and key != "due":
            return scalar(value, flow=flow)
        if self.at_quote == "" and plain_timestamp(value, flow):
            return value
        return scalar(value, flow=flow, style=self.at_quote or '"')


def detect_style(
    lines: Lines,
    loaded: yamlsource.Loaded,
    name: str | tuple[str | int, ...] = "timeline",
    shift: int = 0,
) -> Style:
    """The layout of list ``name``'s last entry (else another list of mappings'), its quoting.

    ``name`` may be a nested list's path (``("impact", "regions")``); a layout copied from
    another (top-level) list is moved ``shift`` columns right, to sit under the list's key.
    Timestamps copy the quoting of the list's own, else the timeline's, else ``started_at``.
    """
    path = (name,) if isinstance(name, str) else name
    data, where = loaded.data, loaded.where
    timeline = data.get("timeline") if isinstance(data.get("timeline"), list) else []
    found = _find(data, path)
    own = found if isinstance(found, list) else []
    lists = [(*path, len(own) - 1)] if own else []
    lists += [
        (k, 0) for k, v in data.items() if isinstance(v, list) and v and isinstance(v[0], dict)
    ]
    dash, key, flow = 2 + shift, 4 + shift, False
    for item in lists:
        row, col = where[item][0] - 1, where[item][1] - 1
        if lines.body[row][:col].strip() == "-":  # "- key: ..." on one line: copy its columns
            moved = 0 if item[:-1] == path else shift
            dash, key = lines.body[row].index("-") + moved, col + moved
            flow = item[:-1] == path and lines.body[row][col] == "{"
            break
    stamps: list[tuple[str | int, ...]] = [(*path, i, "at") for i in reversed(range(len(own)))]
    stamps += [("timeline", i, "at") for i in reversed(range(len(timeline)))] + [("started_at",)]
    quote = ""
    for stamp in stamps:
        if stamp in where and isinstance(_get(data, stamp), str):
            first = lines.body[where[stamp][0] - 1][where[stamp][1] - 1]
            quote = first if first in "'\"" else ""
            break
    return Style(dash, key, flow, quote)


def _find(data: Any, path: tuple[str | int, ...]) -> Any:
    """The node at ``path``, or None when a step is missing."""
    for step in path:
        known = dict(enumerate(data)) if isinstance(data, list) else data
        if not isinstance(known, dict) or step not in known:
            return None
        data = known[step]
    return data


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:  # the path is in the position table, so every step exists
        data = data[step]
    return data
