"""A small harness: time commands side by side, best of N, and print a table with ratios."""

from __future__ import annotations

import os
import platform
import resource
import statistics
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


def run(
    cmd: list[str], cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> bytes:
    proc = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, check=False, env=env)
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


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and every child it has waited for."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def paired(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each command, run in turns (ABC, BCA, CAB, ...).

    On a shared, noisy machine every command meets the same disturbances, so their ratios
    are fair; CPU time (with git and the workers) is what a loaded machine distorts least.
    """
    names = list(fns)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for r in range(repeat):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start, cpu = time.perf_counter(), cpu_seconds()
            fns[name]()
            times[name].append((time.perf_counter() - start, cpu_seconds() - cpu))
    return {
        name: (statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts))
        for name, ts in times.items()
    }


def _tree_rss_kb(root: int) -> int:
    """Memory of ``root`` and all its descendants now, in KB (from /proc; 0 elsewhere).

    Proportional set size (Pss) where the kernel gives it: a forked worker shares its
    parent's pages, and summing resident sizes would count those pages once per process.
    """
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in tree]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            total += next(
                int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
            )
        except (OSError, StopIteration, ValueError):
            try:
                pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            except (OSError, ValueError, IndexError):
                continue
            total += pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    return total


def tree_peak(
    cmd: list[str], cwd: Path, interval: float = 0.05, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Run ``cmd``: (seconds, peak memory in KB of its whole process tree, sampled; Pss)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(interval)
    return time.perf_counter() - start, peak
