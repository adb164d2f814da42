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
