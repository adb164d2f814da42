"""The warm cache of ``validate``: each file's own findings, keyed by content.

Layout: ``~/.cache/incidentctl/validate-<root hash>/head.json`` (settings, policy findings,
playbooks) and 64 ``shard-NN.json`` files of folder entries, so that validating a few
folders of a large archive reads a few small files.

Why: a pre-commit hook or a local re-run validates an archive that barely changed. Entries
are keyed by a digest of the files, with a stat fast path as in git's index (unchanged size,
mtime, ctime and inode: no read at all; ctime catches an in-place edit that restored the
mtime, and a chmod). An entry written within two seconds of a file's mtime is "racily
clean" and is re-verified by content. A file that cannot be stat'ed never matches. Everything is dropped when the tool's code, the
settings or any policy file changes. Incident entries are index-free (references to other
incidents and playbooks are resolved on every run); playbook entries remember the index and
the day they were checked against.

A run where everything hits needs no model at all: the cache also records the policy's
findings and the settings table that validated, so it never imports pydantic.

Over 250 lines: the shard logic and its safety rules (racily clean entries, damaged files,
whole-run forgetting) belong together; the file format is in ``cache_format``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zlib
from pathlib import Path
from typing import Any

from incidentctl.findings import Finding
from incidentctl.load.sources import Withheld
from incidentctl.rules.results import UnitReport
from incidentctl.runs.cache_format import findings_of, read_doc, report_of, row
from incidentctl.runs.code_stamp import code_stamp

RACY_SECONDS = 2.0
RACY_NS = int(RACY_SECONDS * 1e9)
Stamp = list[list[int] | None]


def cache_dir(root: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "incidentctl"
    return base / f"validate-{hashlib.sha256(str(root).encode()).hexdigest()[:20]}"


def fingerprint(settings_json: str, policy: dict[str, bytes]) -> str:
    digest = hashlib.blake2b(f"{code_stamp()}|{settings_json}".encode(), digest_size=16)
    for path, chunk in sorted(policy.items()):
        digest.update(b"w" if isinstance(chunk, Withheld) else b"f")  # never equal to a file
        for part in (path.encode(), chunk):
            digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


def stamp(paths: list[str]) -> Stamp:
    """(size, mtime_ns, inode, ctime_ns) of each file, None when absent, [] when unknowable.

    lstat never follows a link. ``[]`` (a folder above cannot be searched, say) is never
    fresh, so nothing is answered from the cache for a file that cannot be looked at.
    """
    out: Stamp = []
    for path in paths:
        try:
            st = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            out.append(None)
        except OSError:
            out.append([])
        else:
            out.append([st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns])
    return out


def digest(contents: list[bytes | None]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for data in contents:
        h.update(b"\x00" if data is None else b"\x01" + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


class _Shard:
    """Some folders' entries in one file: a run over a few folders reads a few shards."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        self.written_ns = 0
        self.dirty = False
        doc = read_doc(path)
        entries, written = doc.get("entries"), doc.get("written_ns")
        if doc.get("key") == key and isinstance(entries, dict) and isinstance(written, int):
            self.entries, self.written_ns = entries, written


class ValidateCache:
    """One repository's cache: a head file, and folder entries in ``SHARDS`` shard files.

    Call ``bind`` with the run's key before asking for entries: every file records the key it
    was written under, and entries under another key are ignored.
    """

    SHARDS = 64

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        head = read_doc(folder / "head.json")
        self.doc = head if head.get("code") == code_stamp() else {}
        self.key = ""
        self.table: str | None = None  # the settings table this run validated or trusted
        self.playbooks: dict[str, dict[str, Any]] = {}
        self.policy: list[Finding] | None = None
        self.written_ns = 0
        self.dirty = False
        self._shards: dict[int, _Shard] = {}

    @classmethod
    def open(cls, root: Path) -> ValidateCache:
        return cls(cache_dir(root))

    def trusts_table(self, table_key: str) -> bool:
        """Whether this settings table validated before, under this very code."""
        self.table = table_key
        return self.doc.get("table") == table_key

    def bind(self, key: str) -> None:
        """Use stored results only if made under the same code, settings and policy."""
        self.key = key
        doc = self.doc
        playbooks, written = doc.get("playbooks"), doc.get("written_ns")
        if doc.get("key") == key and isinstance(playbooks, dict) and isinstance(written, int):
            self.playbooks, self.written_ns = playbooks, written
            self.policy = findings_of(doc.get("policy"))
        if self.policy is None:
            self.dirty = True

    def store_policy(self, findings: list[Finding]) -> None:
        self.policy = findings
        self.dirty = True

    def _shard(self, folder: str) -> _Shard:
        return self._shard_at(zlib.crc32(folder.encode()) % self.SHARDS)

    def _shard_at(self, n: int) -> _Shard:
        if n not in self._shards:
            self._shards[n] = _Shard(self.folder / f"shard-{n:02d}.json", self.key)
        return self._shards[n]

    def known(self, folder: str) -> bool:
        return folder in self._shard(folder).entries

    def by_stamp(self, folder: str, current: Stamp) -> UnitReport | None:
        shard = self._shard(folder)
        entry = shard.entries.get(folder)
        if entry is None or not _fresh(entry, current, shard.written_ns):
            return None
        return report_of(entry)

    def by_digest(self, folder: str, current: Stamp, content_digest: str) -> UnitReport | None:
        shard = self._shard(folder)
        entry = shard.entries.get(folder)
        if not isinstance(entry, dict) or entry.get("digest") != content_digest:
            return None
        report = report_of(entry)
        if report is not None:
            entry["stamp"] = current
            shard.dirty = True
        return report

    def store(self, folder: str, current: Stamp, content_digest: str, report: UnitReport) -> None:
        shard = self._shard(folder)
        shard.entries[folder] = {
            "stamp": current,
            "digest": content_digest,
            "id": report.incident_id,
            "findings": [row(f) for f in report.findings],
            "refs": [[r.path, list(r.loc), r.kind, r.target] for r in report.refs],
            "pending": [list(p) for p in report.pending],
        }
        shard.dirty = True

    def playbook(self, path: str, current: Stamp, context: str) -> list[Finding] | None:
        """A playbook's findings, if unchanged and checked against the same index and day."""
        entry = self.playbooks.get(path)
        if not isinstance(entry, dict) or entry.get("context") != context:
            return None
        if not _fresh(entry, current, self.written_ns):
            return None
        return findings_of(entry.get("findings"))

    def store_playbook(
        self, path: str, current: Stamp, context: str, findings: list[Finding]
    ) -> None:
        self.playbooks[path] = {
            "stamp": current,
            "context": context,
            "findings": [row(f) for f in findings],
        }
        self.dirty = True

    def save(self, keep: set[str] | None, keep_playbooks: set[str] | None) -> None:
        """Write what changed; with ``keep``, drop every folder not in it (a whole-archive run)."""
        if keep is not None:
            for n in range(self.SHARDS):  # a whole run has loaded them all already
                shard = self._shard_at(n)
                for folder in set(shard.entries) - keep:
                    del shard.entries[folder]
                    shard.dirty = True
        if keep_playbooks is not None:
            for path in set(self.playbooks) - keep_playbooks:
                del self.playbooks[path]
                self.dirty = True
        head_changed = self.dirty or self.table != self.doc.get("table")
        if not head_changed and not any(s.dirty for s in self._shards.values()):
            return  # the common warm run: nothing to write, and no writer to import
        from incidentctl.runs.writer import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for shard in self._shards.values():
                if shard.dirty:
                    doc = {"key": self.key, "written_ns": time.time_ns(), "entries": shard.entries}
                    write_atomic(shard.path, json.dumps(doc, separators=(",", ":")), durable=False)
            if head_changed:
                head = {
                    "code": code_stamp(),
                    "table": self.table,
                    "key": self.key,
                    "written_ns": time.time_ns(),
                    "policy": None if self.policy is None else [row(f) for f in self.policy],
                    "playbooks": self.playbooks,
                }
                text = json.dumps(head, separators=(",", ":"))
                write_atomic(self.folder / "head.json", text, durable=False)
        except (OSError, RecursionError):  # OSError includes WriteError; RecursionError: read_doc
            pass  # a cache that cannot be written (full, read-only) is only a slower next run
        # Not fsynced: after a power cut a file may be lost or torn, which reads as a miss.


def _fresh(entry: Any, current: Stamp, written_ns: int) -> bool:
    """Unchanged stat, and not "racily clean" (modified within RACY_SECONDS of the write)."""
    if not isinstance(entry, dict) or entry.get("stamp") != current:
        return False
    limit = written_ns - RACY_NS
    return all(s is None or (len(s) == 4 and s[1] < limit) for s in current)  # mtime, as git
