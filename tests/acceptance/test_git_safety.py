"""Git never runs a command that the repository's config or attributes name (#12).

A hostile repository sets a clean filter on every file, ``core.fsmonitor`` and a hooks folder,
each of which would leave a marker file if run. ``check`` (with its uncommitted-changes test)
and ``audit`` must leave no marker, and still tell a changed working tree from a clean one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, GitRepo

BASE = (
    REPO / "tests/data/valid/minimal-investigating/repo/incidents/INC-2026-0001/incident.yaml"
).read_text()
REC = "incidents/INC-2026-0001/incident.yaml"
NOTE = "incidentctl: note: uncommitted changes are not checked; commit them first\n"


def hostile(repo: GitRepo, markers: Path) -> None:
    """Arm every hook git could run on its own: each one writes a marker file."""
    markers.mkdir()
    hooks = repo.path / ".git" / "evil-hooks"
    hooks.mkdir()
    for name in ("pre-commit", "post-checkout", "post-index-change", "reference-transaction"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\ntouch {markers}/hook-{name}\n")
        hook.chmod(0o755)
    monitor = repo.path / ".git" / "fsmonitor.sh"
    monitor.write_text(f"#!/bin/sh\ntouch {markers}/fsmonitor\n")
    monitor.chmod(0o755)
    repo.git("config", "core.hooksPath", str(hooks))
    repo.git("config", "core.fsmonitor", str(monitor))
    repo.git("config", "filter.evil.clean", f"sh -c 'touch {markers}/clean; cat'")
    repo.git("config", "filter.evil.smudge", "cat")
    (repo.path / ".git" / "info").mkdir(exist_ok=True)
    (repo.path / ".git" / "info" / "attributes").write_text("* filter=evil\n")


def run(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "incidentctl", *args, "--repo", str(repo.path)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


@pytest.mark.parametrize("edited", [False, True], ids=["clean-tree", "edited-tree"])
def test_no_filter_fsmonitor_or_hook_runs(git_repo: GitRepo, tmp_path: Path, edited: bool) -> None:
    git_repo.commit("base", {REC: BASE})
    markers = tmp_path / "markers"
    hostile(git_repo, markers)
    record = git_repo.path / REC
    if edited:
        record.write_text(BASE.replace("title:", "title: Edited", 1))
    else:  # same bytes, new mtime: git would re-read the file through the clean filter
        os.utime(record, ns=(1, 1))
    checked = run(git_repo, "check", "--base", "main")
    # an edit only in the working tree: nothing committed to check (exit 2), and said so
    assert (checked.returncode, checked.stderr) == ((2, NOTE) if edited else (0, ""))
    audited = run(git_repo, "audit")
    assert audited.returncode == 0, audited.stderr
    assert sorted(p.name for p in markers.iterdir()) == []


def test_an_untracked_record_is_an_uncommitted_change(git_repo: GitRepo) -> None:
    git_repo.commit("base", {REC: BASE})
    (git_repo.path / "incidents/INC-2026-0002").mkdir()
    (git_repo.path / "incidents/INC-2026-0002/incident.yaml").write_text(BASE)
    assert run(git_repo, "check", "--base", "main").stderr == NOTE


def test_a_record_replaced_by_a_symlink_is_not_followed(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.commit("base", {REC: BASE})
    outside = tmp_path / "outside.yaml"
    outside.write_text(BASE)  # the same bytes: following the link would call the tree clean
    record = git_repo.path / REC
    record.unlink()
    record.symlink_to(outside)
    assert run(git_repo, "check", "--base", "main").stderr == NOTE


def test_changes_outside_the_archive_are_not_uncommitted_records(git_repo: GitRepo) -> None:
    git_repo.commit("base", {REC: BASE, "README.md": "hello\n"})
    (git_repo.path / "README.md").write_text("changed\n")
    assert run(git_repo, "check", "--base", "main").stderr == ""


def test_a_same_size_edit_after_the_index_was_written_is_uncommitted(git_repo: GitRepo) -> None:
    """The stat fast path (#17): an unchanged stat skips hashing, any changed field does not."""
    git_repo.commit("base", {REC: BASE})
    record = git_repo.path / REC
    old = record.stat().st_mtime_ns - 100 * 10**9
    os.utime(record, ns=(old, old))
    git_repo.git("update-index", "--refresh")  # the index records this stat, 100 s before it
    assert run(git_repo, "check", "--base", "main").stderr == ""
    record.write_text(BASE.replace("SEV2", "SEV3"))  # same size, and the same mtime again
    os.utime(record, ns=(old, old))
    assert run(git_repo, "check", "--base", "main").stderr == NOTE
