"""``report``: read the archive (the working tree, or a commit's objects) into report facts.

Only records that parse and validate against the schema are reported; a folder with a file
that does not (the record or its postmortem) is left out whole, and ``Archive.left_out`` says
which and why (the first problem, as ``validate`` prints it). Rule findings such as a missing
owner do not leave a record out: they are what ``report compliance`` is for.

The working tree is read through the warm cache (``report_cache``), large archives in worker
processes; ``report_at`` reads a revision's objects instead, ``report_templates`` the
repository's own templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentctl.config import Settings
from incidentctl.errors import ConfigError
from incidentctl.findings import sort_findings
from incidentctl.load.discovery import discover
from incidentctl.load.documents import record_paths
from incidentctl.load.sources import FsSource, RecordingSource, Source
from incidentctl.policy.files import read_policy_files
from incidentctl.report.compliance import PlaybookFacts
from incidentctl.report.facts import IncidentFacts
from incidentctl.report.policy import ReportPolicy
from incidentctl.runs.cache import digest, fingerprint, stamp
from incidentctl.runs.parallel import fork_map, worker_count
from incidentctl.runs.report_cache import ReportCache

if TYPE_CHECKING:
    from incidentctl.policy.value import Policy

PARALLEL_FROM = 2000


@dataclass(frozen=True)
class LeftOut:
    path: str
    reason: str


@dataclass
class Archive:
    """The archive as the reports see it: facts, playbooks, and what was left out."""

    rules: ReportPolicy
    settings: Settings
    tz: dt.tzinfo
    facts: list[IncidentFacts] = field(default_factory=list)
    playbooks: list[PlaybookFacts] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    revision: str | None = None


def report_policy(raw: dict[str, bytes], settings: Settings) -> Policy:
    from incidentctl.policy.load import parse_policy

    loaded = parse_policy(raw, settings.policy_dir)
    if loaded.findings:
        first = loaded.findings[0]
        raise ConfigError(f"{first} (fix the policy files first: incidentctl validate)")
    return loaded.policy


def report_zone(settings: Settings) -> dt.tzinfo:
    from incidentctl.report.calendar import zone

    try:
        return zone(settings.display_timezone)
    except ValueError as exc:
        raise ConfigError(f"pyproject.toml: [tool.incidentctl] display_timezone: {exc}") from None


def read_folder(source: Source, settings: Settings, policy: Policy, folder: str) -> dict[str, Any]:
    """One folder read and parsed: ``{"facts": row}``, or ``{"left": [path, reason]}``."""
    from incidentctl.load.records import load_unit
    from incidentctl.report.facts import facts_of

    unit, found = load_unit(source, settings, folder)
    if found or unit.incident is None:
        first = sort_findings(found)[0] if found else None
        reason = str(first) if first else f"{unit.incident_path}: no incident.yaml"
        return {"left": [unit.incident_path, reason]}
    pm = unit.postmortem.model if unit.postmortem else None
    return {"facts": facts_of(unit.incident.model, pm, policy).to_row()}


def read_playbooks(source: Source, paths: list[str], archive: Archive) -> None:
    from incidentctl.load.records import load_playbook

    for path in paths:
        doc, found = load_playbook(source, path)
        if doc is None or found:
            reason = str(sort_findings(found)[0]) if found else f"{path}: cannot be read"
            archive.left_out.append(LeftOut(path, reason))
            continue
        pb = doc.model
        archive.playbooks.append(
            PlaybookFacts(doc.stem, pb.status.value, pb.last_reviewed, pb.review_interval_days)
        )


def decoded(value: dict[str, Any]) -> IncidentFacts | LeftOut:
    if "facts" in value:
        return IncidentFacts.from_row(value["facts"])  # a list: see report.rows
    path, reason = value["left"]
    if not isinstance(path, str) or not isinstance(reason, str):
        raise TypeError("a malformed left-out entry")
    return LeftOut(path, reason)


def take(archive: Archive, value: IncidentFacts | LeftOut) -> None:
    if isinstance(value, IncidentFacts):
        archive.facts.append(value)
    else:
        archive.left_out.append(value)


@dataclass(frozen=True)
class _Worker:
    root: Path
    settings: Settings
    policy: Policy


def _parse(worker: _Worker, folders: list[str]) -> list[tuple[str, dict[str, Any], str]]:
    out = []
    for folder in folders:
        source = RecordingSource(worker.root)
        value = read_folder(source, worker.settings, worker.policy, folder)
        paths = record_paths(worker.settings.incidents_dir, folder)
        out.append((folder, value, digest([source.seen.get(p) for p in paths])))
    return out


class _Policy:
    """The policy, parsed only when something is not cached (then a warm run never does)."""

    def __init__(self, raw: dict[str, bytes], settings: Settings) -> None:
        self.raw, self.settings = raw, settings
        self._parsed: Policy | None = None

    def get(self) -> Policy:
        if self._parsed is None:
            self._parsed = report_policy(self.raw, self.settings)
        return self._parsed


def read_worktree(
    root: Path,
    settings: Settings,
    *,
    use_cache: bool = True,
    jobs: int = 0,
    playbooks: bool = False,
) -> Archive:
    """The working tree's archive, through the warm cache unless ``use_cache`` is false.

    Playbooks are read only when asked for (``report compliance`` is their one reader).
    """
    inv = discover(root, settings, only=set())
    raw_policy = read_policy_files(FsSource(root), settings.policy_dir)
    lazy = _Policy(raw_policy, settings)
    cache = (
        ReportCache.open(root, fingerprint(settings.to_json(), raw_policy)) if use_cache else None
    )
    rules = _cached_rules(cache)
    if rules is None:
        rules = ReportPolicy.of(lazy.get())
        if cache is not None:
            cache.store_policy(rules.to_row())
    archive = Archive(rules, settings, report_zone(settings))
    misses: list[str] = []
    stamps = {}
    for folder in inv.folders:
        paths = [f"{root}/{p}" for p in record_paths(settings.incidents_dir, folder)]
        stamps[folder] = current = stamp(paths)
        hit = _cached(cache, root, settings, folder, current)
        if hit is None:
            misses.append(folder)
        else:
            take(archive, hit)
    if misses:
        _parse_misses(archive, _Worker(root, settings, lazy.get()), misses, stamps, cache, jobs)
    if cache is not None:
        cache.save(set(inv.folders))
    if playbooks:
        read_playbooks(FsSource(root), inv.playbooks, archive)
    archive.facts.sort(key=lambda f: f.id)
    archive.left_out.sort(key=lambda x: x.path)
    return archive


def _cached_rules(cache: ReportCache | None) -> ReportPolicy | None:
    if cache is None or cache.policy is None:
        return None
    try:
        return ReportPolicy.from_row(cache.policy)
    except (TypeError, ValueError):
        return None


def _parse_misses(
    archive: Archive,
    worker: _Worker,
    misses: list[str],
    stamps: dict[str, Any],
    cache: ReportCache | None,
    jobs: int,
) -> None:
    workers = worker_count(jobs, len(misses), PARALLEL_FROM)
    if workers <= 1 or len(misses) < 2:
        batches = [_parse(worker, misses)]
    else:
        size = max(1, min(200, len(misses) // (workers * 4)))
        chunks = [misses[i : i + size] for i in range(0, len(misses), size)]
        batches = list(fork_map(_parse, worker, chunks, workers))
    for batch in batches:
        for folder, value, content in batch:
            take(archive, decoded(value))
            if cache is not None:
                cache.store(folder, stamps[folder], content, value)


def _cached(
    cache: ReportCache | None, root: Path, settings: Settings, folder: str, current: Any
) -> IncidentFacts | LeftOut | None:
    """The folder's cached facts (or why it was left out); None on a miss or a damaged entry."""
    if cache is None:
        return None
    hit = cache.by_stamp(folder, current)
    if hit is None and cache.known(folder):
        try:
            contents = [
                FsSource(root).read(p) for p in record_paths(settings.incidents_dir, folder)
            ]
        except OSError:
            return None
        hit = cache.by_digest(folder, current, digest(contents))
    if hit is None:
        return None
    try:
        return decoded(hit)
    except (KeyError, TypeError, ValueError):
        return None  # a damaged entry is a miss, never an error
