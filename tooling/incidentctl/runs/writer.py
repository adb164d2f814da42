"""Editing files without losing anything: round-trip YAML edits and atomic replacement.

Edits go through ruamel.yaml's round-trip mode, so comments, key order, quoting and layout of
the rest of the file survive and a diff shows only the changed lines. The result is written to
a temp file in the same folder, fsynced, then ``os.replace``d: a crash or kill mid-write leaves
the old file intact. A per-folder ``flock`` keeps concurrent edits from interleaving.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_SEQ_ITEM = re.compile(r"^( *)- ", re.MULTILINE)


def write_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Replace ``path`` whole or not at all; ``durable`` also survives a power cut (fsync)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        Path(tmp).chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a folder while reading, checking and replacing its files."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML  # lazy: only editing commands need it

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    offset = _sequence_offset(text)
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def _sequence_offset(text: str) -> int:
    """How far this file indents ``- `` under its parent key (0 or 2 in practice)."""
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.rstrip().endswith(":") and not line.startswith(" "):
            m = _SEQ_ITEM.match(lines[i + 1])
            if m:
                return len(m.group(1))
    return 2


def append_timeline_entry(text: str, entry: dict[str, str], top_level: dict[str, str]) -> str:
    """Append ``entry`` to ``timeline`` and set top-level keys; everything else is kept as is.

    ``entry["at"]`` is an ISO 8601 timestamp; it is written plain, like the file's own.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    crlf = "\r\n" in text
    source = text.replace("\r\n", "\n")
    yaml = _yaml(source)
    data = yaml.load(source)
    item = CommentedMap()
    for key, value in entry.items():
        item[key] = yaml.load(f"v: {value}\n")["v"] if key == "at" else value
    timeline = data.get("timeline")
    if not timeline:
        timeline = CommentedSeq()
        timeline.fa.set_block_style()
        data["timeline"] = timeline
    timeline.append(item)
    for key, value in top_level.items():
        data[key] = value
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    return result.replace("\n", "\r\n") if crlf else result
