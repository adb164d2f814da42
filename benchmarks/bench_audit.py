"""audit over a generated history of 6,000 commits (1,000 incidents x 6 status changes), side by
side with `git log --name-status` and the batch floor: one `git log --raw`, one
`git cat-file --batch` for every changed version, and a CSafeLoader parse of each."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from harness import best_of, incidentctl, run, table
from synthetic import build


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


def main(incidents: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "archive"
        commits = build(repo, incidents, history=True)
        rows = [
            ("git log --name-status", best_of(lambda: run(["git", "log", "--name-status"], repo))),
            (
                "batch floor (log --raw + cat-file --batch + CSafeLoader)",
                best_of(lambda: batch_floor(repo)),
            ),
            ("incidentctl audit", best_of(lambda: run(incidentctl("audit"), repo), repeat=2)),
        ]
        print(
            table(
                f"audit over {commits} commits ({incidents} incidents)",
                rows,
                "git log --name-status",
            )
        )
        floor = dict(rows)["batch floor (log --raw + cat-file --batch + CSafeLoader)"]
        print(f"incidentctl audit / batch floor: {dict(rows)['incidentctl audit'] / floor:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
