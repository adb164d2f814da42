"""Commands about one incident (validate, transition, check) at 1k, 10k and 50k incidents (they should cost the same), cold
start-up against `import yaml, pydantic`, and peak memory of validate at 50k with workers.

Timings are medians of paired runs taken in turns (every size meets the same disturbances of
a shared machine). `BENCH_SCALE_SIZES=1000,10000,50000` picks the sizes; `BENCH_BEFORE=<path
to a tooling/ folder>` adds that version's `check` to the comparison.
"""

from __future__ import annotations

import functools
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from harness import incidentctl, machine, paired, run, table, tree_peak
from synthetic import build, incident_yaml

FOLDER = 500  # the incident the one-folder commands are about (in every size)
ONE_MODEL = (
    "import yaml\nfrom pydantic import BaseModel\n"
    "class M(BaseModel):\n    x: int\n"
    "M.model_validate(yaml.load('x: 1', Loader=yaml.CSafeLoader))\n"
)


def prepare(repo: Path, n: int) -> tuple[Path, bytes]:
    """Set incident FOLDER back to 'detected' (so transition has a move to make); commit it."""
    k = min(FOLDER, n)
    path = repo / f"incidents/INC-2025-{k:04d}/incident.yaml"
    path.write_text(incident_yaml(k, 2, random.Random(k)))
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-qam", "detected"],
        cwd=repo,
        check=True,
    )
    return path, path.read_bytes()


def main(sizes: list[int] | None = None, repeat: int = 5) -> None:
    sizes = sizes or [
        int(s) for s in os.environ.get("BENCH_SCALE_SIZES", "1000,10000,50000").split(",")
    ]
    before = os.environ.get("BENCH_BEFORE")
    with tempfile.TemporaryDirectory() as tmp:
        repos: dict[int, tuple[Path, Path, bytes]] = {}
        for n in sizes:
            repo = Path(tmp) / f"archive-{n}"
            build(repo, n)
            repos[n] = (repo, *prepare(repo, n))
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}

        def validate(n: int) -> None:
            repo, record, _ = repos[n]
            rel = str(record.parent.relative_to(repo))
            run(incidentctl("validate", "--no-cache", rel), repo, env=env)

        def check(n: int, before: str | None = None) -> None:
            repo = repos[n][0]
            with_before = {**env, **({"PYTHONPATH": before} if before else {})}
            proc = subprocess.run(incidentctl("check", "--base", "HEAD~1"), cwd=repo, env=with_before,
                                  capture_output=True, check=False)  # fmt: skip
            assert proc.returncode in (0, 1), proc.stderr  # 1: the change goes back to detected

        def transition(n: int) -> None:
            repo, record, original = repos[n]
            run(incidentctl("transition", record.parent.name, "--to", "investigating",
                            "--by", "bench"), repo, env=env)  # fmt: skip
            record.write_bytes(original)  # back to 'detected' for the next turn

        fns: dict[str, Callable[[], object]] = {}
        for n in sizes:
            fns[f"validate incidents/ONE, {n} incidents"] = functools.partial(validate, n)
            fns[f"transition ONE, {n} incidents"] = functools.partial(transition, n)
            fns[f"check of one changed incident, {n} incidents"] = functools.partial(check, n)
            if before:
                fns[f"before: check of one changed incident, {n} incidents"] = functools.partial(
                    check, n, before
                )
        both = paired(fns, repeat)
        whats = ["validate incidents/ONE", "transition ONE", "check of one changed incident"]
        for what in whats + (["before: check of one changed incident"] if before else []):
            names = [f"{what}, {n} incidents" for n in sizes]
            rows = [(name, both[name][0]) for name in names]
            print(table(f"{what}: medians of {repeat} paired runs", rows, rows[0][0]))
            times, cpus = [secs for _, secs in rows], [both[name][1] for name in names]
            print(f"   CPU (with git): {', '.join(f'{c:.3f}' for c in cpus)} s")
            print(
                f"   largest / smallest: {max(times) / min(times):.2f}x wall,"
                f" {max(cpus) / min(cpus):.2f}x CPU (target: at most 1.3x)"
            )
        small, record = repos[sizes[0]][0], repos[sizes[0]][1]
        one = str(record.parent.relative_to(small))
        floor = 'python -c "import yaml, pydantic"'
        run(incidentctl("validate", one), small, env=env)  # the warm run's cache
        timed = paired(
            {
                floor: lambda: run([sys.executable, "-c", "import yaml, pydantic"], small),
                # what any process validating with pydantic pays before it reads a file
                "python: import yaml, one pydantic model, validate it": lambda: run(
                    [sys.executable, "-c", ONE_MODEL], small
                ),
                "incidentctl validate incidents/ONE (cold: --no-cache)": lambda: validate(sizes[0]),
                "incidentctl validate incidents/ONE (new process, warm cache)": lambda: run(
                    incidentctl("validate", one), small, env=env
                ),
            },
            repeat * 2,
        )
        startup = {name: wall for name, (wall, _) in timed.items()}
        print(
            table(
                f"start-up, {sizes[0]} incidents: medians of {repeat * 2} paired runs",
                list(startup.items()),
                floor,
            )
        )
        cpu = [c for _, c in timed.values()]
        print("   CPU: " + ", ".join(f"{c:.3f} s ({c / cpu[0]:.2f}x)" for c in cpu))
        big = repos[sizes[-1]][0]
        secs, peak = tree_peak(
            incidentctl("validate", "--no-cache", "--jobs", "2"), big, 0.1, env=env
        )
        print(
            f"\npeak memory of validate --jobs 2 of {sizes[-1]} incidents (whole process tree, Pss,"
            f" sampled every 0.1 s): {peak / 1024:.0f} MB ({secs:.1f} s)"
        )
    print(f"({machine()})")


if __name__ == "__main__":
    main()
