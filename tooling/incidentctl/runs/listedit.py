"""Where new list entries go in an incident record, at any depth, found from the loader's positions.

One rule for every list an edit appends to, top-level (``timeline``, ``responders``) or nested
(``impact.regions``): after the last line of the last entry of a block list, after the last item
of a flow list, on the line of an empty one (``key:``, ``key: []``); an absent list is created
with its absent parents (``impact:`` then ``regions:``) in the record's own style: its nesting
indent and its lists' dash columns (a block list, as a new top-level list has always been).
Each gives candidate edits, best first: ``writer`` keeps the first one whose result passes the
proof.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from incidentctl.load import yaml as yamlsource
from incidentctl.runs.recordedit import (
    MISSING,
    Loc,
    add_lines,
    dotted,
    get_path,
    indent_step,
    root_indent,
    scalar_end,
)
from incidentctl.runs.textedit import Edit, EditRefused, Insert, Lines, Splice, block_end
from incidentctl.runs.yamlstyle import Style, detect_style

Item = Mapping[str, str | bool] | str  # a list entry: a mapping of scalars, or one scalar


def timeline_edits(
    lines: Lines, loaded: yamlsource.Loaded, entry: dict[str, str]
) -> Iterator[list[Edit]]:
    """Ways to add ``entry`` to the timeline, best first (see ``list_edits``)."""
    return list_edits(lines, loaded, ("timeline",), [entry])


def list_edits(
    lines: Lines, loaded: yamlsource.Loaded, path: Loc, entries: Sequence[Item]
) -> Iterator[list[Edit]]:
    """Ways to add ``entries`` to the list at ``path`` (``("impact", "regions")``), best first.

    The caller keeps the first that passes the proof.
    """
    value = get_path(loaded.data, path)
    if value is MISSING:
        yield _new_list(lines, loaded, path, entries)
        return
    key_row, key_col = (n - 1 for n in loaded.key_pos(path))
    style = detect_style(lines, loaded, path, max(0, key_col - len(root_indent(loaded))))
    block = tuple(line for entry in entries for line in style.block(entry))
    row, col = (n - 1 for n in loaded.value_pos(path))
    if value is None:  # "key:" with nothing after it
        yield [Insert(key_row, block)]
    elif not isinstance(value, list):
        raise EditRefused(f"'{dotted(path)}' must be a list; fix the record by hand")
    elif lines.body[row][col : col + 1] == "[":
        yield from _flow_edits(lines, loaded, (path, entries), style, (row, col))
    else:
        item_row, item_col = (n - 1 for n in loaded.value_pos((*path, len(value) - 1)))
        dash = lines.body[item_row][:item_col].rfind("-")
        limit = _next_key_row(loaded, path, key_row, len(lines.body))
        last = block_end(lines, item_row, max(dash, 0), limit)
        # Then every later line up to the next key: a "|+" scalar keeps the blank lines below
        # it, a quoted scalar may go on at column 0. The proof picks the first that is right.
        for row_ in (last, *range(last + 1, limit)):
            yield [Insert(row_, block)]


def _new_list(
    lines: Lines, loaded: yamlsource.Loaded, path: Loc, entries: Sequence[Item]
) -> list[Edit]:
    """The list and the parents it lacks, added to the deepest mapping that exists."""
    depth = max(n for n in range(len(path)) if get_path(loaded.data, path[:n]) is not MISSING)
    base, missing = path[:depth], path[depth:]
    if not all(isinstance(k, str) for k in missing):
        raise EditRefused(f"'{dotted(path)}' cannot be added to here; edit the record by hand")
    step, root = indent_step(loaded), len(root_indent(loaded))
    body = [" " * (n * step) + f"{k}:" for n, k in enumerate(missing)]
    at = (len(missing) - 1) * step  # the list key's column, relative to the mapping's keys
    style = detect_style(lines, loaded, path, at - root)
    body += [line for entry in entries for line in style.block(entry)]
    return add_lines(lines, loaded, base, body)


def _flow_edits(
    lines: Lines,
    loaded: yamlsource.Loaded,
    keyed: tuple[Loc, Sequence[Item]],
    style: Style,
    at: tuple[int, int],
) -> Iterator[list[Edit]]:
    """``key: []`` becomes a block list; ``[...]`` gets ``, item`` after its last item."""
    (path, entries), (row, col) = keyed, at
    body, value = lines.body[row], get_path(loaded.data, path)
    block = tuple(line for entry in entries for line in style.block(entry))
    flow = ", ".join(style.flow(entry) for entry in entries)
    if not value:
        empty = re.compile(r"\[[ \t]*\]").match(body, col)
        if empty is not None:  # "timeline: []  # c" -> "timeline:  # c"
            start = len(body[:col].rstrip(" \t"))
            yield [Splice(row, start, empty.end(), ""), Insert(row, block)]
        return
    item_row, item_col = (n - 1 for n in loaded.value_pos((*path, len(value) - 1)))
    if isinstance(entries[0], str):  # a list of scalars: after the last one's end
        end = scalar_end(lines.body[item_row], item_col, flow=True)
        yield [Splice(item_row, end, end, ", " + flow)]
        return
    limit = _next_key_row(loaded, path, row, len(lines.body))
    for r in range(item_row, limit):
        for c, ch in enumerate(lines.body[r]):
            if ch == "}" and (r, c) > (item_row, item_col):
                yield [Splice(r, c + 1, c + 1, ", " + flow)]


def _next_key_row(loaded: yamlsource.Loaded, path: Loc, row: int, default: int) -> int:
    """The row of the first key below ``row`` outside the list: nothing of ours goes past it."""
    rows = [
        w[2] - 1
        for p, w in loaded.where.items()
        if p and isinstance(p[-1], str) and p[: len(path)] != path
    ]
    return min((r for r in rows if r > row), default=default)
