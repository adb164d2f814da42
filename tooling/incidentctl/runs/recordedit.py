"""Where an edit of an incident record goes, found from the loader's positions.

A value is replaced on its own span (a block scalar with its lines, ``blockedit``), or added
as a line of its mapping (new list entries are ``listedit``'s). Each gives candidate edits, best first: ``writer`` keeps the first one whose
result passes the proof.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from incidentctl.load import yaml as yamlsource
from incidentctl.runs.blockedit import block_candidates, find_block
from incidentctl.runs.textedit import Edit, EditRefused, Insert, Lines, Splice, block_end
from incidentctl.runs.yamlstyle import detect_style, plain_timestamp, scalar

Loc = tuple[str | int, ...]

_FLOW_END = re.compile(r"[ \t]+#|[,\]}]")
_COMMENT = re.compile(r"[ \t]+#")


def set_key(lines: Lines, loaded: yamlsource.Loaded, key: str, value: str) -> list[Edit]:
    """Replace the top-level ``key``'s scalar where it stands, or add ``key: value`` at the end."""
    return set_value(lines, loaded, (key,), value)


def set_value(lines: Lines, loaded: yamlsource.Loaded, path: Loc, value: str) -> list[Edit]:
    """Replace the scalar at ``path`` where it stands, or add ``key: value`` to its mapping.

    The scalar may be a mapping's value or a list's item (``("relations", "related", 0)``).
    """
    node, step = get_path(loaded.data, path[:-1]), path[-1]
    in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
    if (isinstance(node, dict) and step in node) or in_list:
        return _replace(lines, loaded, path, value)
    return add_keys(lines, loaded, path[:-1], [(path[-1], value)])


def value_candidates(
    lines: Lines, loaded: yamlsource.Loaded, path: Loc, value: str
) -> Iterator[list[Edit]]:
    """``set_value``'s edits, except that a block scalar is rewritten in its own style."""
    if isinstance(get_path(loaded.data, path), str):
        (line, col), (key_line, key_col) = loaded.value_pos(path), loaded.key_pos(path)
        text = lines.body[line - 1]
        own_line = key_line == line and isinstance(path[-1], str)
        parent = key_col - 1 if own_line else len(text) - len(text.lstrip(" "))
        block = find_block(lines, line - 1, col - 1, parent)
        if block is not None:
            yield from block_candidates(block, value)
            return
    yield set_value(lines, loaded, path, value)


def add_keys(
    lines: Lines, loaded: yamlsource.Loaded, parent: Loc, pairs: Sequence[tuple[str | int, str]]
) -> list[Edit]:
    """Add ``key: value`` lines (keys it lacks) to the mapping at ``parent``.

    The mapping (``roles``, ``action_items[2]``, ``release``) may be a block, empty (``roles:``,
    ``{}``) or absent at the top level; anything else is refused, to be edited by hand.
    """
    node, style = get_path(loaded.data, parent), detect_style(lines, loaded)
    body = [f"{k}: {style.value(str(k), v, flow=False)}" for k, v in pairs]
    if node is MISSING and len(parent) == 1:
        header, indent = (
            f"{root_indent(loaded)}{parent[0]}:",
            " " * (_indent(loaded) + indent_step(loaded)),
        )
        return [Insert(root_end(lines, loaded), (header, *(indent + b for b in body)))]
    if isinstance(node, dict) and node and is_flow(lines, loaded, parent):
        last = list(node)[-1]
        if isinstance(get_path(loaded.data, (*parent, last)), str):
            row, col = (n - 1 for n in loaded.value_pos((*parent, last)))
            end = scalar_end(lines.body[row], col, flow=True)
            if lines.body[row].find("}", end) >= 0:  # "{a: x}" -> "{a: x, b: y}" on its line
                flow = ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in pairs)
                return [Splice(row, end, end, ", " + flow)]
    return add_lines(lines, loaded, parent, body)


def add_lines(
    lines: Lines, loaded: yamlsource.Loaded, parent: Loc, body: Sequence[str]
) -> list[Edit]:
    """Add ``body`` (new keys' lines, indented from column 0) to the mapping at ``parent``.

    The mapping may be the root, a block mapping, or an empty one (``roles:``, ``{}``).
    Anything else (a flow mapping, a list, a scalar) is refused, to be edited by hand.
    """
    node = get_path(loaded.data, parent)

    def indented(col: int) -> tuple[str, ...]:
        return tuple(" " * col + b if b else b for b in body)

    if not parent:
        return [Insert(root_end(lines, loaded), indented(_indent(loaded)))]
    if node is None or node == {}:
        row, col = (n - 1 for n in loaded.value_pos(parent))
        key_row, key_col = (n - 1 for n in loaded.key_pos(parent))
        new = indented(key_col + indent_step(loaded))
        if node is None:
            return [Insert(key_row, new)]
        empty = re.compile(r"\{[ \t]*\}").match(lines.body[row], col)
        if empty is not None:
            start = len(lines.body[row][:col].rstrip(" \t"))
            return [Splice(row, start, empty.end(), ""), Insert(row, new)]
    if isinstance(node, dict) and node and not is_flow(lines, loaded, parent):
        rows = [w[0] - 1 for p, w in loaded.where.items() if p[: len(parent)] == parent]
        key_col = loaded.key_pos((*parent, next(iter(node))))[1] - 1
        last = block_end(lines, max(rows), key_col - 1, len(lines.body))
        return [Insert(last, indented(key_col))]
    raise EditRefused(f"'{dotted(parent)}' cannot be added to here; edit the record by hand")


def indent_step(loaded: yamlsource.Loaded) -> int:
    """How far the record indents a nested block mapping's keys (the first one's), else 2."""
    for path, (_, _, key_line, key_col) in loaded.where.items():
        parent = loaded.where.get(path[:-1])
        if len(path) == 2 and isinstance(path[-1], str) and parent and key_line > parent[2]:
            return max(1, key_col - parent[3])
    return 2


def _replace(lines: Lines, loaded: yamlsource.Loaded, path: Loc, value: str) -> list[Edit]:
    if not isinstance(get_path(loaded.data, path), str):
        raise EditRefused(
            f"'{dotted(path)}' must be a single value to be set; fix the record by hand"
        )
    line, col = loaded.value_pos(path)
    row, start = line - 1, col - 1
    body = lines.body[row]
    quote = body[start] if body[start] in "'\"" else ""
    flow = is_flow(lines, loaded, path[:-1])
    key = str(path[-1])
    timed = key == "at" or key.endswith("_at") or key == "due"  # written plain, as the file does
    text = value if timed and not quote and plain_timestamp(value, flow) else None
    text = text or scalar(value, flow=flow, style=quote)
    return [Splice(row, start, scalar_end(body, start, flow), text)]


MISSING: Any = object()


def get_path(data: Any, path: Loc) -> Any:
    for step in path:
        known = data if isinstance(data, dict) else dict(enumerate(data or ()))
        if step not in known or isinstance(data, str):
            return MISSING
        data = known[step]
    return data


def dotted(path: Loc) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _indent(loaded: yamlsource.Loaded) -> int:
    return len(root_indent(loaded))


def scalar_end(line: str, start: int, flow: bool) -> int:
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


def root_end(lines: Lines, loaded: yamlsource.Loaded) -> int:
    """The last line of the document's mapping (before any ``...`` and trailing blank lines)."""
    last = max(w[0] for w in loaded.where.values()) - 1
    return block_end(lines, last, -1, len(lines.body))


def root_indent(loaded: yamlsource.Loaded) -> str:
    first = next(iter(loaded.data), None)
    return " " * (loaded.key_pos((first,))[1] - 1) if first is not None else ""


def is_flow(lines: Lines, loaded: yamlsource.Loaded, path: tuple[str | int, ...]) -> bool:
    row, col = loaded.value_pos(path)
    return lines.body[row - 1][col - 1 : col] in ("{", "[")
