"""Where an old incident id is the incident's own name, in text (pure): rewritten, or listed.

``renumber`` moves the folder and the YAML values (``id``, action item ids, a postmortem's
``incident``, other records' ``related``) through the round-trip editor. What is left is text
that names the incident: the postmortem's headings (``# INC-2026-0002: ...``), its action
item ids in the body, and the proposed chat channel (``#inc-2026-0002-...``). Those are
rewritten token by token, every other byte kept; any other mention (prose, a fenced code
block, a comment) may mean something else, so it is listed for a person to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


@dataclass(frozen=True, order=True)
class Left:
    """A mention of the old id that was not rewritten (line and column are 1-based)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


def token(incident_id: str) -> re.Pattern[str]:
    """The id as a whole token: not inside a longer id (``INC-2026-00021``, ``XINC-...``)."""
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(incident_id)}(?![0-9A-Za-z])")


def rewrite_body(body: str, old: str, new: str) -> str:
    """Markdown with ``old`` renamed in ATX headings and in its action item ids (``old-AI-n``).

    Fenced code blocks are left alone; line endings and every other character are kept.
    """
    ids = re.compile(rf"(?<![A-Za-z0-9]){re.escape(old)}(?=-AI-[0-9])")
    name = token(old)
    out, fence = [], ""
    for line in body.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence:
            mark = opened.group(1) if opened else ""
            fence = "" if mark[:1] == fence[0] and len(mark) >= len(fence) else fence
        elif opened:
            fence = opened.group(1)
        elif _HEADING.match(line):
            line = name.sub(new, line)
        else:
            line = ids.sub(new, line)
        out.append(line)
    return "".join(out)


def renamed_channel(chat: str, old: str, new: str) -> str | None:
    """``#inc-2026-0002-checkout`` -> ``#inc-2026-0003-checkout``; None if it is not old's."""
    prefix = "#" + old.lower()
    if chat == prefix or chat.startswith(prefix + "-"):
        return "#" + new.lower() + chat[len(prefix) :]
    return None


def leftovers(text: str, old: str, path: str, first_line: int = 1) -> list[Left]:
    """Every whole-token mention of ``old`` in ``text`` (and of its channel name)."""
    patterns = (token(old), re.compile(rf"#{re.escape(old.lower())}(?![0-9])"))
    found = []
    for n, line in enumerate(text.split("\n"), start=first_line):
        cols = sorted({m.start() for p in patterns for m in p.finditer(line)})
        found += [Left(path, n, c + 1) for c in cols]
    return found
