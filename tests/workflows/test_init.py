"""incidentctl init: the new repository validates, builds its site, passes actionlint and
zizmor, and its first incident works; the composite action passes zizmor too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_workflow_hardening import actionlint, zizmor

from conftest import REPO, GitRepo, run_subprocess

PIN = "my-org/incidentctl@3f2c4e1d9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d"


def test_init_output_validates_builds_and_lints(tmp_path: Path) -> None:
    target = tmp_path / "incidents-repo"
    run = run_subprocess("init", target, "--action", PIN)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[0] == f"{target}: 41 files written"
    workflow = target / ".github/workflows/incidents.yml"
    assert f"      - uses: {PIN}\n" in workflow.read_text()
    assert run_subprocess("validate", "--repo", target).out == "ok: 13 files checked, no problems\n"
    assert run_subprocess("schema", "export", "--check", "--repo", target).code == 0
    site = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir",
         str(tmp_path / "site")],
        cwd=target, capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert site.returncode == 0, site.stderr
    assert (tmp_path / "site/responders.html").is_file()
    lint = actionlint(workflow)
    assert (lint.returncode, lint.stdout) == (0, "")
    found = zizmor(target / ".github/workflows")
    assert found.returncode == 0, found.stdout + found.stderr


def test_the_first_incident_in_a_new_repository(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert run_subprocess("init", target).code == 0
    fresh = GitRepo(target)  # git init in the scaffold
    fresh.commit("incidentctl init")
    run = run_subprocess("new", "--title", "Checkout returns 502s", "--severity", "SEV2",
                         "--by", "alice", "--at", "2026-03-02T09:00:00Z", "--repo", target)  # fmt: skip
    assert run.code == 0, run.err
    fresh.commit("open")
    assert run_subprocess("check", "--base", "HEAD~1", "--repo", target).code == 0


def test_init_writes_only_into_a_new_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    run = run_subprocess("init", tmp_path)
    assert (run.code, run.err) == (
        2, f"incidentctl: error: {tmp_path}: not an empty folder; init writes only into a new one\n"
    )  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_the_composite_action_passes_zizmor() -> None:
    found = zizmor(REPO / "action.yml")
    assert found.returncode == 0, found.stdout + found.stderr
