"""Where an edit of an incident record goes, found from the loader's positions.

A top-level value is replaced on its own span; a new timeline entry goes after the last line of
the last entry (or into an empty or absent ``timeline``). Each yields candidate edits, best
first: ``writer`` keeps the first one whose result passes the proof.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from incidentctl.load import yaml as yamlsource
from incidentctl.runs.textedit import Edit, EditRefused, Insert, Lines, Splice, block_end
from incidentctl.runs.yamlstyle import Style, detect_style, scalar

_FLOW_END = re.compile(r"[ \t]+#|[,\]}]")
_COMMENT = re.compile(r"[ \t]+#")


def set_key(lines: Lines, loaded: yamlsource.Loaded, key: str, value: str) -> list[Edit]:
    """Replace the top-level ``key``'s scalar where it stands, or add ``key: value`` at the end."""
    if key not in loaded.data:
        return [
            Insert(_root_end(lines, loaded), (f"{_root_indent(loaded)}{key}: {scalar(value)}",))
        ]
    if not isinstance(loaded.data[key], str):
        raise EditRefused(f"'{key}' must be a single value to be set; fix the record by hand")
    line, col = loaded.value_pos((key,))
    row, start = line - 1, col - 1
    body = lines.body[row]
    quote = body[start] if body[start] in "'\"" else ""
    flow = _is_flow(lines, loaded, ())
    return [
        Splice(row, start, _scalar_end(body, start, flow), scalar(value, flow=flow, style=quote))
    ]


def _scalar_end(line: str, start: int, flow: bool) -> int:
    """End column of the one-line scalar starting at ``start`` (a longer one fails the proof)."""
    quote, i = line[start], start + 1
    while quote in "'\"" and i < len(line):
        if (line[i] == "\\" and quote == '"') or (line[i : i + 2] == "''" and quote == "'"):
            i += 2
        elif line[i] == quote:
            return i + 1
        else:
            i += 1
    if quote in "'\"":
        return len(line)
    m = (_FLOW_END if flow else _COMMENT).search(line, start)
    end = m.start() if m else len(line)
    return start + len(line[start:end].rstrip(" \t"))


def timeline_edits(
    lines: Lines, loaded: yamlsource.Loaded, entry: dict[str, str]
) -> Iterator[list[Edit]]:
    """Ways to add ``entry``, best first: the caller keeps the first that passes the proof."""
    style, value = detect_style(lines, loaded), loaded.data.get("timeline")
    if "timeline" not in loaded.data:
        header = f"{_root_indent(loaded)}timeline:"
        yield [Insert(_root_end(lines, loaded), (header, *style.block(entry)))]
        return
    key_row = loaded.key_pos(("timeline",))[0] - 1
    row, col = (n - 1 for n in loaded.value_pos(("timeline",)))
    if value is None:  # "timeline:" with nothing after it
        yield [Insert(key_row, style.block(entry))]
    elif not isinstance(value, list):
        raise EditRefused("'timeline' must be a list of entries; fix the record by hand")
    elif lines.body[row][col : col + 1] == "[":
        yield from _flow_edits(lines, loaded, entry, style, (row, col))
    else:
        item_row, item_col = (n - 1 for n in loaded.value_pos(("timeline", len(value) - 1)))
        dash = lines.body[item_row][:item_col].rfind("-")
        limit = _next_key_row(loaded, key_row, len(lines.body))
        last = block_end(lines, item_row, max(dash, 0), limit)
        # Then every later line up to the next key: a "|+" scalar keeps the blank lines below
        # it, a quoted scalar may go on at column 0. The proof picks the first that is right.
        for row_ in (last, *range(last + 1, limit)):
            yield [Insert(row_, style.block(entry))]


def _flow_edits(
    lines: Lines,
    loaded: yamlsource.Loaded,
    entry: dict[str, str],
    style: Style,
    at: tuple[int, int],
) -> Iterator[list[Edit]]:
    """``timeline: []`` becomes a block list; ``[...]`` gets ``, {...}`` after its last item."""
    row, col = at
    body, value = lines.body[row], loaded.data["timeline"]
    if not value:
        empty = re.compile(r"\[[ \t]*\]").match(body, col)
        if empty is not None:  # "timeline: []  # c" -> "timeline:  # c"
            start = len(body[:col].rstrip(" \t"))
            yield [Splice(row, start, empty.end(), ""), Insert(row, style.block(entry))]
        return
    item_row, item_col = (n - 1 for n in loaded.value_pos(("timeline", len(value) - 1)))
    limit = _next_key_row(loaded, row, len(lines.body))
    for r in range(item_row, limit):
        for c, ch in enumerate(lines.body[r]):
            if ch == "}" and (r, c) > (item_row, item_col):
                yield [Splice(r, c + 1, c + 1, ", " + style.flow(entry))]


def _next_key_row(loaded: yamlsource.Loaded, row: int, default: int) -> int:
    """The row of the first top-level key below ``row``: nothing of ours goes past it."""
    rows = [loaded.key_pos((k,))[0] - 1 for k in loaded.data]
    return min((r for r in rows if r > row), default=default)


def _root_end(lines: Lines, loaded: yamlsource.Loaded) -> int:
    """The last line of the document's mapping (before any ``...`` and trailing blank lines)."""
    last = max(w[0] for w in loaded.where.values()) - 1
    return block_end(lines, last, -1, len(lines.body))


def _root_indent(loaded: yamlsource.Loaded) -> str:
    first = next(iter(loaded.data), None)
    return " " * (loaded.key_pos((first,))[1] - 1) if first is not None else ""


def _is_flow(lines: Lines, loaded: yamlsource.Loaded, path: tuple[str | int, ...]) -> bool:
    row, col = loaded.value_pos(path)
    return lines.body[row - 1][col - 1 : col] in ("{", "[")
