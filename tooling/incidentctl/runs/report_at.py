"""``report --at REV``: the archive exactly as committed at a revision, from git objects only.

Settings, policy, records and playbooks all come from the commit's tree; the working tree is
never read, so a report of a tag is the same on every checkout. No cache: blobs are read once.
"""

from __future__ import annotations

from pathlib import Path

from incidentctl.load.discovery import FOLDER_ID
from incidentctl.policy.files import read_policy_files
from incidentctl.report.policy import ReportPolicy
from incidentctl.runs.report import (
    Archive,
    decoded,
    read_folder,
    read_playbooks,
    report_policy,
    report_zone,
    take,
)


def read_at(root: Path, rev: str, *, playbooks: bool = False) -> Archive:
    """The archive exactly as committed at ``rev``: git objects only, never the working tree."""
    from incidentctl.history.git import open_repo
    from incidentctl.load.discovery import is_playbook_path
    from incidentctl.runs.judges import settings_at

    with open_repo(root) as repo:
        sha = repo.resolve(rev)
        settings = settings_at(repo, sha, rev)
        dirs = [settings.incidents_dir, settings.playbooks_dir, settings.policy_dir]
        source = repo.source(sha, dirs)
        policy = report_policy(read_policy_files(source, settings.policy_dir), settings)
        archive = Archive(ReportPolicy.of(policy), settings, report_zone(settings), revision=sha)
        for folder in source.listdir(settings.incidents_dir):
            if FOLDER_ID.match(folder):
                take(archive, decoded(read_folder(source, settings, policy, folder)))
        prefix = settings.playbooks_dir + "/"
        paths = sorted(p for p in source.entries if is_playbook_path(p, settings.playbooks_dir))
        if playbooks:
            read_playbooks(source, [p for p in paths if p.startswith(prefix)], archive)
    archive.facts.sort(key=lambda f: f.id)
    archive.left_out.sort(key=lambda x: x.path)
    return archive
