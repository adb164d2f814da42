"""``validate``: select the folders, plan what the cache answers, assess the rest, merge.

Imports stay light here on purpose: a warm run (every file unchanged since the cache was
written) parses nothing, so it never imports the models or pydantic. Whatever parses is
imported where a cold path first needs it (``_Cold``, ``_assess``).

Over 250 lines: select, plan the cache, assess (serially or in workers) and merge share the
one ``_Cold`` context and cache; each step is a short function.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from incidentctl.config import Settings
from incidentctl.findings import Finding, sort_findings
from incidentctl.load.discovery import Inventory, Selection, archive_index, discover, folder_of
from incidentctl.load.discovery import select as select_targets
from incidentctl.load.documents import ArchiveIndex, record_paths
from incidentctl.load.names import discover_named
from incidentctl.load.sources import FsSource, RecordingSource
from incidentctl.policy.files import read_policy_files
from incidentctl.rules.clock import future_findings, now_of
from incidentctl.rules.references import unresolved
from incidentctl.rules.results import CheckResult, UnitReport
from incidentctl.runs.cache import Stamp, ValidateCache, digest, fingerprint, stamp
from incidentctl.runs.parallel import ProgressBar, fork_map, worker_count

if TYPE_CHECKING:
    from incidentctl.policy.load import LoadedPolicy
    from incidentctl.rules.context import Context

Progress = Callable[[int], ProgressBar | None]
PARALLEL_FROM = 2000  # folders to (re)validate before worker processes pay for themselves


@dataclass(frozen=True)
class _Assessed:
    """A worker's answer for one folder: findings, never models (they stay in the worker)."""

    folder: str
    report: UnitReport
    ref_findings: list[Finding]
    digest: str


@dataclass(frozen=True)
class _Worker:
    """Everything assessing a folder needs, handed to each worker process explicitly."""

    root: Path
    settings: Settings
    ctx: Context


class _Cold:
    """The policy and the rules' context, parsed the first time something is not cached."""

    def __init__(
        self,
        settings: Settings,
        raw_policy: dict[str, bytes],
        index: ArchiveIndex,
        today: dt.date | None,
    ) -> None:
        self.settings, self.raw_policy, self.index = settings, raw_policy, index
        # the clock, unless the run is pinned to a day (then: the end of that day)
        self.now = None if today else dt.datetime.now(dt.UTC)
        self.today = today or dt.date.today()

    @functools.cached_property
    def policy(self) -> LoadedPolicy:
        from incidentctl.policy.load import parse_policy

        return parse_policy(self.raw_policy, self.settings.policy_dir)

    @functools.cached_property
    def ctx(self) -> Context:
        from incidentctl.rules.context import Context

        return Context(self.policy.policy, self.index, self.settings, self.today, self.now)

    def policy_findings(self) -> list[Finding]:
        from incidentctl.rules.policy import check_policy_files

        loaded = self.policy
        return [*loaded.findings, *check_policy_files(loaded.files, loaded.policy)]


@dataclass
class _Plan:
    """What this run covers and what the cache already answers."""

    folders: list[str]
    playbooks: list[str]
    stamps: dict[str, Stamp] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # from the cache and discovery
    files: int = 0


def run_validate(
    root: Path,
    settings: Settings,
    targets: list[Path],
    today: dt.date | None = None,
    progress: Progress | None = None,
    jobs: int = 0,
    cache: ValidateCache | None = None,
) -> CheckResult:
    """Validate the repository (or the targets). ``jobs=0`` picks serial or parallel by size."""
    sel = select_targets(root, settings, targets)
    if sel.everything:
        inv = discover(root, settings)
        index = archive_index(inv.folders, inv.playbooks)
    else:  # a few folders: their entries and an index that asks by name, no listing
        inv, index = discover_named(root, settings, sel.folders)
    raw_policy = read_policy_files(FsSource(root), settings.policy_dir)
    cold = _Cold(settings, raw_policy, index, today)
    if cache is not None:
        cache.bind(fingerprint(settings.to_json(), raw_policy))
    plan = _plan(root, settings, sel, inv, cold, cache)
    # count what was asked for, as check does (policy files are judged on every run anyway)
    plan.files += len(plan.playbooks) + (len(raw_policy) if sel.everything or sel.policy else 0)
    findings = [*_policy_findings(cold, cache), *plan.findings]
    worker = _Worker(root, settings, cold.ctx) if plan.misses else None
    for done in _run_assessments(worker, plan.misses, jobs, progress):
        findings += done.report.findings + done.ref_findings
        if cache is not None:
            cache.store(done.folder, plan.stamps[done.folder], done.digest, done.report)
    # what a playbook's findings depend on besides itself: the playbook ids and the day
    stems = sorted(Path(p).stem for p in inv.playbooks)
    context = digest([cold.today.isoformat().encode(), *(s.encode() for s in stems)])
    findings += _playbooks(root, plan.playbooks, cold, cache, context)
    if cache is not None:  # a whole-archive run forgets what is gone
        cache.save(*((set(plan.folders), set(plan.playbooks)) if sel.everything else (None, None)))
    return CheckResult(sort_findings(findings), plan.files)


def _policy_findings(cold: _Cold, cache: ValidateCache | None) -> list[Finding]:
    """The policy files' findings: from the cache, or computed and stored (a copy of them)."""
    if cache is not None and cache.policy is not None:
        return list(cache.policy)
    found = cold.policy_findings()
    if cache is not None:
        cache.store_policy(list(found))
    return found


def _plan(
    root: Path,
    settings: Settings,
    sel: Selection,
    inv: Inventory,
    cold: _Cold,
    cache: ValidateCache | None,
) -> _Plan:
    folders = inv.folders if sel.everything else sorted(sel.folders)
    plan = _Plan(folders, inv.playbooks if sel.everything else sorted(sel.playbooks))
    plan.findings += [
        f for f in inv.findings
        if sel.everything or folder_of(f.path, settings.incidents_dir, entry=True) in sel.folders
    ]  # fmt: skip
    for folder in folders:
        current = stamp([f"{root}/{p}" for p in record_paths(settings.incidents_dir, folder)])
        plan.stamps[folder] = current
        plan.files += sum(s is not None for s in current)
        report = _cached(cache, root, settings, folder, current)
        if report is None:
            plan.misses.append(folder)
        else:
            plan.findings += report.findings + _resolve(report, root, settings, cold, folder)
    return plan


def _assess(worker: _Worker, folders: list[str]) -> list[_Assessed]:
    from incidentctl.load.records import load_unit
    from incidentctl.rules.check import assess_unit, deferred_findings

    out = []
    for folder in folders:
        source = RecordingSource(worker.root)
        unit, found = load_unit(source, worker.settings, folder)
        report = assess_unit(unit, worker.ctx)
        report = UnitReport(
            found + report.findings, report.refs, report.incident_id, report.pending
        )
        refs = deferred_findings(report, unit.incident, worker.ctx)
        contents = [source.seen.get(p) for p in (unit.incident_path, unit.postmortem_path)]
        out.append(_Assessed(folder, report, refs, digest(contents)))
    return out


def _playbooks(
    root: Path, paths: list[str], cold: _Cold, cache: ValidateCache | None, context: str
) -> list[Finding]:
    out: list[Finding] = []
    for path in paths:
        current = stamp([f"{root}/{path}"])
        hit = cache.playbook(path, current, context) if cache is not None else None
        if hit is None:
            from incidentctl.load.records import load_playbook
            from incidentctl.rules.check import check_playbooks

            doc, hit = load_playbook(FsSource(root), path)
            hit += check_playbooks([doc], cold.ctx) if doc is not None else []
            if cache is not None:
                cache.store_playbook(path, current, context, hit)
        out += hit
    return out


def _cached(
    cache: ValidateCache | None, root: Path, settings: Settings, folder: str, current: Stamp
) -> UnitReport | None:
    if cache is None:
        return None
    hit = cache.by_stamp(folder, current)
    if hit is None and cache.known(folder):  # touched, checked out again: compare content
        source = FsSource(root)
        try:
            contents = [source.read(p) for p in record_paths(settings.incidents_dir, folder)]
        except OSError:
            return None
        hit = cache.by_digest(folder, current, digest(contents))
    return hit


def _resolve(
    report: UnitReport, root: Path, settings: Settings, cold: _Cold, folder: str
) -> list[Finding]:
    """Judge a cached folder's references and pending times again; parse only if a ref fails."""
    if not unresolved(report.refs, cold.index, report.incident_id):
        now = now_of(cold.today, cold.now)
        return future_findings(report.pending, now, settings.clock_skew_minutes, False)
    from incidentctl.load.records import load_unit
    from incidentctl.rules.check import deferred_findings

    unit, _ = load_unit(FsSource(root), settings, folder)
    return deferred_findings(report, unit.incident, cold.ctx)


def _run_assessments(
    worker: _Worker | None, folders: list[str], jobs: int, progress: Progress | None
) -> Iterator[_Assessed]:
    if worker is None or not folders:
        return
    workers = worker_count(jobs, len(folders), PARALLEL_FROM)
    bar = progress(len(folders)) if progress else None
    with bar or contextlib.nullcontext():
        if workers <= 1 or len(folders) < 2:
            for folder in folders:
                yield from _assess(worker, [folder])
                if bar is not None:
                    bar.update(1)
            return
        size = max(1, min(200, len(folders) // (workers * 4)))
        chunks = [folders[i : i + size] for i in range(0, len(folders), size)]
        for batch in fork_map(_assess, worker, chunks, workers):
            yield from batch
            if bar is not None:
                bar.update(len(batch))
