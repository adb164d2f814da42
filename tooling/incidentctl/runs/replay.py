"""The audit's replay: each folder's steps, in worker processes on a long history.

Takes a plan (``history.plan``) and gives, per share of folders, what each commit added to
each folder's findings. Each version is parsed and assessed once (a step's "after" is the next
step's "before"); the blobs of a group of steps are read ahead in one ``cat-file --batch``.
Workers are forked and handed their share pickled: see ``_Chunk`` for why.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import PYPROJECT, Settings, parse_table, settings_from_table
from incidentctl.errors import ConfigError
from incidentctl.findings import Finding
from incidentctl.history import compare as history
from incidentctl.history.git import GitRepo
from incidentctl.history.plan import Plan, Step, Version
from incidentctl.load.documents import Unit, record_paths
from incidentctl.load.records import load_playbook, load_unit
from incidentctl.load.sources import SUBMODULE, SYMLINK, BlobSource
from incidentctl.policy.load import load_policy
from incidentctl.policy.value import Policy
from incidentctl.rules.check import assess_unit, check_playbooks, deferred_findings
from incidentctl.rules.context import Context
from incidentctl.rules.results import UnitReport
from incidentctl.runs.parallel import fork_map, worker_count

UnitState = tuple[Unit, list[Finding]]
Progress = Callable[[int], None]  # called with the number of folder steps just replayed
PARALLEL_FROM = 1000  # folder steps before worker processes pay for themselves
PREFETCH_STEPS = 400  # folder steps whose blobs are read ahead in one batch (about 2 MB)


class Evaluator:
    """Replays folders of a plan: what each commit added to a folder's findings."""

    def __init__(
        self,
        blob: Callable[[str], bytes],
        plan: Plan,
        settings: Settings,
        prefetch: Callable[[Iterable[str]], None] | None = None,
    ) -> None:
        """``prefetch``: reads a batch of blobs ahead (``GitRepo.prefetch``), if given."""
        self.blob, self.plan, self.settings, self.prefetch = blob, plan, settings, prefetch
        self._policies: dict[int, Policy] = {}
        self._settings: dict[int, Settings] = {}
        # a commit's date is its author's word: never later than the clock of this replay
        self.clock = dt.datetime.now(dt.UTC)
        self.times: dict[int, str] = {}  # commit times of the chunk in hand (see ``_Chunk``)

    def policy(self, epoch: int) -> Policy:
        if epoch not in self._policies:
            source = BlobSource(self.blob, self.plan.policies[epoch])
            self._policies[epoch] = load_policy(source, self.settings.policy_dir).policy
        return self._policies[epoch]

    def settings_of(self, epoch: int) -> Settings:
        """``[tool.incidentctl]`` as committed in that epoch: it judges, as the base does in check.

        The folders stay where the head's settings put them (the plan was made with those);
        a table that does not validate leaves the head's settings in force, as ``check``
        would have refused to run under it.
        """
        if epoch not in self._settings:
            found = self.settings
            raw = self.plan.policies[epoch].get(PYPROJECT)
            with contextlib.suppress(ConfigError):
                # no pyproject.toml in the epoch: the defaults judged it, as in check
                regular = raw is not None and raw[0] not in (SYMLINK, SUBMODULE)
                table = parse_table(self.blob(raw[1]) if raw and regular else None)
                found = dataclasses.replace(
                    settings_from_table(table),
                    incidents_dir=self.settings.incidents_dir,
                    playbooks_dir=self.settings.playbooks_dir,
                    policy_dir=self.settings.policy_dir,
                )
            self._settings[epoch] = found
        return self._settings[epoch]

    def context(self, ordinal: int, epoch: int) -> Context:
        index = self.plan.index_at(ordinal)
        when = self.times.get(ordinal) or self.plan.commits[ordinal].committed_at
        committed = min(dt.datetime.fromisoformat(when), self.clock)
        settings = self.settings_of(epoch)
        return Context(
            self.policy(epoch), index, settings, committed.date(), committed, committed=True
        )

    def load(self, folder: str, version: Version) -> UnitState:
        paths = record_paths(self.settings.incidents_dir, folder)
        files = {path: blob for path, blob in zip(paths, version, strict=True) if blob is not None}
        return load_unit(BlobSource(self.blob, files), self.settings, folder)

    def folder(self, steps: list[Step]) -> Iterator[tuple[int, list[Finding]]]:
        """Each step's new findings; every version is parsed and assessed once."""
        states: dict[Version, UnitState] = {}
        reports: dict[tuple[Version, int], UnitReport] = {}

        def state(version: Version) -> UnitState:
            if version not in states:
                states[version] = self.load(steps[0].folder, version)
            return states[version]

        def findings(version: Version, ctx: Context, epoch: int) -> list[Finding]:
            unit, found = state(version)
            report = reports.get((version, epoch))
            if report is None:
                report = reports[(version, epoch)] = assess_unit(unit, ctx)
            return found + report.findings + deferred_findings(report, unit.incident, ctx)

        for step in steps:
            out: list[Finding] = []
            for epoch in step.epochs:  # as check: under the policy before it, and its own
                ctx = self.context(step.ordinal, epoch)
                if step.present:
                    known = {_same(f) for f in findings(step.before, ctx, epoch)}
                    fresh = findings(step.after, ctx, epoch)
                    out += [f for f in fresh if _same(f) not in known]
                old, new = state(step.before)[0], state(step.after)[0]
                out += history.compare_units(old, new, ctx, step.moved_to)
            out = list(dict.fromkeys(out))  # a finding both policies give is reported once
            # keep only what the next step can reuse: this step's "after"
            states = {step.after: states[step.after]}
            reports = {k: v for k, v in reports.items() if k[0] == step.after}
            yield step.ordinal, out

    def playbooks(self) -> dict[int, list[Finding]]:
        out: dict[int, list[Finding]] = {}
        for check in self.plan.playbook_checks:
            source = BlobSource(self.blob, check.files)
            docs, found = [], []
            for path in sorted(check.files):
                doc, problems = load_playbook(source, path)
                found += problems
                docs += [doc] if doc else []
            rules = [
                f
                for e in check.epochs
                for f in check_playbooks(docs, self.context(check.ordinal, e))
            ]
            out[check.ordinal] = list(dict.fromkeys(found + rules))
        return out


def _same(f: Finding) -> tuple[str, str, str]:
    """A finding's identity across versions: where it is may move, what it says does not."""
    return f.path, f.rule_id, f.message


FolderResult = list[tuple[int, str, list[Finding]]]  # only the steps that found something


@dataclass(frozen=True)
class _Chunk:
    """A share of the replay: its folders' steps and the times of their commits.

    Handed to a worker pickled, so the worker reads its own copies. Why not the plan the
    worker inherited: reading an object writes its reference count, so every page of steps
    and commits a worker read was copied into it (about 30 MB per worker at 60,000 commits,
    growing as the replay went on). The plan it inherits still serves the policies and the
    folders' lifetimes, which are small.
    """

    steps: dict[str, list[Step]]
    times: dict[int, str]

    @classmethod
    def of(cls, plan: Plan, folders: list[str]) -> _Chunk:
        steps = {f: plan.steps[f] for f in folders}
        ordinals = {s.ordinal for f in folders for s in steps[f]}
        return cls(steps, {n: plan.commits[n].committed_at for n in sorted(ordinals)})


@dataclass(frozen=True)
class _Job:
    """What each worker process is handed: it opens its own repository (``cat-file``) there."""

    root: Path
    plan: Plan
    settings: Settings


def _worker_evaluator(job: _Job) -> Evaluator:
    repo = GitRepo(job.root)
    return Evaluator(repo.blob, job.plan, job.settings, repo.prefetch)


def _results(evaluator: Evaluator, chunk: _Chunk) -> FolderResult:
    steps, out = chunk.steps, []
    evaluator.times = chunk.times
    for group in _groups(list(steps), steps):
        if evaluator.prefetch:  # every version this group's steps will load, in one batch
            versions = (v for f in group for s in steps[f] for v in (s.before, s.after))
            evaluator.prefetch(blob[1] for v in versions for blob in v if blob is not None)
        out += [(n, f, found) for f in group for n, found in evaluator.folder(steps[f]) if found]
    evaluator.times = {}
    return out


def _pickled_results(evaluator: Evaluator, share: bytes) -> FolderResult:
    chunk: _Chunk = pickle.loads(share)  # our own parent pickled it, just before the fork
    return _results(evaluator, chunk)


def _groups(folders: list[str], steps: dict[str, list[Step]]) -> Iterator[list[str]]:
    """Folders in groups of about ``PREFETCH_STEPS`` steps: what one read-ahead covers.

    Why not a chunk at once: a worker's chunk is up to 2,000 steps, whose blobs read ahead in
    one batch were 16 MB per process held at once (twice, while they were split).
    """
    group: list[str] = []
    size = 0
    for folder in folders:
        group.append(folder)
        size += len(steps[folder])
        if size >= PREFETCH_STEPS:
            yield group
            group, size = [], 0
    if group:
        yield group


def replay(
    root: Path,
    repo: GitRepo,
    plan: Plan,
    settings: Settings,
    jobs: int,
    progress: Progress | None,
) -> Iterator[FolderResult]:
    """Each share's results in folder order, serially or in ``jobs`` workers (0: by size).

    With workers, the plan's steps are taken: pickled into the shares and emptied from
    ``plan.steps`` before the fork (see ``_Chunk``), so read ``plan.step_count`` first. The
    parent keeps the pickled shares (about 130 bytes a step) until the replay ends.
    ``progress`` is given each share's number of steps as its results arrive.
    """
    folders = sorted(plan.steps)
    steps = plan.step_count
    workers = worker_count(jobs, steps, PARALLEL_FROM)
    serial = workers <= 1 or len(folders) < 2
    chunks: list[list[str]] = [[]]
    counts = [0]  # each chunk's steps, for the progress
    size = max(1, min(2000, steps // (1 if serial else workers * 8)))
    for folder in folders:  # chunks of about ``size`` steps, so workers share the load evenly
        if counts[-1] >= size:
            chunks.append([])
            counts.append(0)
        chunks[-1].append(folder)
        counts[-1] += len(plan.steps[folder])
    if serial:
        evaluator = Evaluator(repo.blob, plan, settings, repo.prefetch)
        results: Iterable[FolderResult] = (
            _results(evaluator, _Chunk.of(plan, chunk)) for chunk in chunks
        )
    else:
        # pickled before the workers fork, and the steps let go: after the fork the parent
        # reads no step (reading one would copy its page out of what the workers share)
        shares = [pickle.dumps(_Chunk.of(plan, chunk), pickle.HIGHEST_PROTOCOL) for chunk in chunks]
        plan.steps.clear()
        job = _Job(root, plan, settings)
        results = fork_map(_pickled_results, job, shares, workers, setup=_worker_evaluator)
    for count, result in zip(counts, results, strict=True):
        yield result
        if progress:
            progress(count)
