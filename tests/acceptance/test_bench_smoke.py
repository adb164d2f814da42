"""The audit benchmark still runs end to end (on a tiny history): `make bench` must not rot.

It asserts that a table and the ratio are printed, never a timing."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import bench_audit


def test_the_audit_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench_audit.main(12)
    out = capsys.readouterr().out
    assert "audit over 72 commits (12 incidents)" in out
    assert "incidentctl audit / batch floor: " in out
