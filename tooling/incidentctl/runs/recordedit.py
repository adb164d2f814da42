"""Where an edit of an incident record goes, found from the loader's positions.

A value is replaced on its own span, or added as a line of its mapping; a new list entry (in
``timeline``, ``responders``, ``action_items``, ...) goes after the last line of the last entry
(or into an empty or absent list). Each gives candidate edits, best first: ``writer`` keeps the
first one whose result passes the proof.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from incidentctl.load import yaml as yamlsource
from incidentctl.runs.textedit import Edit, EditRefused, Insert, Lines, Splice, block_end
from incidentctl.runs.yamlstyle import Style, detect_style, scalar

Loc = tuple[str | int, ...]
Item = Mapping[str, str | bool] | str  # a list entry: a mapping of scalars, or one scalar

_FLOW_END = re.compile(r"[ \t]+#|[,\]}]")
_COMMENT = re.compile(r"[ \t]+#")


def set_key(lines: Lines, loaded: yamlsource.Loaded, key: str, value: str) -> list[Edit]:
    """Replace the top-level ``key``'s scalar where it stands, or add ``key: value`` at the end."""
    return set_value(lines, loaded, (key,), value)


def set_value(lines: Lines, loaded: yamlsource.Loaded, path: Loc, value: str) -> list[Edit]:
    """Replace the scalar at ``path`` where it stands, or add ``key: value`` to its mapping.

    The scalar may be a mapping's value or a list's item (``("relations", "related", 0)``).
    """
    node, step = _get(loaded.data, path[:-1]), path[-1]
    in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
    if (isinstance(node, dict) and step in node) or in_list:
        return _replace(lines, loaded, path, value)
    return add_keys(lines, loaded, path[:-1], [(path[-1], value)])


def add_keys(
    lines: Lines, loaded: yamlsource.Loaded, parent: Loc, pairs: Sequence[tuple[str | int, str]]
) -> list[Edit]:
    """Add ``key: value`` lines (keys it lacks) to the mapping at ``parent``.

    The mapping (``roles``, ``action_items[2]``, ``release``) may be a block, empty (``roles:``,
    ``{}``) or absent at the top level; anything else is refused, to be edited by hand.
    """
    node, style = _get(loaded.data, parent), detect_style(lines, loaded)
    body = [f"{k}: {style.value(str(k), v, flow=False)}" for k, v in pairs]
    if not parent:
        return [Insert(_root_end(lines, loaded), tuple(_root_indent(loaded) + b for b in body))]
    if node is _MISSING and len(parent) == 1:
        header, indent = f"{_root_indent(loaded)}{parent[0]}:", " " * (_indent(loaded) + 2)
        return [Insert(_root_end(lines, loaded), (header, *(indent + b for b in body)))]
    if node is None or node == {}:
        row, col = (n - 1 for n in loaded.value_pos(parent))
        key_row, key_col = (n - 1 for n in loaded.key_pos(parent))
        new = tuple(" " * (key_col + 2) + b for b in body)
        if node is None:
            return [Insert(key_row, new)]
        empty = re.compile(r"\{[ \t]*\}").match(lines.body[row], col)
        if empty is not None:
            start = len(lines.body[row][:col].rstrip(" \t"))
            return [Splice(row, start, empty.end(), ""), Insert(row, new)]
    if isinstance(node, dict) and not _is_flow(lines, loaded, parent):
        rows = [w[0] - 1 for p, w in loaded.where.items() if p[: len(parent)] == parent]
        first = next(iter(node))
        key_col = loaded.key_pos((*parent, first))[1] - 1
        last = block_end(lines, max(rows), key_col - 1, len(lines.body))
        return [Insert(last, tuple(" " * key_col + b for b in body))]
    if isinstance(node, dict) and isinstance(
        _get(loaded.data, (*parent, last := list(node)[-1])), str
    ):
        row, col = (n - 1 for n in loaded.value_pos((*parent, last)))
        end = _scalar_end(lines.body[row], col, flow=True)
        close = lines.body[row].find("}", end)
        if close >= 0:  # "{a: x}" -> "{a: x, b: y}" on the last value's line
            flow = ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in pairs)
            return [Splice(row, end, end, ", " + flow)]
    raise EditRefused(f"'{_dotted(parent)}' cannot be added to here; edit the record by hand")


def _replace(lines: Lines, loaded: yamlsource.Loaded, path: Loc, value: str) -> list[Edit]:
    if not isinstance(_get(loaded.data, path), str):
        raise EditRefused(
            f"'{_dotted(path)}' must be a single value to be set; fix the record by hand"
        )
    line, col = loaded.value_pos(path)
    row, start = line - 1, col - 1
    body = lines.body[row]
    quote = body[start] if body[start] in "'\"" else ""
    flow = _is_flow(lines, loaded, path[:-1])
    return [
        Splice(row, start, _scalar_end(body, start, flow), scalar(value, flow=flow, style=quote))
    ]


_MISSING: Any = object()


def _get(data: Any, path: Loc) -> Any:
    for step in path:
        known = data if isinstance(data, dict) else dict(enumerate(data or ()))
        if step not in known or isinstance(data, str):
            return _MISSING
        data = known[step]
    return data


def _dotted(path: Loc) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _indent(loaded: yamlsource.Loaded) -> int:
    return len(_root_indent(loaded))


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
    """Ways to add ``entry`` to the timeline, best first (see ``list_edits``)."""
    return list_edits(lines, loaded, "timeline", [entry])


def list_edits(
    lines: Lines, loaded: yamlsource.Loaded, key: str, entries: Sequence[Item]
) -> Iterator[list[Edit]]:
    """Ways to add ``entries`` to the top-level list ``key``, best first.

    The caller keeps the first that passes the proof.
    """
    style, value = detect_style(lines, loaded, key), loaded.data.get(key)
    block = tuple(line for entry in entries for line in style.block(entry))
    if key not in loaded.data:
        header = f"{_root_indent(loaded)}{key}:"
        yield [Insert(_root_end(lines, loaded), (header, *block))]
        return
    key_row = loaded.key_pos((key,))[0] - 1
    row, col = (n - 1 for n in loaded.value_pos((key,)))
    if value is None:  # "key:" with nothing after it
        yield [Insert(key_row, block)]
    elif not isinstance(value, list):
        raise EditRefused(f"'{key}' must be a list; fix the record by hand")
    elif lines.body[row][col : col + 1] == "[":
        yield from _flow_edits(lines, loaded, (key, entries), style, (row, col))
    else:
        item_row, item_col = (n - 1 for n in loaded.value_pos((key, len(value) - 1)))
        dash = lines.body[item_row][:item_col].rfind("-")
        limit = _next_key_row(loaded, key_row, len(lines.body))
        last = block_end(lines, item_row, max(dash, 0), limit)
        # Then every later line up to the next key: a "|+" scalar keeps the blank lines below
        # it, a quoted scalar may go on at column 0. The proof picks the first that is right.
        for row_ in (last, *range(last + 1, limit)):
            yield [Insert(row_, block)]


def _flow_edits(
    lines: Lines,
    loaded: yamlsource.Loaded,
    keyed: tuple[str, Sequence[Item]],
    style: Style,
    at: tuple[int, int],
) -> Iterator[list[Edit]]:
    """``key: []`` becomes a block list; ``[...]`` gets ``, item`` after its last item."""
    (key, entries), (row, col) = keyed, at
    body, value = lines.body[row], loaded.data[key]
    block = tuple(line for entry in entries for line in style.block(entry))
    flow = ", ".join(style.flow(entry) for entry in entries)
    if not value:
        empty = re.compile(r"\[[ \t]*\]").match(body, col)
        if empty is not None:  # "timeline: []  # c" -> "timeline:  # c"
            start = len(body[:col].rstrip(" \t"))
            yield [Splice(row, start, empty.end(), ""), Insert(row, block)]
        return
    item_row, item_col = (n - 1 for n in loaded.value_pos((key, len(value) - 1)))
    if isinstance(entries[0], str):  # a list of scalars: after the last one's end
        end = _scalar_end(lines.body[item_row], item_col, flow=True)
        yield [Splice(item_row, end, end, ", " + flow)]
        return
    limit = _next_key_row(loaded, row, len(lines.body))
    for r in range(item_row, limit):
        for c, ch in enumerate(lines.body[r]):
            if ch == "}" and (r, c) > (item_row, item_col):
                yield [Splice(r, c + 1, c + 1, ", " + flow)]


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
