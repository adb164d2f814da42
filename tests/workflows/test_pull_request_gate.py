"""Play a pull request the way .github/workflows/incidents.yml does, without GitHub.

A bare "origin", a clone on a feature branch, `git fetch`, then every `run:` step of the gate
job, read out of the workflow file, in bash with GITHUB_ACTIONS=true and a job-summary file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from workflow_files import load

from conftest import ARCHIVE_PARTS, REPO

WORKFLOW = REPO / ".github/workflows/incidents.yml"
REC = "incidents/INC-2026-0013/incident.yaml"


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def gate_steps(event: str = "pull_request") -> list[tuple[str, str, dict[str, str]]]:
    """(name, script, env) of the gate job's run steps whose `if:` holds for ``event``."""
    job = load(WORKFLOW)["jobs"]["gate"]
    steps = []
    for step in job["steps"]:
        if "run" not in step or step["run"].startswith("python -m pip install"):
            continue  # the test's own venv already has incidentctl installed
        condition = step.get("if")
        if condition and condition != f"github.event_name == '{event}'":
            continue
        env = {
            k: str(v).replace("${{ github.base_ref }}", "main")
            for k, v in step.get("env", {}).items()
        }
        steps.append((step["name"], step["run"], env))
    return steps


def run_steps(clone: Path, summary: Path) -> list[tuple[str, int, str, str]]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    results = []
    for name, script, step_env in gate_steps():
        proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=clone, env={**env, **step_env},
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        results.append((name, proc.returncode, proc.stdout, proc.stderr))
    return results


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    seed = tmp_path / "seed"
    seed.mkdir()
    for part in ARCHIVE_PARTS:
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, seed / part)
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "the archive")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    return bare


def feature_clone(origin: Path, dest: Path) -> Path:
    git(origin.parent, "clone", "-q", f"file://{origin}", str(dest))
    git(dest, "checkout", "-q", "-b", "feature")
    return dest


def test_legal_then_illegal_change(origin: Path, tmp_path: Path) -> None:
    clone = feature_clone(origin, tmp_path / "clone")
    subprocess.run([sys.executable, "-m", "incidentctl", "transition", "INC-2026-0013", "--to", "investigating",
                    "--at", "2026-11-26T07:00:00Z", "--by", "ahmed.nasser"], cwd=clone, check=True,
                   capture_output=True)  # fmt: skip
    git(clone, "commit", "-q", "-am", "INC-2026-0013: investigating")
    git(clone, "fetch", "-q", "origin")
    summary = tmp_path / "summary.md"
    results = run_steps(clone, summary)
    assert [(name, code) for name, code, _, _ in results] == [
        ("Validate incidents, postmortems, playbooks and policy", 0),
        ("Check status changes and history against the base branch", 0),
        ("JSON Schemas are current", 0),
    ]
    assert results[1][2] == "ok: 1 file checked, no problems\n"
    assert summary.read_text() == (
        "## incidentctl check: passed\n\n1 incident touched; 0 errors, 0 warnings.\n\n"
        "| incident | state | severity | changed |\n|---|---|---|---|\n"
        "| `INC-2026-0013` Slow logins in the mobile app | detected → investigating | SEV3 | `status`, `timeline` |\n"
    )
    text = (clone / REC).read_text()
    (clone / REC).write_text(
        text.replace("mobile-login-latency-p95-high (2.4 s).", "latency alert.")
    )
    git(clone, "commit", "-q", "-am", "tidy the alert text")
    summary.unlink()
    results = run_steps(clone, summary)
    assert [(name, code) for name, code, _, _ in results] == [
        ("Validate incidents, postmortems, playbooks and policy", 0),
        ("Check status changes and history against the base branch", 1),
        ("JSON Schemas are current", 0),
    ]
    assert results[1][2].splitlines() == [
        (
            f"::error file={REC},line=17,col=1,title=history.timeline-rewritten::timeline[0] of the"
            " base version (its line 18) was removed or altered; the timeline is append-only: restore"
            " it and add a new entry instead"
        ),
        "failed: 1 file checked, 1 error, 0 warnings",
    ]
    assert "## incidentctl check: failed" in summary.read_text()


def test_a_shallow_clone_gets_a_clear_error(origin: Path, tmp_path: Path) -> None:
    work = feature_clone(origin, tmp_path / "work")
    git(work, "commit", "-q", "--allow-empty", "-m", "one")
    git(work, "commit", "-q", "--allow-empty", "-m", "two")
    git(work, "push", "-q", "origin", "feature")
    shallow = tmp_path / "shallow"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "feature",
        f"file://{origin}",
        str(shallow),
    )
    git(shallow, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    results = run_steps(shallow, tmp_path / "summary.md")
    name, code, out, err = results[1]
    assert (name, code, out) == ("Check status changes and history against the base branch", 2, "")
    assert "this clone is shallow" in err
    assert "fetch-depth: 0" in err
