"""A small harness: time commands side by side, best of N, and print a table with ratios."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(cmd: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    proc = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
    return proc.stdout


def incidentctl(*args: str) -> list[str]:
    return [str(VENV_BIN / "incidentctl"), *args]


def machine() -> str:
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def table(title: str, rows: list[tuple[str, float]], baseline: str) -> str:
    base = dict(rows)[baseline]
    width = max(len(name) for name, _ in rows)
    out = [f"\n{title}", f"{'':<{width}}  {'seconds':>9}  {'ratio':>7}"]
    out += [f"{name:<{width}}  {secs:>9.3f}  {secs / base:>6.2f}x" for name, secs in rows]
    out.append(f"(ratio to: {baseline}; {machine()})")
    return "\n".join(out)
