"""audit finishes on a generated history of 5,000 commits and finds the one bad commit in it.

(No timing is asserted: benchmarks/bench_audit.py prints the figures.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import REPO, GitRepo
from incidentctl.config import Settings
from incidentctl.runs.audit import run_audit

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import build

pytestmark = pytest.mark.slow  # about 9 s; make quick skips it


def test_audit_replays_5000_commits_and_names_the_bad_one(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    assert build(root, 834, history=True) == 5004
    repo = GitRepo.__new__(GitRepo)
    repo.path = root
    rec = root / "incidents/INC-2025-0417/incident.yaml"
    rec.write_text(rec.read_text().replace("severity: SEV3", "severity: SEV4"))
    bad = repo.commit("quietly lower a severity")
    result = run_audit(root, Settings())
    assert result.commits == 5005
    # every synthetic incident is closed by then: the edit is also one to a frozen record
    assert sorted((r.commit, r.finding.rule_id, r.finding.path) for r in result.refusals) == [
        (bad, "history.frozen", "incidents/INC-2025-0417/incident.yaml"),
        (bad, "history.severity-unrecorded", "incidents/INC-2025-0417/incident.yaml"),
    ]
