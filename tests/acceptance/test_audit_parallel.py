"""audit in worker processes reports exactly what the single-process replay reports.

The history mixes what makes a parallel replay hard: references to an incident that exists
only later, a folder renamed and one deleted, a policy change half-way (later commits are
judged by the new policy), and a playbook that names a playbook that appears later.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, GitRepo, run_subprocess
from incidentctl.config import Settings
from incidentctl.history import git as gitmod
from incidentctl.runs import replay as replay_module
from incidentctl.runs.audit import AuditResult, run_audit

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import build

PLAYBOOK = """---
id: {id}
title: A playbook
status: active
owner: team-edge
applies_to:
  types: [outage]
related: [{related}]
last_reviewed: 2026-10-02
review_interval_days: 120
---
# A playbook
"""
CATALOG = """schema_version: 1
services:
  - id: payments
    name: Payments
    owner: team-payments
    tier: 1
"""


def _record(root: Path, i: int) -> str:
    return (root / f"incidents/INC-2025-{i:04d}/incident.yaml").read_text()


def _as(text: str, old: int, new: int) -> str:
    return text.replace(f"INC-2025-{old:04d}", f"INC-2025-{new:04d}")


def _service(text: str, service: str) -> str:
    return re.sub(r"(?m)^services: \[\w+\]$", f"services: [{service}]", text)


def _relate(text: str, target: str) -> str:
    return text.replace("action_items:", f"relations:\n  related: [{target}]\naction_items:", 1)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("parallel") / "archive"
    build(root, 40, history=True)  # 240 commits, 40 folders
    repo = GitRepo.__new__(GitRepo)
    repo.path = root
    marks = {
        "forward-ref": repo.commit(
            "an incident that names one not filed yet",
            {
                "incidents/INC-2025-0050/incident.yaml": _relate(
                    _as(_record(root, 1), 1, 50), "INC-2025-0060"
                )
            },
        ),
        "target-filed": repo.commit(
            "the incident it names",
            {"incidents/INC-2025-0060/incident.yaml": _as(_record(root, 2), 2, 60)},
        ),
        "playbook": repo.commit(
            "a playbook naming one that comes later",
            {"docs/playbooks/alpha.md": PLAYBOOK.format(id="alpha", related="beta")},
        ),
    }
    repo.git("mv", "incidents/INC-2025-0003", "incidents/INC-2025-0070")
    marks["moved"] = repo.commit("renumber an incident")
    marks["deleted"] = repo.commit(
        "drop an incident", {"incidents/INC-2025-0004/incident.yaml": None}
    )
    marks["before-policy"] = repo.commit(
        "services before there is a catalog",
        {
            "incidents/INC-2025-0005/incident.yaml": _service(_record(root, 5), "payments"),
            "incidents/INC-2025-0006/incident.yaml": _service(_record(root, 6), "storage"),
        },
    )
    marks["policy"] = repo.commit("a service catalog", {"schemas/services.yaml": CATALOG})
    marks["after-policy"] = repo.commit(
        "a service the new catalog lacks",
        {"incidents/INC-2025-0005/incident.yaml": _service(_record(root, 5), "storage")},
    )
    marks["playbook-later"] = repo.commit(
        "the second playbook",
        {"docs/playbooks/beta.md": PLAYBOOK.format(id="beta", related="alpha")},
    )
    return root, marks


def _lines(result: AuditResult) -> list[str]:
    return [f"{r.commit[:12]} {r.author} {r.finding}" for r in result.refusals]


def test_workers_report_exactly_what_one_process_reports(
    history: tuple[Path, dict[str, str]],
) -> None:
    root, _ = history
    serial, parallel = run_audit(root, Settings(), jobs=1), run_audit(root, Settings(), jobs=2)
    assert serial.commits == parallel.commits == 249
    assert _lines(parallel) == _lines(serial)


def test_each_finding_is_reported_at_the_commit_that_introduced_it(
    history: tuple[Path, dict[str, str]],
) -> None:
    root, marks = history
    by_commit: dict[str, set[str]] = {}
    for r in run_audit(root, Settings(), jobs=2).refusals:
        by_commit.setdefault(r.commit, set()).add(r.finding.rule_id)
    assert "ref.unknown-incident" in by_commit[marks["forward-ref"]]
    assert (
        marks["target-filed"] not in by_commit
        or "ref.unknown-incident" not in by_commit[marks["target-filed"]]
    )
    assert "ref.unknown-playbook" in by_commit[marks["playbook"]]
    assert "history.incident-deleted" in by_commit[marks["moved"]]
    assert "history.incident-deleted" in by_commit[marks["deleted"]]
    # the catalog applies from its commit on, not before
    assert "ref.unknown-service" not in by_commit[marks["before-policy"]]
    assert "ref.unknown-service" in by_commit[marks["after-policy"]]
    assert marks["playbook-later"] not in by_commit


def test_cli_jobs_option_gives_the_same_report(history: tuple[Path, dict[str, str]]) -> None:
    root, _ = history
    one = run_subprocess("audit", "--jobs", "1", "--format", "json", cwd=root)
    two = run_subprocess("audit", "--jobs", "2", "--format", "json", cwd=root)
    assert one.code == two.code == 1
    assert one.out == two.out


def test_read_ahead_in_small_groups_changes_nothing_and_stays_small(
    history: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blobs are read ahead a group of folders at a time (memory), with the same answer."""
    root, _ = history
    whole = _lines(run_audit(root, Settings(), jobs=1, use_cache=False))
    batches: list[int] = []
    prefetch = gitmod.GitRepo.prefetch

    def counted(self: gitmod.GitRepo, shas: Iterable[str]) -> None:
        wanted = set(shas)
        batches.append(len(wanted))
        prefetch(self, wanted)

    monkeypatch.setattr(gitmod.GitRepo, "prefetch", counted)
    monkeypatch.setattr(replay_module, "PREFETCH_STEPS", 5)
    assert _lines(run_audit(root, Settings(), jobs=1, use_cache=False)) == whole
    # 40-odd folders of about 6 steps: one group per folder, never the whole history at once
    assert len(batches) > 30
    assert max(batches) <= 2 * 12  # a group: at most two folders' versions (12 steps, 2 files)


def test_a_worker_reads_its_share_not_the_plan_it_inherited(
    history: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory: what a forked worker reads of the parent's objects is copied into it.

    The workers here run in this process, on a plan stripped of its steps and commits: a
    worker that read either would fail. The shares they get are bytes (pickled before the
    fork), and the parent has let go of the steps by the time they run.
    """
    root, _ = history
    whole = _lines(run_audit(root, Settings(), jobs=1, use_cache=False))
    shares: list[object] = []

    def in_process(fn: Any, job: Any, chunks: list[bytes], workers: int, setup: Any) -> Any:
        assert job.plan.steps == {}  # the parent let go of them before the fork
        stripped = dataclasses.replace(job, plan=dataclasses.replace(job.plan, commits=[]))
        state = setup(stripped)
        for chunk in chunks:
            shares.append(chunk)
            yield fn(state, chunk)

    monkeypatch.setattr(replay_module, "fork_map", in_process)
    assert _lines(run_audit(root, Settings(), jobs=2, use_cache=False)) == whole
    assert len(shares) > 1
    assert all(isinstance(s, bytes) for s in shares)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_progress_counts_every_step_once(
    history: tuple[Path, dict[str, str]], jobs: int
) -> None:
    root, _ = history
    totals: list[int] = []
    ticks: list[int] = []

    def progress(total: int) -> Any:
        totals.append(total)
        return ticks.append

    run_audit(root, Settings(), jobs=jobs, use_cache=False, progress=progress)
    assert len(totals) == 1
    assert sum(ticks) == totals[0] > 200  # 40-odd folders of about 6 steps each
    assert len(ticks) > 1 if jobs == 2 else len(ticks) == 1
