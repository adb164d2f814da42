"""Every report runs on every real public source translated under tests/data/real (#13, #14).

Real records lack what the tool would otherwise demand (an action item's type, an owner, a
due date) and know some times only roughly: each report must still answer, in every format,
and the metrics must say which inputs were approximate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CliRunner

REAL = sorted(Path(__file__).parent.parent.joinpath("data/real").glob("*/repo"))


@pytest.mark.parametrize("repo", REAL, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("kind", ["actions", "metrics", "compliance"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "csv"])
def test_each_report_answers_on_each_real_source(
    cli: CliRunner, repo: Path, kind: str, fmt: str
) -> None:
    run = cli(
        "report", kind, "--repo", repo, "--no-cache", "--as-of", "2026-12-02", "--format", fmt
    )
    assert (run.code, run.err) == (0, "")


def test_metrics_name_the_incident_measured_from_approximate_times(cli: CliRunner) -> None:
    repo = next(p for p in REAL if p.parent.name == "gitlab-2017-01-31")
    run = cli("report", "metrics", "--repo", repo, "--no-cache", "--as-of", "2026-12-02")
    assert run.code == 0
    assert "Approximate inputs" in run.out
    assert "INC-2017-0131" in run.out.split("Approximate inputs", 1)[1]
