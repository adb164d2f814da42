"""``audit``: replay the first-parent history and report every change ``check`` would refuse.

One ``git log --raw`` gives the plan (``auditplan``); blobs come through ``cat-file --batch``;
each folder then replays on its own, each of its versions parsed once (its "after" is the
next commit's "before"). On a long history the folders are shared out to worker processes,
each with its own ``cat-file``; the results are merged back in commit order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.history import compare as history
from incidentctl.history.git import SUBMODULE, SYMLINK, Commit, GitRepo, open_repo
from incidentctl.history.plan import FileMap, Plan, Planner, Step, Version
from incidentctl.load.documents import IncidentDoc, Unit, record_paths
from incidentctl.load.records import load_playbook, load_unit
from incidentctl.models.incident import TimelineType
from incidentctl.policy.load import load_policy
from incidentctl.policy.value import Policy
from incidentctl.rules.check import assess_unit, check_playbooks, reference_findings
from incidentctl.rules.context import Context
from incidentctl.rules.results import UnitReport
from incidentctl.runs.parallel import fork_pool, worker_count

UnitState = tuple[Unit, list[Finding]]
Progress = Callable[[int], None]  # called with the number of folder steps just replayed
PARALLEL_FROM = 1000  # folder steps before worker processes pay for themselves


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


class MapSource:
    """A ``Source`` over path -> (mode, blob id), as the plan knows the tree at a commit."""

    def __init__(self, blob: Callable[[str], bytes], files: FileMap) -> None:
        self.blob, self.files = blob, files

    def read(self, rel: str) -> bytes | None:
        entry = self.files.get(rel)
        if entry is None or entry[0] in (SYMLINK, SUBMODULE):
            return None
        return self.blob(entry[1])

    def listdir(self, rel: str) -> list[str]:
        prefix = rel.rstrip("/") + "/"
        return sorted(
            {p[len(prefix) :].split("/", 1)[0] for p in self.files if p.startswith(prefix)}
        )


class Evaluator:
    """Replays folders of a plan: what each commit added to a folder's findings."""

    def __init__(self, blob: Callable[[str], bytes], plan: Plan, settings: Settings) -> None:
        self.blob, self.plan, self.settings = blob, plan, settings
        self._policies: dict[int, Policy] = {}

    def policy(self, epoch: int) -> Policy:
        if epoch not in self._policies:
            source = MapSource(self.blob, self.plan.policies[epoch])
            self._policies[epoch] = load_policy(source, self.settings.policy_dir).policy
        return self._policies[epoch]

    def context(self, ordinal: int, epoch: int) -> Context:
        index = self.plan.index_at(ordinal)
        return Context(self.policy(epoch), index, self.settings, self.plan.day(ordinal))

    def load(self, folder: str, version: Version) -> UnitState:
        paths = record_paths(self.settings.incidents_dir, folder)
        files = {path: blob for path, blob in zip(paths, version, strict=True) if blob is not None}
        return load_unit(MapSource(self.blob, files), self.settings, folder)

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
            return found + report.findings + reference_findings(report, unit.incident, ctx)

        for step in steps:
            ctx = self.context(step.ordinal, step.epoch)
            out: list[Finding] = []
            if step.present:
                known = {_same(f) for f in findings(step.before, ctx, step.epoch)}
                fresh = findings(step.after, ctx, step.epoch)
                out += [f for f in fresh if _same(f) not in known]
            old, new = state(step.before)[0], state(step.after)[0]
            out += history.compare_units(old, new, ctx, step.moved_to)
            # keep only what the next step can reuse: this step's "after"
            states = {step.after: states[step.after]}
            reports = {k: v for k, v in reports.items() if k[0] == step.after}
            yield step.ordinal, out

    def playbooks(self) -> dict[int, list[Finding]]:
        out: dict[int, list[Finding]] = {}
        for check in self.plan.playbook_checks:
            source = MapSource(self.blob, check.files)
            docs, found = [], []
            for path in sorted(check.files):
                doc, problems = load_playbook(source, path)
                found += problems
                docs += [doc] if doc else []
            ctx = self.context(check.ordinal, check.epoch)
            out[check.ordinal] = found + check_playbooks(docs, ctx)
        return out


def _same(f: Finding) -> tuple[str, str, str]:
    """A finding's identity across versions: where it is may move, what it says does not."""
    return f.path, f.rule_id, f.message


FolderResult = list[tuple[int, str, list[Finding]]]
_JOB: tuple[Path, Plan, Settings] | None = None  # set before forking; inherited by workers
_WORKER_REPO: GitRepo | None = None


def _open_worker_repo() -> None:
    """Each worker reads blobs through its own ``cat-file`` process."""
    global _WORKER_REPO
    assert _JOB is not None
    _WORKER_REPO = GitRepo(_JOB[0])


def _replay_folders(folders: list[str]) -> FolderResult:
    assert _JOB is not None
    assert _WORKER_REPO is not None
    _root, plan, settings = _JOB
    return _results(Evaluator(_WORKER_REPO.blob, plan, settings), folders)


def _results(evaluator: Evaluator, folders: list[str]) -> FolderResult:
    steps = evaluator.plan.steps
    return [
        (n, folder, found) for folder in folders for n, found in evaluator.folder(steps[folder])
    ]


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
    if workers <= 1 or len(folders) < 2:
        evaluator = Evaluator(repo.blob, plan, settings)
        for folder in folders:
            yield _results(evaluator, [folder])
            if progress:
                progress(len(plan.steps[folder]))
        return
    global _JOB
    chunks: list[list[str]] = [[]]
    size, filled = max(1, min(2000, steps // (workers * 8))), 0
    for folder in folders:  # chunks of about ``size`` steps, so workers share the load evenly
        if filled >= size:
            chunks.append([])
            filled = 0
        chunks[-1].append(folder)
        filled += len(plan.steps[folder])
    _JOB = (root, plan, settings)
    try:
        with fork_pool(workers, initializer=_open_worker_repo) as pool:
            for chunk, result in zip(chunks, pool.map(_replay_folders, chunks), strict=True):
                yield result
                if progress:
                    progress(sum(len(plan.steps[f]) for f in chunk))
    finally:
        _JOB = None


def plan_audit(
    repo: GitRepo, settings: Settings, head: str, since: str | None, paths: list[str] | None = None
) -> Plan:
    """The plan of ``since..head`` over ``paths`` (default: the whole archive and its policy)."""
    paths = paths or [settings.incidents_dir, settings.playbooks_dir, settings.policy_dir]
    entries = repo.tree(since, paths) if since else {}
    planner = Planner(settings, {p: (e.mode, e.sha) for p, e in entries.items()})
    for commit in repo.log_first_parent(head, since, paths):
        planner.add(commit)
    return planner.plan


def run_audit(
    root: Path,
    settings: Settings,
    since: str | None = None,
    head: str = "HEAD",
    jobs: int = 0,
    progress: Callable[[int], Progress | None] | None = None,
) -> AuditResult:
    """Replay ``since..head``; ``jobs=0`` picks serial or parallel by the history's size.

    ``progress`` is given the number of folder steps and may return a callback to advance.
    """
    with open_repo(root) as repo:
        head_sha = repo.resolve(head)
        since_sha = repo.resolve(since) if since else None
        plan = plan_audit(repo, settings, head_sha, since_sha)
        tick = progress(plan.step_count) if progress else None
        by_commit: dict[int, list[tuple[str, list[Finding]]]] = {}
        # the folders first: no cat-file process of this one exists yet when workers fork
        for batch in _replay(root, repo, plan, settings, jobs, tick):
            for n, folder, found in batch:
                by_commit.setdefault(n, []).append((folder, found))
        playbooks = Evaluator(repo.blob, plan, settings).playbooks()
    result = AuditResult(commits=len(plan.commits))
    for n, commit in enumerate(plan.commits):
        found = [f for _, fs in sorted(by_commit.get(n, [])) for f in fs]
        for f in found + playbooks.get(n, []):
            result.refusals.append(Refusal(f, commit.sha, commit.author, commit.committed_at))
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
    with open_repo(root) as repo:
        folder_path = f"{settings.incidents_dir}/{incident_id}"
        plan = plan_audit(repo, settings, repo.resolve(head), None, [folder_path])
        evaluator = Evaluator(repo.blob, plan, settings)
        docs: dict[Version, IncidentDoc | None] = {}  # a step's "after" is the next "before"

        def doc(version: Version) -> IncidentDoc | None:
            if version not in docs:
                docs[version] = evaluator.load(incident_id, version)[0].incident
            return docs[version]

        rows = []
        for step in plan.steps.get(incident_id, []):
            old, new = doc(step.before), doc(step.after)
            rows.append(_trail_row(plan.commits[step.ordinal], old, new))
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
