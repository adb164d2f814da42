"""The edge that runs a validation: find files, load them, call the pure checks.

Imports stay light here on purpose: a warm run (every file unchanged since the cache was
written) parses nothing, so it never imports the models or pydantic. Whatever parses is
imported where a cold path first needs it (``_Cold``, ``_assess``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding, sort_findings
from incidentctl.load.discovery import FOLDER_ID, PLAYBOOK_INDEX_PAGES, discover, playbook_paths
from incidentctl.load.documents import ArchiveIndex, record_paths
from incidentctl.load.sources import FsSource
from incidentctl.policy.files import read_policy_files
from incidentctl.rules.references import unresolved
from incidentctl.rules.results import CheckResult, UnitReport
from incidentctl.runs.cache import Stamp, ValidateCache, digest, fingerprint, stamp
from incidentctl.runs.parallel import fork_pool, worker_count

if TYPE_CHECKING:
    from incidentctl.policy.load import LoadedPolicy
    from incidentctl.rules.context import Context


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


class _Cold:
    """The policy and the rules' context, parsed the first time something is not cached."""

    def __init__(
        self, settings: Settings, raw_policy: dict[str, bytes], index: ArchiveIndex, today: dt.date
    ) -> None:
        self.settings, self.raw_policy, self.index, self.today = settings, raw_policy, index, today

    @functools.cached_property
    def policy(self) -> LoadedPolicy:
        from incidentctl.policy.load import parse_policy

        return parse_policy(self.raw_policy, self.settings.policy_dir)

    @functools.cached_property
    def ctx(self) -> Context:
        from incidentctl.rules.context import Context

        return Context(self.policy.policy, self.index, self.settings, self.today)

    def policy_findings(self) -> list[Finding]:
        from incidentctl.rules.policy import check_policy_files

        loaded = self.policy
        return [*loaded.findings, *check_policy_files(loaded.files, loaded.policy)]


_WORKER: tuple[Path, Settings, Context] | None = None  # set before forking; inherited


def _assess(folders: list[str]) -> list[_Assessed]:
    from incidentctl.load.records import load_unit
    from incidentctl.rules.check import assess_unit, reference_findings

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
    cache: ValidateCache | None = None,
) -> CheckResult:
    """Validate the repository (or the targets). ``jobs=0`` picks serial or parallel by size."""
    global _WORKER
    sel = select(root, settings, targets)
    inv = discover(root, settings, None if sel.everything else sel.folders)
    raw_policy = read_policy_files(FsSource(root), settings.policy_dir)
    playbook_ids = frozenset(Path(p).stem for p in inv.playbooks)
    index = ArchiveIndex(frozenset(inv.folders), playbook_ids)
    cold = _Cold(settings, raw_policy, index, today or dt.date.today())
    if cache is not None:
        cache.bind(fingerprint(settings.to_json(), raw_policy))
    if cache is not None and cache.policy is not None:
        findings = list(cache.policy)
    else:
        findings = cold.policy_findings()
        if cache is not None:
            cache.store_policy(findings)
    files = len(raw_policy)
    folders = inv.folders if sel.everything else sorted(sel.folders)
    wanted = set(folders)
    findings += [f for f in inv.findings if sel.everything or _in_folders(f.path, settings, wanted)]
    misses: list[str] = []
    stamps: dict[str, Stamp] = {}
    for folder in folders:
        stamps[folder] = stamp(
            [f"{root}/{p}" for p in record_paths(settings.incidents_dir, folder)]
        )
        files += sum(s is not None for s in stamps[folder])
        report = _cached(cache, root, settings, folder, stamps[folder])
        if report is None:
            misses.append(folder)
        else:
            findings += report.findings + _resolve(report, root, settings, cold, folder)
    if misses:
        _WORKER = (root, settings, cold.ctx)
    try:
        for done in _run_assessments(misses, jobs, progress):
            findings += done.report.findings + done.ref_findings
            if cache is not None:
                cache.store(done.folder, stamps[done.folder], done.digest, done.report)
    finally:
        _WORKER = None
    playbooks = inv.playbooks if sel.everything else sorted(sel.playbooks)
    # what a playbook's findings depend on besides itself: the playbook ids and the day
    day_and_ids = digest(
        [cold.today.isoformat().encode(), *(i.encode() for i in sorted(playbook_ids))]
    )
    findings += _playbooks(root, playbooks, cold, cache, day_and_ids)
    files += len(playbooks)
    if cache is not None:
        cache.save(
            set(folders) if sel.everything else None, set(playbooks) if sel.everything else None
        )
    return CheckResult(sort_findings(findings), files)


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
    """Check a cached folder's references against today's index; parse again only if one fails."""
    if not unresolved(report.refs, cold.index, report.incident_id):
        return []
    from incidentctl.load.records import load_unit
    from incidentctl.rules.check import reference_findings

    unit, _ = load_unit(FsSource(root), settings, folder)
    return reference_findings(report, unit.incident, cold.ctx)


def _run_assessments(
    folders: list[str], jobs: int, progress: Progress | None
) -> Iterator[_Assessed]:
    workers = worker_count(jobs, len(folders), PARALLEL_FROM)
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
        with fork_pool(workers) as pool:
            for batch in pool.map(_assess, chunks):
                yield from batch
                if bar is not None:
                    bar.update(len(batch))


def _in_folders(path: str, settings: Settings, folders: set[str]) -> bool:
    rest = path.removeprefix(settings.incidents_dir + "/")
    return rest.split("/", 1)[0] in folders
