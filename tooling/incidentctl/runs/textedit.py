"""Edits that change only what they say: text spliced at loader positions, never re-dumped.

Vocabulary: ``Lines`` is a file cut into lines the way libyaml counts them (so the loader's
``line:col`` index it directly), with each line's own ending kept; a ``Splice`` replaces columns
of one line, an ``Insert`` adds whole lines after one, a ``Drop`` removes one.
``unchanged_elsewhere`` is the proof, by a line diff, that every other byte of the file is as
it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from incidentctl.errors import UserError

# libyaml's line breaks: a position from the loader counts all of them, not only "\n".
_BREAK = re.compile("(\r\n|\r|\n|\x85|\u2028|\u2029)")
_BOM = "\ufeff"


class EditRefused(UserError):
    """The edit cannot be made without changing something it does not mean to; nothing written.

    ``path`` is where in the record the change that could not be made goes, when known.
    """

    path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Lines:
    """A text as lines (without endings), their endings ("" for a last line without one), a BOM."""

    body: list[str]
    ends: list[str]
    bom: str = ""

    @classmethod
    def split(cls, text: str) -> Lines:
        bom = _BOM if text.startswith(_BOM) else ""
        parts = _BREAK.split(text.removeprefix(_BOM))
        body, ends = parts[0::2], [*parts[1::2], ""]
        if len(body) > 1 and body[-1] == "":
            body, ends = body[:-1], ends[:-1]
        return cls(body, ends, bom)

    def join(self) -> str:
        return self.bom + "".join(b + e for b, e in zip(self.body, self.ends, strict=True))

    def yaml_text(self) -> str:
        """The text the loader sees (no BOM); a position is ``body[line - 1][col - 1]``."""
        return self.join().removeprefix(_BOM)

    def newline(self) -> str:
        """The file's own line ending: the most common one (LF for a one-line file)."""
        counts = Counter(e for e in self.ends if e in ("\n", "\r\n", "\r"))
        return counts.most_common(1)[0][0] if counts else "\n"


@dataclass(frozen=True)
class Splice:
    """Replace columns ``[start, end)`` (0-based) of line ``line`` (0-based) with ``text``."""

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Insert:
    """Add ``lines`` after line ``after`` (0-based), each with the file's line ending."""

    after: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Drop:
    """Remove line ``line`` (0-based) and its ending (a block scalar's old content)."""

    line: int


Edit = Splice | Insert | Drop


def apply(old: Lines, edits: Sequence[Edit]) -> Lines:
    """The lines with every edit made; inserts after the same line keep their given order.

    Line numbers are the old file's, for every kind of edit.
    """
    dropped = {e.line for e in edits if isinstance(e, Drop)}
    body, ends, nl = list(old.body), list(old.ends), old.newline()
    kept = [i not in dropped for i in range(len(body))]
    splices = sorted((e for e in edits if isinstance(e, Splice)), key=lambda s: (s.line, s.start))
    for s in reversed(splices):
        body[s.line] = body[s.line][: s.start] + s.text + body[s.line][s.end :]
    inserts = [e for e in edits if isinstance(e, Insert)]
    for after in sorted({i.after for i in inserts}, reverse=True):
        new = [line for i in inserts if i.after == after for line in i.lines]
        new_ends = [nl] * len(new)
        if ends[after] == "":  # no final newline: the file keeps having none
            ends[after], new_ends[-1] = nl, ""
        body[after + 1 : after + 1] = new
        ends[after + 1 : after + 1] = new_ends
        kept[after + 1 : after + 1] = [True] * len(new)
    keep = [i for i, k in enumerate(kept) if k]
    return Lines([body[i] for i in keep], [ends[i] for i in keep], old.bom)


def unchanged_elsewhere(old: Lines, new: Lines, edits: Sequence[Edit]) -> bool:
    """True when a line diff of old and new shows exactly the edits' lines and nothing else."""
    want_removed, want_added = _expected_diff(old, edits)
    a, b = list(zip(old.body, old.ends, strict=True)), list(zip(new.body, new.ends, strict=True))
    script = _edit_script(a, b, want_removed.total() + want_added.total())
    if old.bom != new.bom or script is None:
        return False
    removed, added = Counter(a[i] for i in script[0]), Counter(b[j] for j in script[1])
    # The diff may keep a line the edits remove and write again as it was (a blank line of a
    # rewritten block): as many such lines on both sides, and nothing else touched.
    kept = want_removed - removed
    return not (removed - want_removed) and not (added - want_added) and want_added - added == kept


Line = tuple[str, str]


def same_lines(old: Lines, new: Lines) -> dict[int, int]:
    """Each line of ``new`` (0-based) that a shortest line diff keeps from ``old``: its index there."""
    a, b = list(zip(old.body, old.ends, strict=True)), list(zip(new.body, new.ends, strict=True))
    script = _edit_script(a, b, len(a) + len(b))
    removed, added = script if script is not None else (list(range(len(a))), list(range(len(b))))
    gone, new_rows = set(removed), set(added)
    kept_old = [i for i in range(len(a)) if i not in gone]
    kept_new = [j for j in range(len(b)) if j not in new_rows]
    return dict(zip(kept_new, kept_old, strict=True))


def _edit_script(a: list[Line], b: list[Line], limit: int) -> tuple[list[int], list[int]] | None:
    """Rows of ``a`` removed and of ``b`` added by a shortest line diff (Myers).

    None when the diff needs more than ``limit`` lines. Why not difflib: this is O((N+M)·D),
    and D is a handful of lines even in a record with thousands of repeated ones.
    """
    n, m = len(a), len(b)
    v, trace = {1: 0}, []
    for d in range(limit + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            x = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            v[k] = x
            if x >= n and y >= m:
                return _backtrack(trace, x, y)
    return None


def _backtrack(trace: list[dict[int, int]], x: int, y: int) -> tuple[list[int], list[int]]:
    removed: list[int] = []
    added: list[int] = []
    for d in range(len(trace) - 1, 0, -1):
        v, k = trace[d], x - y
        down = k == -d or (k != d and v[k - 1] < v[k + 1])
        prev_k = k + 1 if down else k - 1
        x, y = v[prev_k], v[prev_k] - prev_k
        (added if down else removed).append(y if down else x)
    return removed, added


def _expected_diff(
    old: Lines, edits: Sequence[Edit]
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """The lines a correct edit removes and adds, worked out from the edits alone."""
    nl = old.newline()
    body: dict[int, str] = {}
    for s in sorted((e for e in edits if isinstance(e, Splice)), key=lambda s: -s.start):
        line = body.get(s.line, old.body[s.line])
        body[s.line] = line[: s.start] + s.text + line[s.end :]
    ends: dict[int, str] = {}
    added: Counter[tuple[str, str]] = Counter()
    for after in {e.after for e in edits if isinstance(e, Insert)}:
        new = [
            line for e in edits if isinstance(e, Insert) and e.after == after for line in e.lines
        ]
        tail = [nl] * len(new)
        if old.ends[after] == "":
            ends[after], tail[-1] = nl, ""
        added.update(zip(new, tail, strict=True))
    removed: Counter[tuple[str, str]] = Counter(
        (old.body[e.line], old.ends[e.line]) for e in edits if isinstance(e, Drop)
    )
    for i in set(body) | set(ends):
        before, after_ = (
            (old.body[i], old.ends[i]),
            (body.get(i, old.body[i]), ends.get(i, old.ends[i])),
        )
        if before != after_:
            removed[before] += 1
            added[after_] += 1
    return removed, added


_DOC_MARK = re.compile(r"(---|\.\.\.)(?:[ \t]|$)")


def block_end(lines: Lines, first: int, stop_indent: int, limit: int) -> int:
    """The last line of the block node that starts on line ``first`` (a best guess).

    Lines indented deeper than ``stop_indent`` belong to it; a comment right below its last
    line stays with it, a blank line or a shallower comment does not. A guess because a quoted
    scalar may go on at any column: callers try it first and prove the result.
    """
    last = first
    for i in range(first + 1, limit):
        text = lines.body[i]
        content = text.lstrip(" ")
        indent = len(text) - len(content)
        if not content.strip(" \t"):
            continue
        if _DOC_MARK.match(text):
            break
        if content.lstrip("\t").startswith("#"):
            last = i if indent > stop_indent and last == i - 1 else last
            continue
        if indent <= stop_indent:
            break
        last = i
    return last
