"""The audit's cache: what each commit was proven to add, so a repeated audit replays only new commits.

Layout: ``~/.cache/incidentctl/audit-<root hash>/commits.json``, beside the validate cache
(``validate-<root hash>/``), written whole through ``write_atomic`` as that cache is: two
audits racing leave one complete file, and a torn or hand-edited file is a miss, never an error.

What a commit's findings depend on, and so what keys them: the commit id (its tree, its first
parent's tree and its date, which fix every record, the archive index and the policy at that
commit), the policy blobs in force (the prior epoch and its own, kept per commit as a check),
and in the file's key the tool's code stamp, the settings and the paths replayed. The
findings are stored before the baseline acknowledges them, so a changed baseline needs no
replay: it is applied afresh on every run.

Two ways in: when the cached head is ``HEAD`` or one of its first-parent ancestors, only
``cached..HEAD`` is logged and replayed (the history before it is not even read); otherwise
(a force push, a rewritten branch) the whole log is planned and every commit whose id and
policy match an entry is taken from the cache, the rest replayed.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incidentctl.findings import Finding
from incidentctl.history.plan import FileMap, Plan
from incidentctl.runs.cache import cache_dir
from incidentctl.runs.cache_format import findings_of, read_doc, row
from incidentctl.runs.code_stamp import code_stamp

FORMAT = 1


@dataclass(frozen=True, slots=True)
class CommitEntry:
    """One replayed commit: who and when (for its refusals), and its findings in order."""

    sha: str
    policy: str  # digest of the policy blobs in force (prior epoch, own epoch)
    author: str
    committed_at: str
    findings: tuple[Finding, ...]


def audit_cache_file(root: Path) -> Path:
    validate = cache_dir(root)
    return validate.with_name(validate.name.replace("validate-", "audit-", 1)) / "commits.json"


def cache_key(settings_json: str, paths: list[str]) -> str:
    text = f"{FORMAT}|{code_stamp()}|{settings_json}|{json.dumps(paths)}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def policy_digest(prior: FileMap, own: FileMap) -> str:
    """The policy blobs in force at a commit: the prior epoch's files and its own."""
    text = json.dumps([sorted(prior.items()), sorted(own.items())])
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def known_commits(plan: Plan, cached: dict[str, CommitEntry]) -> dict[int, CommitEntry]:
    """The plan's commits the cache answers: the same commit id, the same policy in force."""
    out = {}
    for n, commit in enumerate(plan.commits):
        entry = cached.get(commit.sha)
        if entry is not None and entry.policy == policy_digest(*plan.policies_in_force(n)):
            out[n] = entry
    return out


class AuditCache:
    """One repository's audit cache, read once; ``save`` replaces it with this run's commits."""

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key
        self.head: str | None = None
        self.commits: list[CommitEntry] = []
        doc = read_doc(path)
        if doc.get("key") == key and isinstance(doc.get("head"), str):
            entries = _entries(doc.get("commits"))
            if entries is not None:
                self.head, self.commits = doc["head"], entries

    @classmethod
    def open(cls, root: Path, settings_json: str, paths: list[str]) -> AuditCache:
        return cls(audit_cache_file(root), cache_key(settings_json, paths))

    def by_sha(self) -> dict[str, CommitEntry]:
        return {e.sha: e for e in self.commits}

    def save(self, head: str, commits: list[CommitEntry]) -> None:
        """Keep exactly this run's history (commits no longer in it are forgotten)."""
        if head == self.head and commits == self.commits:
            return  # nothing new: no write, and no writer to import
        from incidentctl.runs.writer import write_atomic

        doc = {
            "key": self.key,
            "head": head,
            "written_ns": time.time_ns(),
            "commits": [
                [e.sha, e.policy, e.author, e.committed_at, [row(f) for f in e.findings]]
                for e in commits
            ],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(doc, separators=(",", ":")), durable=False)
        except OSError:  # includes WriteError: an unwritable cache is only a slower next run
            pass


def _entries(rows: Any) -> list[CommitEntry] | None:
    """The stored commits, or None if anything in them is malformed (the whole file misses)."""
    if not isinstance(rows, list):
        return None
    out = []
    try:
        for sha, policy, author, committed_at, found in rows:
            if not all(isinstance(v, str) for v in (sha, policy, author, committed_at)):
                return None
            findings = findings_of(found)
            if findings is None:
                return None
            out.append(CommitEntry(sha, policy, author, committed_at, tuple(findings)))
    except (TypeError, ValueError):
        return None
    return out
