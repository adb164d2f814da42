"""``audit``: replay the first-parent history and report every change ``check`` would refuse.

One ``git log --raw`` gives the plan (``history.plan``); blobs come through ``cat-file --batch``;
each folder then replays on its own, each of its versions parsed once (its "after" is the
next commit's "before"). On a long history the folders are shared out to worker processes,
each with its own ``cat-file``; the results are merged back in commit order. A whole-history
audit replays only the commits its cache (``runs.audit_cache``) does not know.

Over 250 lines: the replay, its split over workers and the run that joins cached and fresh
commits share the evaluator and the plan; the cache's own logic is in ``audit_cache``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.history import compare as history
from incidentctl.history.git import GitRepo, open_repo
from incidentctl.history.plan import Plan, Planner, Step, Version
from incidentctl.history.results import AuditResult, Refusal, TrailRow, acknowledge, trail_row
from incidentctl.load.documents import IncidentDoc, Unit, record_paths
from incidentctl.load.records import load_playbook, load_unit
from incidentctl.load.sources import BlobSource
from incidentctl.policy.load import load_policy
from incidentctl.policy.value import Policy
from incidentctl.rules.check import assess_unit, check_playbooks, deferred_findings
from incidentctl.rules.context import Context
from incidentctl.rules.results import UnitReport
from incidentctl.runs.audit_cache import AuditCache, CommitEntry, known_commits, policy_digest
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

    def policy(self, epoch: int) -> Policy:
        if epoch not in self._policies:
            source = BlobSource(self.blob, self.plan.policies[epoch])
            self._policies[epoch] = load_policy(source, self.settings.policy_dir).policy
        return self._policies[epoch]

    def context(self, ordinal: int, epoch: int) -> Context:
        index = self.plan.index_at(ordinal)
        committed = dt.datetime.fromisoformat(self.plan.commits[ordinal].committed_at)
        day = self.plan.day(ordinal)
        return Context(self.policy(epoch), index, self.settings, day, committed, committed=True)

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


FolderResult = list[tuple[int, str, list[Finding]]]


@dataclass(frozen=True)
class _Job:
    """What each worker process is handed: it opens its own repository (``cat-file``) there."""

    root: Path
    plan: Plan
    settings: Settings


def _worker_evaluator(job: _Job) -> Evaluator:
    repo = GitRepo(job.root)
    return Evaluator(repo.blob, job.plan, job.settings, repo.prefetch)


def _results(evaluator: Evaluator, folders: list[str]) -> FolderResult:
    steps, out = evaluator.plan.steps, []
    for group in _groups(folders, steps):
        if evaluator.prefetch:  # every version this group's steps will load, in one batch
            versions = (v for f in group for s in steps[f] for v in (s.before, s.after))
            evaluator.prefetch(blob[1] for v in versions for blob in v if blob is not None)
        out += [(n, f, found) for f in group for n, found in evaluator.folder(steps[f])]
    return out


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


def _replay(
    root: Path,
    repo: GitRepo,
    plan: Plan,
    settings: Settings,
    jobs: int,
    progress: Progress | None,
) -> Iterator[FolderResult]:
    folders = sorted(plan.steps)
    steps = plan.step_count
    workers = worker_count(jobs, steps, PARALLEL_FROM)
    serial = workers <= 1 or len(folders) < 2
    chunks: list[list[str]] = [[]]
    size, filled = max(1, min(2000, steps // (1 if serial else workers * 8))), 0
    for folder in folders:  # chunks of about ``size`` steps, so workers share the load evenly
        if filled >= size:
            chunks.append([])
            filled = 0
        chunks[-1].append(folder)
        filled += len(plan.steps[folder])
    if serial:
        evaluator = Evaluator(repo.blob, plan, settings, repo.prefetch)
        for chunk in chunks:
            yield _results(evaluator, chunk)
            if progress:
                progress(sum(len(plan.steps[f]) for f in chunk))
        return
    job = _Job(root, plan, settings)
    results = fork_map(_results, job, chunks, workers, setup=_worker_evaluator)
    for chunk, result in zip(chunks, results, strict=True):
        yield result
        if progress:
            progress(sum(len(plan.steps[f]) for f in chunk))


def plan_audit(
    repo: GitRepo,
    settings: Settings,
    head: str,
    since: str | None,
    paths: list[str] | None = None,
    first_parent: bool = True,
    resumed: bool = False,
) -> Plan:
    """The plan of ``since..head`` over ``paths`` (default: the whole archive and its policy).

    ``resumed``: ``since`` ends a replay that had commits (see ``Planner``).
    """
    paths = paths or [settings.incidents_dir, settings.playbooks_dir, settings.policy_dir]
    entries = repo.tree(since, paths) if since else {}
    files = {p: (e.mode, e.sha) for p, e in entries.items()}
    planner = Planner(settings, files, resumed)
    for commit in repo.log(head, since, paths, first_parent=first_parent):
        planner.add(commit)
    return planner.plan


def run_audit(
    root: Path,
    settings: Settings,
    since: str | None = None,
    head: str = "HEAD",
    jobs: int = 0,
    progress: Callable[[int], Progress | None] | None = None,
    use_cache: bool = True,
) -> AuditResult:
    """Replay ``since..head``; ``jobs=0`` picks serial or parallel by the history's size.

    A whole-history audit (no ``since``) keeps what each commit was proven to add in the audit
    cache (``runs.audit_cache``) and replays only the commits it does not know.
    ``progress`` is given the number of folder steps and may return a callback to advance.
    """
    paths = [settings.incidents_dir, settings.playbooks_dir, settings.policy_dir]
    with open_repo(root) as repo:
        head_sha = repo.resolve(head)
        since_sha = repo.resolve(since) if since else None
        cache = (
            AuditCache.open(root, settings.to_json(), paths) if use_cache and not since else None
        )
        kept: list[CommitEntry] = []  # the cached history before this plan's first commit
        if cache and cache.head and repo.on_first_parent_line(cache.head, head_sha):
            kept = cache.commits
            plan = plan_audit(repo, settings, head_sha, cache.head, resumed=bool(kept))
        else:
            plan = plan_audit(repo, settings, head_sha, since_sha)
        known = known_commits(plan, cache.by_sha() if cache and not kept else {})
        todo = plan.without(set(known))
        tick = progress(todo.step_count) if progress else None
        by_commit: dict[int, list[tuple[str, list[Finding]]]] = {}
        # the folders first: no cat-file process of this one exists yet when workers fork
        for batch in _replay(root, repo, todo, settings, jobs, tick):
            for n, folder, found in batch:
                by_commit.setdefault(n, []).append((folder, found))
        evaluator = Evaluator(repo.blob, todo, settings)
        playbooks = evaluator.playbooks()
        baseline = evaluator.policy(len(plan.policies) - 1).baseline  # as committed at head
    entries = list(kept)
    for n, commit in enumerate(plan.commits):
        if n in known:
            entries.append(known[n])
            continue
        found = [f for _, fs in sorted(by_commit.get(n, [])) for f in fs]
        policy = policy_digest(*plan.policies_in_force(n))
        entries.append(
            CommitEntry(
                commit.sha,
                policy,
                commit.author,
                commit.committed_at,
                tuple(found + playbooks.get(n, [])),
            )
        )
    if cache:
        cache.save(head_sha, entries)
    result = AuditResult(commits=len(entries))
    for e in entries:
        result.refusals += [Refusal(f, e.sha, e.author, e.committed_at) for f in e.findings]
    return acknowledge(result, baseline)


def incident_trail(
    root: Path, settings: Settings, incident_id: str, head: str = "HEAD"
) -> list[TrailRow]:
    """The git-derived audit trail of one incident's status."""
    with open_repo(root) as repo:
        folder_path = f"{settings.incidents_dir}/{incident_id}"
        # every commit that touched it, merged branches included (the gate is first-parent)
        plan = plan_audit(repo, settings, repo.resolve(head), None, [folder_path], False)
        evaluator = Evaluator(repo.blob, plan, settings)
        docs: dict[Version, IncidentDoc | None] = {}  # a step's "after" is the next "before"

        def doc(version: Version) -> IncidentDoc | None:
            if version not in docs:
                docs[version] = evaluator.load(incident_id, version)[0].incident
            return docs[version]

        rows = []
        for step in plan.steps.get(incident_id, []):
            old, new = doc(step.before), doc(step.after)
            rows.append(trail_row(plan.commits[step.ordinal], old, new))
    return rows


__all__ = ["AuditResult", "Refusal", "TrailRow", "incident_trail", "run_audit"]
