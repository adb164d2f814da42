"""The warm cache of ``validate``: each incident folder's own findings, keyed by content.

Why: a pre-commit hook or a local re-run validates an archive that barely changed. Entries
are keyed by a digest of the folder's files, with a stat fast path as in git's index
(unchanged size, mtime and inode: no read at all). An entry written within two seconds of a
file's mtime is "racily clean" and is re-verified by content. The whole cache is dropped when
the tool's version, the settings or any policy file changes. Only index-free results are
cached; references to other incidents and playbooks are checked on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from incidentctl import __version__
from incidentctl.findings import Finding, Level
from incidentctl.rules.incident import Reference
from incidentctl.validate import UnitReport
from incidentctl.writer import write_atomic

FORMAT = 1
RACY_SECONDS = 2.0
Stamp = list[list[int] | None]


def cache_file(root: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "incidentctl"
    return base / f"validate-{hashlib.sha256(str(root).encode()).hexdigest()[:20]}.json"


def _code_stamp() -> str:
    """Size and mtime of incidentctl's own modules and defaults.

    An edited checkout of incidentctl invalidates the cache before its version changes.
    """
    package = Path(__file__).parent
    return "|".join(
        f"{p.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}"
        for p in sorted(package.rglob("*.py")) + sorted(package.glob("defaults/*.yaml"))
        if (st := p.stat())
    )


def fingerprint(settings_json: str, policy_bytes: list[bytes]) -> str:
    digest = hashlib.blake2b(
        f"{FORMAT}|{__version__}|{_code_stamp()}|{settings_json}".encode(), digest_size=16
    )
    for chunk in policy_bytes:
        digest.update(len(chunk).to_bytes(8, "little") + chunk)
    return digest.hexdigest()


def stamp(paths: list[str]) -> Stamp:
    """(size, mtime_ns, inode) of each file, None when absent; lstat never follows links."""
    out: Stamp = []
    for path in paths:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            out.append(None)
        else:
            out.append([st.st_size, st.st_mtime_ns, st.st_ino])
    return out


def digest(contents: list[bytes | None]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for data in contents:
        h.update(b"\x00" if data is None else b"\x01" + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


class ValidateCache:
    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key
        self.entries: dict[str, dict[str, Any]] = {}
        self.written_ns = 0
        self.dirty = False
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(doc, dict) and doc.get("key") == key:
            self.entries = doc.get("entries", {})
            self.written_ns = int(doc.get("written_ns", 0))

    def by_stamp(self, folder: str, current: Stamp) -> UnitReport | None:
        entry = self.entries.get(folder)
        if entry is None or entry["stamp"] != current:
            return None
        racy = any(s is not None and s[1] >= self.written_ns - RACY_SECONDS * 1e9 for s in current)
        return None if racy else _report(entry)

    def by_digest(self, folder: str, current: Stamp, content_digest: str) -> UnitReport | None:
        entry = self.entries.get(folder)
        if entry is None or entry["digest"] != content_digest:
            return None
        entry["stamp"] = current
        self.dirty = True
        return _report(entry)

    def store(self, folder: str, current: Stamp, content_digest: str, report: UnitReport) -> None:
        self.entries[folder] = {
            "stamp": current,
            "digest": content_digest,
            "id": report.incident_id,
            "findings": [
                [f.path, f.line, f.col, f.rule_id, f.message, f.level.value]
                for f in report.findings
            ],
            "refs": [[r.path, list(r.loc), r.kind, r.target] for r in report.refs],
        }
        self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the cache, dropping folders that no longer exist."""
        gone = set(self.entries) - keep
        if not self.dirty and not gone:
            return
        for folder in gone:
            del self.entries[folder]
        doc = {"key": self.key, "written_ns": time.time_ns(), "entries": self.entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(doc, separators=(",", ":")))
        except OSError:
            pass  # a cache that cannot be written is only a slower next run


def _report(entry: dict[str, Any]) -> UnitReport:
    findings = [
        Finding(p, line, col, rule, msg, Level(level))
        for p, line, col, rule, msg, level in entry["findings"]
    ]
    refs = [Reference(p, tuple(loc), kind, target) for p, loc, kind, target in entry["refs"]]
    return UnitReport(findings, refs, entry["id"])
