"""The codebase stays ruff- and mypy-clean: the same checks as `make lint typecheck`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

CHECKS = {
    "ruff-check": ["ruff", "check", "tooling", "tests", "benchmarks"],
    "ruff-format": ["ruff", "format", "--check", "tooling", "tests", "benchmarks"],
    "mypy": ["mypy"],
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_static_checks_pass(name: str) -> None:
    cmd = [sys.executable, "-m", *CHECKS[name]]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
