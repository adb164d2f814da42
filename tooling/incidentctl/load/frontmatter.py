"""Split Markdown into YAML front matter and body, keeping the line offset for positions."""

from __future__ import annotations

from dataclasses import dataclass

_FENCE = "---"


@dataclass(frozen=True, slots=True)
class Split:
    """Front matter text (None when absent), the body, and the body's first line (1-based)."""

    front: str | None
    front_offset: int
    body: str
    body_line: int
    unterminated: bool = False


def split(text: str) -> Split:
    """Front matter is a block between a first line ``---`` and the next ``---`` or ``...``."""
    # Lines end at "\n" only: str.splitlines also breaks at U+2028, U+0085 or a form feed, so a
    # quoted value holding one followed by "---" would cut the front matter short.
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not lines or lines[0].rstrip("\r\n").rstrip() != _FENCE:
        return Split(None, 0, text, 1)
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n").rstrip() in (_FENCE, "..."):
            return Split("".join(lines[1:i]), 1, "".join(lines[i + 1 :]), i + 2)
    return Split(None, 0, text, 1, unterminated=True)
