"""``report backlog``: the open action items at the end of each week, read from git history.

One first-parent ``git log`` of the incidents folder (the walk ``audit`` uses) gives, commit
by commit, which blob each ``incident.yaml`` was; at each week's end (the end of Sunday in
the configured zone, by committer date) the records as committed by then are counted. Each
distinct blob is parsed once; one that does not validate is left out of that week (and named
once in ``left_out``). The policy is the one at the revision reported on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.load.discovery import FOLDER_ID
from incidentctl.load.documents import INCIDENT_FILE
from incidentctl.report.backlog import BacklogReport, backlog_report, week_ends
from incidentctl.report.facts import IncidentFacts
from incidentctl.report.policy import ReportPolicy
from incidentctl.runs.report import Archive, LeftOut, report_policy, report_zone


def _record_folder(path: str, incidents_dir: str) -> str | None:
    parts = path.split("/")
    base = incidents_dir.split("/")
    if len(parts) != len(base) + 2 or parts[: len(base)] != base or parts[-1] != INCIDENT_FILE:
        return None
    return parts[-2] if FOLDER_ID.match(parts[-2]) else None


def run_backlog(
    root: Path, rev: str, as_of: dt.date | None, months: int, teams: tuple[str, ...]
) -> tuple[BacklogReport, Archive]:
    from incidentctl.history.git import open_repo
    from incidentctl.load.records import parse_yaml
    from incidentctl.models.incident import Incident
    from incidentctl.policy.files import read_policy_files
    from incidentctl.report.facts import facts_of
    from incidentctl.runs.judges import settings_at

    with open_repo(root) as repo:
        sha = repo.resolve(rev)
        settings = settings_at(repo, sha, rev)
        policy_source = repo.source(sha, [settings.policy_dir])
        policy = report_policy(read_policy_files(policy_source, settings.policy_dir), settings)
        archive = Archive(ReportPolicy.of(policy), settings, report_zone(settings), revision=sha)
        day = as_of or dt.datetime.now(archive.tz).date()
        ends = week_ends(day, months)
        bounds = [
            dt.datetime.combine(d + dt.timedelta(days=1), dt.time(), archive.tz) for d in ends
        ]
        blobs: dict[str, tuple[str, str]] = {}  # folder -> (path, blob id)
        snapshots: list[dict[str, tuple[str, str]]] = []
        commits = repo.log(sha, None, [settings.incidents_dir])
        pending = next(commits, None)
        for bound in bounds:
            while pending is not None and dt.datetime.fromisoformat(pending.committed_at) < bound:
                for change in pending.changes:
                    _apply(blobs, change.path, change.change, change.old_path, change.new_blob,
                           settings.incidents_dir)  # fmt: skip
                pending = next(commits, None)
            snapshots.append(dict(blobs))
        parsed: dict[str, IncidentFacts | None] = {}
        for snap in snapshots:
            for path, blob in snap.values():
                if blob in parsed:
                    continue
                raw = repo.blob(blob)
                _loaded, model, found = parse_yaml(raw, path, Incident, settings.model_context())
                parsed[blob] = None if model is None else facts_of(model, None, policy)
                if model is None and found:
                    archive.left_out.append(LeftOut(path, str(found[0])))
    weeks = [
        (d, [_only(f, teams) for _, b in snap.values() if (f := parsed[b]) is not None])
        for d, snap in zip(ends, snapshots, strict=True)
    ]
    archive.left_out = sorted(set(archive.left_out), key=lambda x: (x.path, x.reason))
    return backlog_report(day, weeks, archive.tz), archive


def _apply(
    blobs: dict[str, tuple[str, str]],
    path: str,
    change: str,
    old_path: str | None,
    new_blob: str | None,
    incidents_dir: str,
) -> None:
    if old_path is not None and change == "R":
        old = _record_folder(old_path, incidents_dir)
        if old is not None:
            blobs.pop(old, None)
    folder = _record_folder(path, incidents_dir)
    if folder is None:
        return
    if change == "D" or new_blob is None:
        blobs.pop(folder, None)
    else:
        blobs[folder] = (path, new_blob)


def _only(f: IncidentFacts, teams: tuple[str, ...]) -> IncidentFacts:
    """The record with only the named teams' items (all when none are named)."""
    if not teams:
        return f
    from dataclasses import replace

    return replace(f, actions=tuple(a for a in f.actions if (a.team or "") in teams))
