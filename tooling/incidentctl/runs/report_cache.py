"""The warm cache of the reports: each folder's ``IncidentFacts``, keyed by content.

The same machinery as ``validate``'s cache (``runs.cache``: shards, the stat fast path, the
racily-clean rule, a key over the code, settings and policy), in a sibling folder
``report-<root hash>``: what a report keeps of a folder is its facts (or why it was left out),
not its findings; ``head.json`` keeps the few policy numbers the reports use. A warm report
parses nothing and never imports pydantic.
"""

from __future__ import annotations

import json
import time
import zlib
from pathlib import Path
from typing import Any

from incidentctl.runs.cache import Stamp, _fresh, _Shard, cache_dir
from incidentctl.runs.cache_format import read_doc

SHARDS = 64


def report_cache_dir(root: Path) -> Path:
    folder = cache_dir(root)
    return folder.with_name(folder.name.replace("validate-", "report-", 1))


class ReportCache:
    """Folder -> (stamp, digest, entry); ``entry`` is ``{"facts": row}`` or ``{"left": text}``."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        self._shards: dict[int, _Shard] = {}
        head = read_doc(folder / "head.json")
        self.policy: Any = head.get("policy") if head.get("key") == key else None
        self._head_dirty = False

    def store_policy(self, row: Any) -> None:
        """The report policy's row (``ReportPolicy.to_row``), kept beside the folders."""
        self.policy = row
        self._head_dirty = True

    @classmethod
    def open(cls, root: Path, key: str) -> ReportCache:
        return cls(report_cache_dir(root), key)

    def _shard(self, name: str) -> _Shard:
        return self._shard_at(zlib.crc32(name.encode()) % SHARDS)

    def by_stamp(self, name: str, current: Stamp) -> dict[str, Any] | None:
        """The entry's value if the folder's files are unchanged since it was written."""
        shard = self._shard(name)
        entry = shard.entries.get(name)
        if entry is None or not _fresh(entry, current, shard.written_ns):
            return None
        value = entry.get("value")
        return value if isinstance(value, dict) else None

    def by_digest(self, name: str, current: Stamp, content: str) -> dict[str, Any] | None:
        shard = self._shard(name)
        entry = shard.entries.get(name)
        if not isinstance(entry, dict) or entry.get("digest") != content:
            return None
        value = entry.get("value")
        if not isinstance(value, dict):
            return None
        entry["stamp"] = current
        shard.dirty = True
        return value

    def known(self, name: str) -> bool:
        return name in self._shard(name).entries

    def store(self, name: str, current: Stamp, content: str, value: dict[str, Any]) -> None:
        shard = self._shard(name)
        shard.entries[name] = {"stamp": current, "digest": content, "value": value}
        shard.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write what changed, forgetting every folder not in ``keep``."""
        for n in range(SHARDS):
            shard = self._shard_at(n)
            for name in set(shard.entries) - keep:
                del shard.entries[name]
                shard.dirty = True
        if not self._head_dirty and not any(s.dirty for s in self._shards.values()):
            return
        from incidentctl.runs.writer import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for shard in self._shards.values():
                if shard.dirty:
                    doc = {"key": self.key, "written_ns": time.time_ns(), "entries": shard.entries}
                    write_atomic(shard.path, json.dumps(doc, separators=(",", ":")), durable=False)
            if self._head_dirty:
                head = json.dumps({"key": self.key, "policy": self.policy})
                write_atomic(self.folder / "head.json", head, durable=False)
        except (OSError, RecursionError):
            pass  # a cache that cannot be written is only a slower next run

    def _shard_at(self, n: int) -> _Shard:
        if n not in self._shards:
            self._shards[n] = _Shard(self.folder / f"shard-{n:02d}.json", self.key)
        return self._shards[n]


__all__ = ["ReportCache", "report_cache_dir"]
