"""validate at archive scale, side by side (issue 6's figures 1, 2, 3, 5, 6 and 7; 4 is audit).

1. cold validate of N incidents vs the floor: read every file, parse it with CSafeLoader
2. the same vs check-jsonschema (our exported schema) and yamllint (default config)
3. check of a pull request changing 3 incidents vs validating those 3 alone, at 1k and N
5. a warm re-run (cache) vs the cold run
6. start-up: validate of 3 files vs python -c "import yaml, pydantic"
7. peak memory of a cold validate
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from harness import VENV_BIN, best_of, incidentctl, run, table
from synthetic import build


def floor(repo: Path) -> None:
    for path in sorted(repo.glob("incidents/*/*")):
        data = path.read_bytes()
        if path.suffix == ".md":  # front matter only, as validate parses it
            data = data.split(b"\n---\n", 1)[0].removeprefix(b"---\n")
        yaml.load(data, Loader=yaml.CSafeLoader)


def peak_kb(cmd: list[str], cwd: Path) -> int:
    """Peak resident memory of one command, measured in a fresh child of its own."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def pull_request(repo: Path, ids: list[int]) -> list[str]:
    """A branch that changes three incidents (tags may change after closing)."""
    subprocess.run(["git", "checkout", "-q", "-b", "pr"], cwd=repo, check=True)
    paths = []
    for i in ids:
        rel = f"incidents/INC-2025-{i:04d}"
        path = repo / rel / "incident.yaml"
        path.write_text(
            path.read_text().replace("tags: [synthetic]", "tags: [synthetic, reviewed]")
        )
        paths.append(rel)
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-qam", "pr"],
        cwd=repo,
        check=True,
    )
    return paths


def changed_ids(n: int) -> list[int]:
    """The 3 incidents a pull request changes: the same ones in every run of 1,000 or more."""
    return [101, 202, 303] if n >= 1000 else [1 + (n - 1) * k // 4 for k in (1, 2, 3)]


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "archive"
        build(repo, n)
        run(incidentctl("schema", "export"), repo)
        records = [str(p) for p in sorted(repo.glob("incidents/*/incident.yaml"))]
        memory = peak_kb(incidentctl("validate", "--no-cache", "--jobs", "1"), repo)
        cold = best_of(
            lambda: run(incidentctl("validate", "--no-cache", "--jobs", "1"), repo), repeat=1
        )
        rows = [
            ("floor: read + CSafeLoader parse", best_of(lambda: floor(repo), repeat=1)),
            ("incidentctl validate (cold, 1 process)", cold),
            ("incidentctl validate (cold, --jobs 2)",
             best_of(lambda: run(incidentctl("validate", "--no-cache", "--jobs", "2"), repo), repeat=1)),
        ]  # fmt: skip
        others = {
            "check-jsonschema (exported schema)": [str(VENV_BIN / "check-jsonschema"), "--schemafile", "schemas/incident.schema.json", *records],
            "yamllint (default config)": [str(VENV_BIN / "yamllint"), "-f", "parsable", "incidents"],
        }  # fmt: skip
        for label, cmd in others.items():
            if Path(cmd[0]).exists():
                rows.append((label, best_of(partial(run, cmd, repo), repeat=1)))
            else:
                print(f"{label}: not installed (make bench installs it)")
        print(table(f"1-2. validate of {n} incidents ({len(list(repo.glob('incidents/*/*')))} files)", rows,
                    "floor: read + CSafeLoader parse"))  # fmt: skip
        run(incidentctl("validate"), repo)  # fill the cache
        warm = best_of(lambda: run(incidentctl("validate"), repo), repeat=3)
        print(
            table(
                "5. warm re-run (cache) vs cold",
                [("cold, 1 process", cold), ("warm", warm)],
                "cold, 1 process",
            )
        )
        print(f"   warm / cold = 1/{cold / warm:.0f}")
        three = [f"incidents/INC-2025-{i:04d}" for i in changed_ids(n)]
        startup = [
            ('python -c "import yaml, pydantic"', best_of(lambda: run([sys.executable, "-c", "import yaml, pydantic"], repo), 5)),
            ("incidentctl validate (3 folders, cold: --no-cache)",
             best_of(lambda: run(incidentctl("validate", "--no-cache", *three), repo), 5)),
            ("incidentctl validate (3 folders, unchanged since the last run)",
             best_of(lambda: run(incidentctl("validate", *three), repo), 5)),
        ]  # fmt: skip
        print(table("6. start-up", startup, 'python -c "import yaml, pydantic"'))
        print(f"\n7. peak memory of a cold validate of {n} incidents: {memory / 1024:.0f} MB")
        archives = [(1000, Path(tmp) / "small")] if n > 1000 else []
        for size, path in [*archives, (n, repo)]:
            if size != n:
                build(path, size)
            changed = pull_request(path, changed_ids(size))
            rows = [
                ("validate the 3 changed folders", best_of(partial(run, incidentctl("validate", "--no-cache", *changed), path), 5)),
                ("check --base main (3 incidents changed)", best_of(partial(run, incidentctl("check", "--base", "main"), path), 5)),
            ]  # fmt: skip
            print(
                table(
                    f"3. a pull request in a {size}-incident archive",
                    rows,
                    "validate the 3 changed folders",
                )
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
