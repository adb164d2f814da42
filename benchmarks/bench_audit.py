"""audit over generated histories of 6,000 and 60,000 commits (1,000 and 10,000 incidents x 6
status changes), side by side with `git log --name-status` and the batch floor: one
`git log --raw`, one `git cat-file --batch` for every changed version, and a CSafeLoader parse
of each. Then a repeated audit after one new commit (the audit cache), and peak memory of the
whole process tree (git included). Timings are medians of paired runs taken in turns.

`BENCH_AUDIT_SIZES=1000,10000` picks the sizes (incidents); `BENCH_BEFORE=<path to a tooling/
folder>` adds that version of incidentctl to every comparison (the "before" of a change);
`BENCH_KEEP=<folder>` keeps the built histories there for the next run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from harness import cpu_seconds, incidentctl, machine, paired, run, tree_peak
from synthetic import build

FLOOR = "batch floor (log --raw + cat-file --batch + CSafeLoader)"
# What any audit of one new commit must do in-process: parse the policy, and validate the
# changed record's two versions through the models (no git, no cache, no CLI around it).
LEAST = """
import sys
from collections.abc import Callable
from pathlib import Path
from incidentctl.load.records import parse_yaml
from incidentctl.models.incident import Incident
from incidentctl.policy.load import load_policy
root, path = Path(sys.argv[1]), "incidents/INC-2025-0001/incident.yaml"
load_policy(root, "schemas")
raw = (root / path).read_bytes()
for version in (raw, raw.replace(b"tags: [synthetic]", b"tags: [synthetic, x]")):
    parse_yaml(version, path, Incident)
"""


def batch_floor(repo: Path) -> int:
    raw = run(
        ["git", "log", "--first-parent", "--reverse", "-z", "--raw", "--no-abbrev", "--format=%H"],
        repo,
    )
    tokens = (tok.lstrip("\n") for tok in raw.decode().split("\0"))
    blobs = [tok.split()[3] for tok in tokens if tok.startswith(":")]
    wanted = [b for b in blobs if not b.startswith("0000000")]
    out = run(
        ["git", "cat-file", "--batch"], repo, stdin="".join(f"{b}\n" for b in wanted).encode()
    )
    pos = parsed = 0
    while pos < len(out):
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        yaml.load(out[header_end + 1 : header_end + 1 + size], Loader=yaml.CSafeLoader)
        pos = header_end + 1 + size + 1
        parsed += 1
    return parsed


def _env(before: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if before:
        env["PYTHONPATH"] = before
    return env


class Audits:
    """Runs of ``audit`` in one repository; remembers each one's peak memory."""

    def __init__(self, repo: Path, cache: Path) -> None:
        self.repo, self.cache = repo, cache
        self.peaks: dict[str, int] = {}

    def timed(self, label: str, args: list[str], before: str | None = None) -> float:
        env = {**_env(before), "XDG_CACHE_HOME": str(self.cache)}
        secs, peak = tree_peak(incidentctl("audit", *args), self.repo, interval=0.2, env=env)
        self.peaks[label] = max(self.peaks.get(label, 0), peak)
        return secs


def one_size(incidents: int, tmp: Path, before: str | None, repeat: int) -> dict[str, float]:
    keep = os.environ.get("BENCH_KEEP")  # a folder where built histories are kept for next time
    repo = Path(keep or tmp) / f"archive-{incidents}"
    if keep and (repo / ".git").is_dir():
        subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=repo, check=True)
        commits = int(run(["git", "rev-list", "--count", "main"], repo).decode())
    else:
        commits = build(repo, incidents, history=True)
    audits = Audits(repo, tmp / f"cache-{incidents}")
    fns = {
        "git log --name-status": lambda: run(["git", "log", "--name-status"], repo),
        FLOOR: lambda: batch_floor(repo),
        "incidentctl audit (cold: --no-cache)": lambda: audits.timed("cold", ["--no-cache"]),
    }
    if before:
        # --no-cache: with the cache, every turn after the first is a warm run of that version
        fns["before: incidentctl audit (cold: --no-cache)"] = lambda: audits.timed(
            "before", ["--no-cache"], before
        )
    both = paired(fns, repeat)
    cold, cold_cpu = both["incidentctl audit (cold: --no-cache)"]
    fw, fc = both[FLOOR]
    print(
        f"\naudit over {commits} commits ({incidents} incidents); medians of {repeat} paired runs"
    )
    print(f"  {'':<58} {'wall':>8}  {'ratio':>6}  {'CPU':>8}  {'ratio':>6}")
    for name, (wall, cpu) in both.items():
        print(f"  {name:<58} {wall:>7.2f}s  {wall / fw:>5.2f}x  {cpu:>7.2f}s  {cpu / fc:>5.2f}x")
    print(f"  incidentctl audit / batch floor: {cold / fw:.2f}x (wall), {cold_cpu / fc:.2f}x (CPU)")
    # a repeated audit after one new commit: the cache as the last audit of main left it
    audits.timed("warm", [])  # fill the cache at main
    cache_file = next((tmp / f"cache-{incidents}").rglob("commits.json"))
    saved = cache_file.read_bytes()
    target = repo / "incidents/INC-2025-0001/incident.yaml"
    text = target.read_text()
    base = run(["git", "rev-parse", "HEAD"], repo).decode().strip()
    repeated_cpus: list[float] = []

    def one_new_commit(k: list[int] = [0]) -> float:  # noqa: B006 - a counter across calls
        """Wall seconds of an audit after one new commit, the cache as main left it."""
        k[0] += 1
        subprocess.run(["git", "reset", "-q", "--hard", base], cwd=repo, check=True)
        target.write_text(text.replace("tags: [synthetic]", f"tags: [synthetic, r{k[0]}]"))
        subprocess.run(
            ["git", "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-qam", f"r{k[0]}"],
            cwd=repo,
            check=True,
        )
        cache_file.write_bytes(saved)
        start = cpu_seconds()
        wall = audits.timed("repeated", [])
        repeated_cpus.append(cpu_seconds() - start)
        return wall

    repeated = sorted(one_new_commit() for _ in range(3))[1]
    repeated_cpu = sorted(repeated_cpus)[1]
    print(
        f"  repeated audit, one new commit (cache; median of 3):        {repeated:>7.2f}s"
        f"  1/{cold / repeated:.0f} of the cold audit; CPU {repeated_cpu:.2f}s,"
        f" 1/{cold_cpu / repeated_cpu:.0f} of its CPU"
    )
    least_fn: dict[str, Callable[[], object]] = {
        "least": lambda: run([sys.executable, "-c", LEAST, str(repo)], repo)
    }
    least = paired(least_fn, 3)["least"][0]
    print(
        f"  least work of that audit, in one process (median of 3):     {least:>7.2f}s"
        f"  1/{cold / least:.0f} of the cold audit (Python, the policy, the models, the"
        " record's two versions validated; no git, no cache)"
    )
    subprocess.run(["git", "reset", "-q", "--hard", base], cwd=repo, check=True)
    for label, peak in audits.peaks.items():
        print(f"  peak memory, audit {label} (whole process tree): {peak / 1024:.0f} MB")
    if not keep:
        shutil.rmtree(repo)
    return {"commits": commits, "cold": cold, "floor": fw, "repeated": repeated,
            "cold_cpu": cold_cpu, "floor_cpu": fc}  # fmt: skip


def main(incidents: int | None = None) -> None:
    sizes = (
        [incidents]
        if incidents
        else [int(s) for s in os.environ.get("BENCH_AUDIT_SIZES", "1000,10000").split(",")]
    )
    before = os.environ.get("BENCH_BEFORE")
    with tempfile.TemporaryDirectory() as tmp:
        figures = [one_size(n, Path(tmp), before, 3 if n <= 2000 else 2) for n in sizes]
    if len(figures) > 1:
        first, last = figures[0], figures[-1]
        for kind, key in (("wall", ""), ("CPU", "_cpu")):
            per = [f["cold" + key] / f["commits"] * 1000 for f in (first, last)]
            floor = [f["floor" + key] / f["commits"] * 1000 for f in (first, last)]
            print(
                f"\ntime per commit ({kind}), cold audit: {per[0]:.2f} ms at {first['commits']}"
                f" commits, {per[1]:.2f} ms at {last['commits']} ({per[1] / per[0]:.2f}x);"
                f" the floor: {floor[0]:.2f} -> {floor[1]:.2f} ms ({floor[1] / floor[0]:.2f}x)"
            )
    print(f"({machine()})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
