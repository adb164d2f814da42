"""The audit's plan: what every commit does to every incident folder, read from the log alone.

Why a plan before any parsing: once each folder's versions are known, folders replay
independently (in worker processes on a long history), and the archive index at any commit
is a lookup in the folders' lifetimes instead of a set rebuilt after every commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from incidentctl.config import PYPROJECT, Settings
from incidentctl.findings import Finding
from incidentctl.history.git import ChangedFile, Commit
from incidentctl.load.committed import entry_findings
from incidentctl.load.discovery import FOLDER_ID, folder_of, is_playbook_path, is_under
from incidentctl.load.documents import ArchiveIndex, record_paths

Blob = tuple[str, str]  # (mode, blob id)
Version = tuple[Blob | None, Blob | None]  # a folder's incident.yaml and postmortem.md
FileMap = dict[str, Blob]
REGULAR = "100644"  # git's mode for a file, when a change does not say
NEVER = 1 << 62  # the end of a lifetime that has not ended


def touched_folders(
    changes: Iterable[ChangedFile], folder_of: Callable[[str], str | None], incidents_dir: str
) -> tuple[set[str], dict[str, str]]:
    """Incident folders a change touches, and where renamed records went (old -> new folder).

    ``folder_of`` maps a path to its incident folder (or None): ``check`` takes any folder
    (a badly named one is then reported), the audit replays only folders named like ids.
    """
    folders: set[str] = set()
    moved: dict[str, str] = {}
    for c in changes:
        old_folder = folder_of(c.old_path) if c.old_path else None
        new_folder = folder_of(c.path)
        folders.update(f for f in (old_folder, new_folder) if f is not None)
        if c.change == "R" and old_folder and new_folder and old_folder != new_folder:
            moved[old_folder] = f"{incidents_dir}/{new_folder}"
    return folders, moved


def written_modes(changes: Iterable[ChangedFile]) -> list[tuple[str, str]]:
    """``(path, mode)`` of each file a change writes, not those it deletes.

    git's modes are what ``load.committed`` judges: a link, a submodule, a file.
    """
    return [(c.path, c.new_mode or REGULAR) for c in changes if c.new_blob]


@dataclass(frozen=True, slots=True)
class Step:
    """One incident folder at one commit: its version before and after it."""

    ordinal: int  # the commit's position in the replay, from 0
    folder: str
    before: Version
    after: Version
    present: bool  # the folder exists after the commit
    moved_to: str | None  # where a renamed record went
    epoch: int  # the version of the policy after the commit
    prior: int  # the version in force before it: a commit never judges itself

    @property
    def epochs(self) -> tuple[int, ...]:
        """The policies the commit's records must pass: the prior one, and its own if new."""
        return (self.prior,) if self.prior == self.epoch else (self.prior, self.epoch)


@dataclass(frozen=True, slots=True)
class PlaybookCheck:
    ordinal: int
    epoch: int
    prior: int
    files: FileMap  # the playbooks this commit added or changed

    @property
    def epochs(self) -> tuple[int, ...]:
        return (self.prior,) if self.prior == self.epoch else (self.prior, self.epoch)


class AliveAt(Container[str]):
    """The names that exist after commit ``ordinal``, as a container lookups can use."""

    __slots__ = ("ordinal", "spans")

    def __init__(self, spans: dict[str, list[list[int]]], ordinal: int) -> None:
        self.spans, self.ordinal = spans, ordinal

    def __contains__(self, name: object) -> bool:
        spans = self.spans.get(name) if isinstance(name, str) else None
        return spans is not None and any(s <= self.ordinal < e for s, e in spans)


@dataclass
class Plan:
    commits: list[Commit] = field(default_factory=list)  # without their changes (see add)
    steps: dict[str, list[Step]] = field(default_factory=lambda: defaultdict(list))
    policies: list[FileMap] = field(default_factory=list)  # policy files and pyproject, by epoch
    in_force: list[tuple[int, int]] = field(default_factory=list)  # each commit's (prior, epoch)
    playbook_checks: list[PlaybookCheck] = field(default_factory=list)
    folder_spans: dict[str, list[list[int]]] = field(default_factory=dict)
    playbook_spans: dict[str, list[list[int]]] = field(default_factory=dict)
    # what each commit put where the archive allows none (links, submodules, strays)
    entries: dict[int, list[Finding]] = field(default_factory=dict)

    def index_at(self, ordinal: int) -> ArchiveIndex:
        return ArchiveIndex(
            AliveAt(self.folder_spans, ordinal), AliveAt(self.playbook_spans, ordinal)
        )

    def day(self, ordinal: int) -> dt.date:
        return dt.datetime.fromisoformat(self.commits[ordinal].committed_at).date()

    def policies_in_force(self, ordinal: int) -> tuple[FileMap, FileMap]:
        """The policy files a commit is judged by: the prior epoch's and its own."""
        prior, epoch = self.in_force[ordinal]
        return self.policies[prior], self.policies[epoch]

    def without(self, ordinals: Container[int]) -> Plan:
        """The plan with those commits' steps left out (known already: the audit cache).

        A folder's versions still load as needed: a step's "before" is read afresh when the
        step before it was left out.
        """
        steps: dict[str, list[Step]] = defaultdict(list)
        for folder, folder_steps in self.steps.items():
            if todo := [s for s in folder_steps if s.ordinal not in ordinals]:
                steps[folder] = todo
        checks = [c for c in self.playbook_checks if c.ordinal not in ordinals]
        return dataclasses.replace(self, steps=steps, playbook_checks=checks)

    @property
    def step_count(self) -> int:
        return sum(len(s) for s in self.steps.values())


class Planner:
    """Plays the log over a map of the tree (path -> mode and blob), parsing nothing."""

    def __init__(self, settings: Settings, files: FileMap, resumed: bool = False) -> None:
        """Start from ``files``, the tree before the log's first commit.

        ``resumed``: the log continues a replay that had commits already (an audit resumed
        from its cache), so its first commit is judged by the policy before it, as it was.
        """
        self.settings = settings
        self.files = dict(files)
        self.started_with_files = bool(files) or resumed
        self.plan = Plan()
        self.folders: Counter[str] = Counter()
        for path in self.files:
            self._count(path, +1, -1)
        self.plan.policies.append(self._policy_files())

    def folder_of(self, path: str) -> str | None:
        """The folder of a path, if named like an id (others are not incidents to replay)."""
        name = folder_of(path, self.settings.incidents_dir)
        return name if name is not None and FOLDER_ID.match(name) else None

    def version(self, folder: str) -> Version:
        incident, postmortem = record_paths(self.settings.incidents_dir, folder)
        return self.files.get(incident), self.files.get(postmortem)

    def add(self, commit: Commit) -> None:
        n = len(self.plan.commits)
        # kept without its changes: they are planned here, and at 60,000 commits they are
        # 20 MB that every worker would inherit
        self.plan.commits.append(dataclasses.replace(commit, changes=()))
        touched, moved = touched_folders(
            commit.changes, self.folder_of, self.settings.incidents_dir
        )
        before = {f: self.version(f) for f in touched}
        self._apply(commit, n)
        prior = len(self.plan.policies) - 1
        if any(self._judges(p) for c in commit.changes for p in (c.path, c.old_path or "")):
            self.plan.policies.append(self._policy_files())
        epoch = len(self.plan.policies) - 1
        if n == 0 and not self.started_with_files:
            prior = epoch  # the first commit of a history: no policy was in force before it
        self.plan.in_force.append((prior, epoch))
        for folder in sorted(touched):
            step = Step(
                n, folder, before[folder], self.version(folder),
                folder in self.folders, moved.get(folder), epoch, prior,
            )  # fmt: skip
            self.plan.steps[folder].append(step)
        changed = {
            c.path: self.files[c.path]
            for c in commit.changes
            if c.new_blob and c.path in self.files and self._playbook(c.path)
        }
        if found := entry_findings(written_modes(commit.changes), self.settings, in_folders=True):
            self.plan.entries[n] = found
        if changed:
            self.plan.playbook_checks.append(PlaybookCheck(n, epoch, prior, changed))

    def _apply(self, commit: Commit, n: int) -> None:
        for c in commit.changes:
            for gone in (
                c.old_path if c.change == "R" else None,
                c.path if c.change == "D" else None,
            ):
                if gone and self.files.pop(gone, None) is not None:
                    self._count(gone, -1, n)
            if c.new_blob:  # None for a deletion
                if c.path not in self.files:
                    self._count(c.path, +1, n)
                self.files[c.path] = (c.new_mode or REGULAR, c.new_blob)

    def _count(self, path: str, delta: int, n: int) -> None:
        if folder := self.folder_of(path):
            self.folders[folder] += delta
            if delta > 0 and self.folders[folder] == 1:
                self.plan.folder_spans.setdefault(folder, []).append([n, NEVER])
            elif self.folders[folder] <= 0:
                del self.folders[folder]
                self.plan.folder_spans[folder][-1][1] = n
        if self._playbook(path):
            stem = PurePosixPath(path).stem
            spans = self.plan.playbook_spans.setdefault(stem, [])
            if delta > 0:
                spans.append([n, NEVER])
            else:
                spans[-1][1] = n

    def _playbook(self, path: str) -> bool:
        return is_playbook_path(path, self.settings.playbooks_dir)

    def _judges(self, path: str) -> bool:
        """A policy file, or pyproject.toml (``[tool.incidentctl]``): what an epoch is made of."""
        return path == PYPROJECT or is_under(path, self.settings.policy_dir)

    def _policy_files(self) -> FileMap:
        return {p: b for p, b in self.files.items() if self._judges(p)}
