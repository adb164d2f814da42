"""``audit``: replay the first-parent history and report every change ``check`` would refuse.

One ``git log --raw`` lists every change; blobs come through one ``cat-file --batch`` process;
each file version is parsed once (a folder's "after" is the next commit's "before"); the
archive index is kept up to date from the log instead of re-listing trees.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from incidentctl import history
from incidentctl.checkrun import touched_folders
from incidentctl.config import Settings
from incidentctl.discovery import FOLDER_ID, PLAYBOOK_INDEX_PAGES
from incidentctl.documents import ArchiveIndex, IncidentDoc, Unit
from incidentctl.findings import Finding
from incidentctl.git_history import SUBMODULE, SYMLINK, Commit, GitRepo, open_repo
from incidentctl.loading import load_playbook, load_unit
from incidentctl.models.incident import TimelineType
from incidentctl.policy import Policy
from incidentctl.policyload import load_policy
from incidentctl.rules.context import Context
from incidentctl.validate import check_playbooks, check_unit

UnitState = tuple[Unit, list[Finding]]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A finding, and the commit that introduced it."""

    finding: Finding
    commit: str
    author: str
    committed_at: str


@dataclass
class AuditResult:
    refusals: list[Refusal] = field(default_factory=list)
    commits: int = 0
    versions: int = 0


class MapSource:
    """A ``Source`` over path -> (mode, blob id), as the replay knows the tree at a commit."""

    def __init__(self, repo: GitRepo, files: dict[str, tuple[str, str]]) -> None:
        self.repo, self.files = repo, files

    def read(self, rel: str) -> bytes | None:
        entry = self.files.get(rel)
        if entry is None or entry[0] in (SYMLINK, SUBMODULE):
            return None
        return self.repo.blob(entry[1])

    def listdir(self, rel: str) -> list[str]:
        prefix = rel.rstrip("/") + "/"
        return sorted(
            {p[len(prefix) :].split("/", 1)[0] for p in self.files if p.startswith(prefix)}
        )


class Replay:
    def __init__(self, repo: GitRepo, settings: Settings, since: str | None) -> None:
        self.repo, self.settings = repo, settings
        self.paths = [settings.incidents_dir, settings.playbooks_dir, settings.policy_dir]
        entries = repo.tree(since, self.paths) if since else {}
        self.files = {p: (e.mode, e.sha) for p, e in entries.items()}
        self.folders: Counter[str] = Counter(f for p in self.files if (f := self._folder(p)))
        self.playbooks = {p for p in self.files if self._playbook(p)}
        self.policy = self._load_policy()
        self.units: dict[str, tuple[tuple[str | None, str | None], UnitState]] = {}
        self.checked: dict[str, tuple[int, Unit, list[Finding]]] = {}  # folder -> validated unit
        self.versions = 0
        self._index: ArchiveIndex | None = None  # rebuilt only when folders or playbooks change
        self._ctx_version = 0

    def _folder(self, path: str) -> str | None:
        rest = path.removeprefix(self.settings.incidents_dir + "/")
        if rest == path or "/" not in rest:
            return None
        name = rest.split("/", 1)[0]
        return name if FOLDER_ID.match(name) else None

    def _playbook(self, path: str) -> bool:
        rest = path.removeprefix(self.settings.playbooks_dir + "/")
        return (
            rest != path
            and "/" not in rest
            and rest.endswith(".md")
            and rest not in PLAYBOOK_INDEX_PAGES
        )

    def _load_policy(self) -> Policy:
        return load_policy(MapSource(self.repo, self.files), self.settings.policy_dir).policy

    def apply(self, commit: Commit) -> None:
        for c in commit.changes:
            for gone in (
                c.old_path if c.change == "R" else None,
                c.path if c.change == "D" else None,
            ):
                if gone and self.files.pop(gone, None) is not None:
                    self._count(gone, -1)
            if c.change != "D" and c.new_blob:
                if c.path not in self.files:
                    self._count(c.path, +1)
                self.files[c.path] = (c.new_mode or "100644", c.new_blob)

    def _count(self, path: str, delta: int) -> None:
        self._index = None
        if folder := self._folder(path):
            self.folders[folder] += delta
            if self.folders[folder] <= 0:
                del self.folders[folder]
        if self._playbook(path):
            (self.playbooks.add if delta > 0 else self.playbooks.discard)(path)

    def unit(self, folder: str) -> UnitState:
        """The folder's parsed state now, parsed only when its blobs changed."""
        base = f"{self.settings.incidents_dir}/{folder}/"
        key = (self.files.get(base + "incident.yaml", ("", None))[1],
               self.files.get(base + "postmortem.md", ("", None))[1])  # fmt: skip
        cached = self.units.get(folder)
        if cached is not None and cached[0] == key:
            return cached[1]
        self.versions += 1
        state = load_unit(MapSource(self.repo, self.files), self.settings, folder)
        self.units[folder] = (key, state)
        return state

    def context(self, commit: Commit) -> Context:
        if self._index is None:
            self._ctx_version += 1
            self._index = ArchiveIndex(
                frozenset(self.folders), frozenset(PurePosixPath(p).stem for p in self.playbooks)
            )
        day = dt.datetime.fromisoformat(commit.committed_at).date()
        return Context(self.policy, self._index, self.settings, day)

    def validated(
        self, folder: str, unit: Unit, found: list[Finding], ctx: Context
    ) -> list[Finding]:
        """A unit's findings, computed once per version (its "after" is the next "before")."""
        cached = self.checked.get(folder)
        if cached is not None and cached[0] == self._ctx_version and cached[1] is unit:
            return cached[2]
        findings = found + check_unit(unit, ctx)
        self.checked[folder] = (self._ctx_version, unit, findings)
        return findings

    def step(self, commit: Commit) -> list[Finding]:
        touched, moved = touched_folders(commit.changes, self._folder, self.settings.incidents_dir)
        before = {f: self.unit(f) for f in touched}
        self.apply(commit)
        if any(c.path.startswith(self.settings.policy_dir + "/") for c in commit.changes):
            self.policy = self._load_policy()
            self._index = None
        ctx = self.context(commit)
        out: list[Finding] = []
        for folder in sorted(touched):
            (old, old_found), (new, new_found) = before[folder], self.unit(folder)
            if folder in self.folders:
                known = {
                    (f.path, f.rule_id, f.message)
                    for f in self.validated(folder, old, old_found, ctx)
                }
                fresh = self.validated(folder, new, new_found, ctx)
                out += [f for f in fresh if (f.path, f.rule_id, f.message) not in known]
            out += history.compare_units(old, new, ctx, moved.get(folder))
        playbooks = sorted(
            {c.path for c in commit.changes if self._playbook(c.path) and c.new_blob}
        )
        docs = []
        for path in playbooks:
            doc, found = load_playbook(MapSource(self.repo, self.files), path)
            out += found
            docs += [doc] if doc else []
        return out + check_playbooks(docs, ctx)


def run_audit(
    root: Path,
    settings: Settings,
    since: str | None = None,
    head: str = "HEAD",
    progress: Callable[[Commit], None] | None = None,
) -> AuditResult:
    with open_repo(root) as repo:
        head_sha = repo.resolve(head)
        since_sha = repo.resolve(since) if since else None
        replay = Replay(repo, settings, since_sha)
        result = AuditResult()
        for commit in repo.log_first_parent(head_sha, since_sha, replay.paths):
            result.commits += 1
            for f in replay.step(commit):
                result.refusals.append(Refusal(f, commit.sha, commit.author, commit.committed_at))
            if progress:
                progress(commit)
        result.versions = replay.versions
        return result


@dataclass(frozen=True, slots=True)
class TrailRow:
    """One commit that touched an incident: who moved it where, and when they said it happened."""

    commit: str
    author: str
    committed_at: str
    status_before: str | None
    status_after: str | None
    declared: list[tuple[str, str]]  # (new state, declared time) of added status changes
    remarks: list[str]


def incident_trail(
    root: Path, settings: Settings, incident_id: str, head: str = "HEAD"
) -> list[TrailRow]:
    """The git-derived audit trail of one incident's status."""
    folder_path = f"{settings.incidents_dir}/{incident_id}"
    rows = []
    with open_repo(root) as repo:
        replay = Replay(repo, settings, None)
        for commit in repo.log_first_parent(repo.resolve(head), None, [folder_path]):
            old = replay.unit(incident_id)[0].incident
            replay.apply(commit)
            new = replay.unit(incident_id)[0].incident
            rows.append(_trail_row(commit, old, new))
    return rows


def _trail_row(
    commit: Commit, old_doc: IncidentDoc | None, new_doc: IncidentDoc | None
) -> TrailRow:
    committed = dt.datetime.fromisoformat(commit.committed_at)
    declared, remarks = [], []
    if new_doc is not None:
        added = (
            history.added_entries(old_doc.model, new_doc.model)
            if old_doc
            else list(enumerate(new_doc.model.timeline))
        )
        for _, e in added:
            if e.type is not TimelineType.STATUS_CHANGE or e.status is None:
                continue
            declared.append((e.status, e.at.isoformat()))
            remarks += _agreement(e.status, e.at, committed)
    elif old_doc is not None:
        remarks.append("the record was deleted or does not parse")
    return TrailRow(
        commit.sha, commit.author, commit.committed_at,
        old_doc.model.status if old_doc else None, new_doc.model.status if new_doc else None,
        declared, remarks,
    )  # fmt: skip


LATE = dt.timedelta(hours=24)
SKEW = dt.timedelta(minutes=5)


def _agreement(state: str, declared: dt.datetime, committed: dt.datetime) -> list[str]:
    if declared > committed + SKEW:
        return [f"'{state}' is declared after the commit that records it"]
    if committed - declared > LATE:
        days = (committed - declared).total_seconds() / 86400
        return [f"'{state}' was committed {days:.1f} days after its declared time"]
    return []


__all__ = ["AuditResult", "Refusal", "TrailRow", "incident_trail", "run_audit"]
