"""The benchmarks still run end to end (on tiny archives): `make bench` must not rot.

It asserts that a table and the ratio are printed, never a timing."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import bench_audit

pytestmark = pytest.mark.slow  # a quarter of the suite's time; make quick skips them


def test_the_audit_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench_audit.main(12)
    out = capsys.readouterr().out
    assert "audit over 72 commits (12 incidents)" in out
    assert "incidentctl audit / batch floor: " in out
    assert "least work of that audit, in one process" in out


def test_the_validate_benchmark_prints_its_tables(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_validate

    bench_validate.main(24)
    out = capsys.readouterr().out
    for title in ("1-2. validate of 24 incidents", "5. warm re-run", "6. start-up",
                  "7. peak memory", "3. a pull request in a 24-incident archive"):  # fmt: skip
        assert title in out


def test_the_loader_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_loader

    bench_loader.main(20)
    assert "the YAML loader on 20 records" in capsys.readouterr().out


def test_the_report_benchmark_prints_its_tables(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_report

    bench_report.main(16)
    out = capsys.readouterr().out
    assert "1. reports of 16 incidents vs validate" in out
    assert "report actions (cold, --jobs 1) / validate = " in out
    assert "2. report metrics: warm vs cold" in out


def test_the_scale_benchmark_prints_its_tables(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_scale

    bench_scale.main([12, 24], repeat=1)
    out = capsys.readouterr().out
    for title in ("validate incidents/ONE: medians of 1 paired runs", "transition ONE: medians",
                  "start-up, 12 incidents", "peak memory of validate --jobs 2 of 24 incidents",
                  "one pydantic model, validate it", "(new process, warm cache)"):  # fmt: skip
        assert title in out
