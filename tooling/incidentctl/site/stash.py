"""HTML blocks carried through Markdown as comments, put back after rendering (pure).

Why: Python-Markdown and MkDocs parse every raw HTML block with ``html.parser`` (about 20 ms
per incident page, more than half of a build), and Material's search parses the page again.
A block goes through as ``<!--ia:…-->`` (base64, so no ``-->`` can end it early), which
Markdown passes on untouched; the plugin expands searchable blocks before the search index
reads the page and the others (timelines, updates, action items) after it.
"""

from __future__ import annotations

import base64
import re

_MARK = {False: "ia", True: "ia-late"}
_FIND = {late: re.compile(rf"<!--{mark}:([A-Za-z0-9+/=]*)-->") for late, mark in _MARK.items()}


def stash(html: str, *, late: bool = False) -> str:
    """``html`` as a Markdown block; ``late`` blocks stay out of the search index."""
    data = base64.b64encode(html.encode("utf-8")).decode("ascii")
    return f"<!--{_MARK[late]}:{data}-->\n"


def expand(html: str, *, late: bool = False) -> str:
    """Every stashed block of that kind put back as HTML."""
    return _FIND[late].sub(lambda m: base64.b64decode(m.group(1)).decode("utf-8"), html)


_KEEP = re.compile(r"(<(pre|textarea|script|style)\b[\s\S]*?</\2\s*>)", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")


def squeeze(html: str) -> str:
    """Indentation and blank lines dropped outside ``pre``, ``textarea``, ``script``, ``style``.

    A browser renders a run of white space as one space, so the page looks the same; Material's
    templates indent deeply, and at 10,000 pages that is a tenth of the output.
    """
    parts = _KEEP.split(html)
    out = []
    for i in range(0, len(parts), 3):
        out.append(_LINE_BREAKS.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
