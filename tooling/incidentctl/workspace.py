"""The edge that runs a validation: find files, load them, call the pure checks."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from incidentctl.cache import Stamp, ValidateCache, cache_file, digest, fingerprint, stamp
from incidentctl.config import Settings
from incidentctl.discovery import FOLDER_ID, PLAYBOOK_INDEX_PAGES, discover, playbook_paths
from incidentctl.documents import INCIDENT_FILE, POSTMORTEM_FILE, ArchiveIndex, PlaybookDoc
from incidentctl.errors import UserError
from incidentctl.findings import Finding, sort_findings
from incidentctl.loading import load_playbook, load_unit
from incidentctl.policyload import PolicyFile, load_policy
from incidentctl.rules.context import Context
from incidentctl.rules.incident import unresolved
from incidentctl.rules.policy import check_policy_files
from incidentctl.sources import FsSource
from incidentctl.validate import (
    CheckResult,
    UnitReport,
    assess_unit,
    check_playbooks,
    reference_findings,
)


@dataclass
class Selection:
    """What a validation covers: everything, or the incident folders and playbooks named."""

    everything: bool = False
    folders: set[str] = field(default_factory=set)
    playbooks: set[str] = field(default_factory=set)


def select(root: Path, settings: Settings, targets: list[Path]) -> Selection:
    """Map path arguments onto incident folders and playbooks; a path outside them is an error."""
    sel = Selection(everything=not targets)
    for target in targets:
        _select_one(root, settings, target, sel)
    return sel


def _select_one(root: Path, settings: Settings, target: Path, sel: Selection) -> None:
    path = target.absolute()
    if not path.exists() and not path.is_symlink():
        raise UserError(f"{target}: no such file or directory")
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise UserError(f"{target}: is outside the repository {root}") from None
    inc, pbs, pol = (tuple(d.split("/")) for d in (
        settings.incidents_dir, settings.playbooks_dir, settings.policy_dir))  # fmt: skip
    if len(parts) == 0 or parts == inc:
        sel.everything = True
    elif parts[: len(inc)] == inc and FOLDER_ID.match(parts[len(inc)]):
        sel.folders.add(parts[len(inc)])
    elif parts == pbs:
        sel.playbooks.update(playbook_paths(root, settings.playbooks_dir))
    elif parts[: len(pbs)] == pbs and len(parts) == len(pbs) + 1 and parts[-1].endswith(".md"):
        if parts[-1] not in PLAYBOOK_INDEX_PAGES:
            sel.playbooks.add("/".join(parts))
    elif parts[: len(pol)] != pol:  # policy files are always checked
        msg = f"{target}: not an incident, postmortem, playbook or policy file of this repository"
        raise UserError(msg)


Progress = Callable[[int], "ProgressBar | None"]
PARALLEL_FROM = 2000  # folders to (re)validate before worker processes pay for themselves


class ProgressBar(Protocol):
    def __enter__(self) -> Any: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
        /,
    ) -> None: ...
    def update(self, n_steps: int) -> None: ...


@dataclass(frozen=True)
class _Assessed:
    """A worker's answer for one folder: findings, never models (they stay in the worker)."""

    folder: str
    report: UnitReport
    ref_findings: list[Finding]
    digest: str


class _RecordingSource(FsSource):
    """Remembers the bytes it read, so the cache digest costs no second read."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.seen: dict[str, bytes | None] = {}

    def read(self, rel: str) -> bytes | None:
        data = super().read(rel)
        self.seen[rel] = data
        return data


_WORKER: tuple[Path, Settings, Context] | None = None  # set before forking; inherited


def _assess(folders: list[str]) -> list[_Assessed]:
    assert _WORKER is not None
    root, settings, ctx = _WORKER
    out = []
    for folder in folders:
        source = _RecordingSource(root)
        unit, found = load_unit(source, settings, folder)
        report = assess_unit(unit, ctx)
        report = UnitReport(found + report.findings, report.refs, report.incident_id)
        refs = reference_findings(report, unit.incident, ctx)
        contents = [source.seen.get(p) for p in (unit.incident_path, unit.postmortem_path)]
        out.append(_Assessed(folder, report, refs, digest(contents)))
    return out


def run_validate(
    root: Path,
    settings: Settings,
    targets: list[Path],
    today: dt.date | None = None,
    progress: Progress | None = None,
    jobs: int = 0,
    use_cache: bool = True,
) -> CheckResult:
    """Validate the repository (or the targets). ``jobs=0`` picks serial or parallel by size."""
    global _WORKER
    sel = select(root, settings, targets)
    inv = discover(root, settings, None if sel.everything else sel.folders)
    source = FsSource(root)
    loaded_policy = load_policy(source, settings.policy_dir)
    playbook_ids = frozenset(Path(p).stem for p in inv.playbooks)
    index = ArchiveIndex(frozenset(inv.folders), playbook_ids)
    ctx = Context(loaded_policy.policy, index, settings, today or dt.date.today())
    findings: list[Finding] = [*loaded_policy.findings]
    findings += check_policy_files(loaded_policy.files, loaded_policy.policy)
    files = len(loaded_policy.files)
    folders = inv.folders if sel.everything else sorted(sel.folders)
    wanted = set(folders)
    findings += [f for f in inv.findings if sel.everything or _in_folders(f.path, settings, wanted)]
    cache = _open_cache(root, settings, loaded_policy.files) if use_cache else None
    misses: list[str] = []
    stamps: dict[str, Stamp] = {}
    for folder in folders:
        stamps[folder] = stamp([f"{root}/{p}" for p in _record_paths(settings, folder)])
        files += sum(s is not None for s in stamps[folder])
        report = _cached(cache, root, settings, folder, stamps[folder])
        if report is None:
            misses.append(folder)
        else:
            findings += report.findings + _resolve(report, root, settings, ctx, folder)
    _WORKER = (root, settings, ctx)
    try:
        for done in _run_assessments(misses, jobs, progress):
            findings += done.report.findings + done.ref_findings
            if cache is not None:
                cache.store(done.folder, stamps[done.folder], done.digest, done.report)
    finally:
        _WORKER = None
    if cache is not None and sel.everything:
        cache.save(set(folders))
    elif cache is not None:
        cache.save(set(cache.entries))
    docs: list[PlaybookDoc] = []
    for path in inv.playbooks if sel.everything else sorted(sel.playbooks):
        doc, found = load_playbook(source, path)
        findings += found
        files += 1
        if doc is not None:
            docs.append(doc)
    findings += check_playbooks(docs, ctx)
    return CheckResult(sort_findings(findings), files)


def _record_paths(settings: Settings, folder: str) -> list[str]:
    base = f"{settings.incidents_dir}/{folder}"
    return [f"{base}/{INCIDENT_FILE}", f"{base}/{POSTMORTEM_FILE}"]


def _open_cache(root: Path, settings: Settings, policy_files: list[PolicyFile]) -> ValidateCache:
    policy = [f.raw for f in policy_files] + [f.path.encode() for f in policy_files]
    key = fingerprint(settings.model_dump_json(), policy)
    return ValidateCache(cache_file(root), key)


def _cached(
    cache: ValidateCache | None, root: Path, settings: Settings, folder: str, current: Stamp
) -> UnitReport | None:
    if cache is None:
        return None
    hit = cache.by_stamp(folder, current)
    if hit is None and folder in cache.entries:  # touched, checked out again: compare content
        source = FsSource(root)
        try:
            contents = [source.read(p) for p in _record_paths(settings, folder)]
        except OSError:
            return None
        hit = cache.by_digest(folder, current, digest(contents))
    return hit


def _resolve(
    report: UnitReport, root: Path, settings: Settings, ctx: Context, folder: str
) -> list[Finding]:
    """Check a cached folder's references against today's index; parse again only if one fails."""
    if not unresolved(report.refs, ctx, report.incident_id):
        return []
    unit, _ = load_unit(FsSource(root), settings, folder)
    return reference_findings(report, unit.incident, ctx)


def _run_assessments(
    folders: list[str], jobs: int, progress: Progress | None
) -> Iterator[_Assessed]:
    workers = jobs or (min(os.cpu_count() or 1, 4) if len(folders) >= PARALLEL_FROM else 1)
    bar = progress(len(folders)) if progress and folders else None
    with bar or contextlib.nullcontext():
        if workers <= 1 or len(folders) < 2:
            for folder in folders:
                yield from _assess([folder])
                if bar is not None:
                    bar.update(1)
            return
        size = max(1, min(200, len(folders) // (workers * 4)))
        chunks = [folders[i : i + size] for i in range(0, len(folders), size)]
        import multiprocessing  # only the parallel path pays for these
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for batch in pool.map(_assess, chunks):
                yield from batch
                if bar is not None:
                    bar.update(len(batch))


def build_context(root: Path, settings: Settings, source: FsSource) -> Context:
    """The policy and index of the working tree, for commands that edit one record."""
    inv = discover(root, settings)
    policy = load_policy(source, settings.policy_dir).policy
    index = ArchiveIndex(frozenset(inv.folders), frozenset(Path(p).stem for p in inv.playbooks))
    return Context(policy, index, settings, dt.date.today())


def _in_folders(path: str, settings: Settings, folders: set[str]) -> bool:
    rest = path.removeprefix(settings.incidents_dir + "/")
    return rest.split("/", 1)[0] in folders
