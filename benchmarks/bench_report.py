"""The reports at archive scale, side by side with a cold validate (issue 14's targets).

1. cold ``report actions`` and ``report metrics`` of N incidents vs a cold ``validate``
   (target: at most 1.3x), in one process and with two workers
2. a repeated report on the unchanged archive (the warm cache) vs its own cold run
   (target: at most 1/10); and a report after one record changed (the facts cache)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from functools import partial

from harness import best_of, incidentctl, run, table
from synthetic import build

AS_OF = ("--as-of", "2026-12-02")


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "archive"
        build(repo, n)
        for jobs in ("1", "2"):
            cold = {
                "validate": ("validate", "--no-cache", "--jobs", jobs),
                "report actions": ("report", "actions", *AS_OF, "--no-cache", "--jobs", jobs),
                "report metrics": ("report", "metrics", "--no-cache", "--jobs", jobs),
            }
            rows = [
                (f"{name} (cold, --jobs {jobs})",
                 best_of(partial(run, incidentctl(*args), repo), repeat=1))
                for name, args in cold.items()
            ]  # fmt: skip
            print(table(f"1. reports of {n} incidents vs validate", rows, rows[0][0]))
            for name, secs in rows[1:]:
                print(f"   {name} / validate = {secs / rows[0][1]:.2f}x (target <= 1.3x)")
        for name, args in {"report actions": ("report", "actions", *AS_OF),
                           "report metrics": ("report", "metrics")}.items():  # fmt: skip
            cold_secs = best_of(partial(run, incidentctl(*args, "--no-cache"), repo), repeat=1)
            run(incidentctl(*args), repo)  # fill the cache
            warm = best_of(partial(run, incidentctl(*args), repo), repeat=3)
            print(table(f"2. {name}: warm vs cold", [("cold", cold_secs), ("warm", warm)], "cold"))
            print(f"   warm / cold = 1/{cold_secs / warm:.0f} (target: at most 1/10)")
            record = repo / "incidents/INC-2025-0001/incident.yaml"
            record.write_text(
                record.read_text().replace("tags: [synthetic]", "tags: [synthetic, x]")
            )
            touched = best_of(partial(run, incidentctl(*args), repo), repeat=1)  # 1 record changed
            print(
                f"   one record changed since: {touched:.3f} s = 1/{cold_secs / touched:.0f} of cold"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
