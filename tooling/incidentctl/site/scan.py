r"""The post-build scan: no unpublished incident's id or title may appear in any output file.

Nor in any output file's path.

Runs over every file MkDocs wrote (pages, the search index, feeds, sitemaps, assets), as
bytes and with HTML and JSON escapes undone, so an id written as ``INC&#45;...`` or
``INC\u002d...`` is found as well, and a title in JSON inside a JSON string too.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def leaks(site_dir: Path, needles: set[str]) -> list[tuple[str, str]]:
    """``(relative file, needle)`` for each needle found in a file under ``site_dir``."""
    if not needles:
        return []
    found: list[tuple[str, str]] = []
    for top, _dirs, files in os.walk(site_dir):
        for name in files:
            path = Path(top) / name
            raw = path.read_bytes().decode("utf-8", errors="replace")
            plain = html.unescape(_JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw))
            rel = path.relative_to(site_dir).as_posix()
            # JSON inside a JSON string (the search index) escapes quotes twice; the file's
            # own path counts too (an image under docs/incidents/<unpublished id>/ names it)
            haystack = f"{rel}\n{raw}\n{plain}\n{plain.replace(chr(92), '')}".casefold()
            found.extend((rel, n) for n in sorted(needles) if n.casefold() in haystack)
    return found
