"""A repeated report on an unchanged archive: its printed output, kept beside the facts cache.

A report is a pure function of the archive's files, the policy, the settings, incidentctl's
code, the day and the options (``report/``). When every one of them is as it was, the output
is the same, so it is kept (``results.json`` in the report cache folder, the last few
reports) and printed again without reading a record. The archive's part of the key is a
digest of every record's and playbook's stat, with ``runs.cache``'s rule for files modified
within two seconds of the write ("racily clean": then it is a miss, and the facts cache
decides by content). Anything else that differs is a miss, never a wrong report.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from incidentctl.config import Settings
from incidentctl.load.discovery import discover
from incidentctl.load.documents import record_paths
from incidentctl.load.sources import FsSource
from incidentctl.policy.files import read_policy_files
from incidentctl.runs.cache import RACY_NS, fingerprint
from incidentctl.runs.cache_format import read_doc
from incidentctl.runs.report_cache import report_cache_dir

KEEP = 8  # reports remembered per repository


def _archive_stamp(root: Path, settings: Settings) -> tuple[str, int] | None:
    """A digest of every record's and playbook's stat, and the newest mtime; None if unknowable."""
    inv = discover(root, settings, only=set())
    paths = [p for f in inv.folders for p in record_paths(settings.incidents_dir, f)]
    digest = hashlib.blake2b(digest_size=16)
    newest = 0
    for rel in [*paths, *inv.playbooks]:
        try:
            st = os.lstat(f"{root}/{rel}")
        except (FileNotFoundError, NotADirectoryError):
            digest.update(f"{rel}\0-\n".encode())
            continue
        except OSError:
            return None
        digest.update(
            f"{rel}\0{st.st_size},{st.st_mtime_ns},{st.st_ino},{st.st_ctime_ns}\n".encode()
        )
        newest = max(newest, st.st_mtime_ns)
    return digest.hexdigest(), newest


class ResultMemo:
    """One report's key, and its stored output when there is one."""

    def __init__(self, root: Path, settings: Settings, request: dict[str, Any]) -> None:
        self.path = report_cache_dir(root) / "results.json"
        stamp = _archive_stamp(root, settings)
        policy = read_policy_files(FsSource(root), settings.policy_dir)
        self.newest = stamp[1] if stamp else None
        parts = [fingerprint(settings.to_json(), policy), stamp[0] if stamp else None, request]
        self.key = hashlib.blake2b(json.dumps(parts, sort_keys=True).encode(), digest_size=16)

    def get(self) -> dict[str, Any] | None:
        """``{"out", "summary", "code"}`` of the same report, if nothing changed since."""
        if self.newest is None:
            return None
        entry = read_doc(self.path).get(self.key.hexdigest())
        if not isinstance(entry, dict) or not isinstance(entry.get("written_ns"), int):
            return None
        if self.newest >= entry["written_ns"] - RACY_NS:
            return None  # a file modified too close to the write: not trusted by its stat
        out, summary, code = entry.get("out"), entry.get("summary"), entry.get("code")
        if not isinstance(out, str) or not isinstance(code, int):
            return None
        if summary is not None and not isinstance(summary, str):
            return None
        return {"out": out, "summary": summary, "code": code}

    def put(self, out: str, summary: str | None, code: int) -> None:
        if self.newest is None:
            return
        from incidentctl.runs.writer import write_atomic

        doc = read_doc(self.path)
        doc.pop(self.key.hexdigest(), None)
        entries = sorted(
            (v["written_ns"], k)
            for k, v in doc.items()
            if isinstance(v, dict) and isinstance(v.get("written_ns"), int)
        )
        for _, old in entries[: max(0, len(entries) - KEEP + 1)]:
            del doc[old]
        doc = {k: v for k, v in doc.items() if isinstance(v, dict)}
        doc[self.key.hexdigest()] = {
            "written_ns": time.time_ns(), "out": out, "summary": summary, "code": code,
        }  # fmt: skip
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(doc, separators=(",", ":")), durable=False)
        except (OSError, RecursionError):
            pass  # only a slower next run
