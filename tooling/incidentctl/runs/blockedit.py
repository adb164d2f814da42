"""A block scalar's value replaced where it stands, in the file's own style (``summary: >-``).

A long prose field is often a block scalar: a header on the key's line (``|`` literal or ``>``
folded, an optional chomping ``-``/``+`` and indentation indicator, an optional comment) and
the content on the lines below. The new value is written the same way: the header as it was,
the content at the old content's indentation, folded text wrapped at the old content's width.
Candidates, best first (the writer keeps the first its proof accepts): the header as written;
the header with strip chomping (``-``), for a value without the final newline that clip or
keep would add; the value as a one-line scalar in place of the whole block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from incidentctl.runs.textedit import Drop, Edit, Insert, Lines, Splice
from incidentctl.runs.yamlstyle import scalar

# kind, indentation indicator, chomping, indentation indicator (either order), then a comment
_HEADER = re.compile(r"([|>])([1-9]?)([-+]?)([1-9]?)(?=[ \t]*(?:#.*)?$)")
_WIDTH = 100  # for folded text when the old block has no content to measure


@dataclass(frozen=True)
class Block:
    """Where a block scalar is: its header's line and match, its content's lines and indent."""

    row: int
    header: re.Match[str]
    content: range
    indent: int
    width: int


def find_block(lines: Lines, row: int, col: int, parent_indent: int) -> Block | None:
    """The block scalar whose header is at ``row``/``col`` (0-based); None if there is none.

    Its content is every line below indented deeper than ``parent_indent`` (blank lines
    among them), up to the last such line that is not blank: trailing blank lines stay.
    """
    header = _HEADER.match(lines.body[row], col)
    if header is None:
        return None
    last, indent, width = row, 0, 0
    for i in range(row + 1, len(lines.body)):
        text = lines.body[i]
        if not text.strip(" "):
            continue
        depth = len(text) - len(text.lstrip(" "))
        if depth <= parent_indent:
            break
        indent, last, width = indent or depth, i, max(width, len(text))
    digit = header.group(2) or header.group(4)
    indent = indent or parent_indent + (int(digit) if digit else 2)
    return Block(row, header, range(row + 1, last + 1), indent, width or _WIDTH)


def block_candidates(block: Block, value: str) -> Iterator[list[Edit]]:
    """Edits that write ``value`` in place of the block, best first (see the module)."""
    kind, a, chomp, b = block.header.groups()
    content = _literal(value) if kind == "|" else _folded(value, block.width - block.indent)
    new = tuple(" " * block.indent + line if line else "" for line in content)
    drops: list[Edit] = [Drop(i) for i in block.content]
    start, end = block.header.span()
    for chomping in dict.fromkeys((chomp, "-", "")):
        header = Splice(block.row, start, end, kind + a + chomping + b)
        yield [header, *drops, *([Insert(block.row, new)] if new else [])]
    yield [Splice(block.row, start, end, scalar(value)), *drops]


def _literal(value: str) -> list[str]:
    return value.rstrip("\n").split("\n") if value.strip("\n") else []


def _folded(value: str, width: int) -> list[str]:
    """Lines that fold back to ``value``: a blank line for each line break, long lines wrapped."""
    out: list[str] = []
    for n, paragraph in enumerate(value.rstrip("\n").split("\n") if value.strip("\n") else []):
        out += [""] if n else []
        out += _wrap(paragraph, max(width, 40)) if paragraph else []
    return out


def _wrap(text: str, width: int) -> list[str]:
    """``text`` cut at single spaces between words (a fold puts each back) near ``width``."""
    spaces = [
        i
        for i in range(1, len(text) - 1)
        if text[i] == " " and " " not in (text[i - 1], text[i + 1])
    ]
    out, begin, last = [], 0, -1
    for i in [*spaces, len(text)]:
        if i - begin > width and last > begin:
            out.append(text[begin:last])
            begin = last + 1
        last = i
    return [*out, text[begin:]]
