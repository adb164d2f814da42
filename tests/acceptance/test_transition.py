"""transition: one clean diff for a legal move; nothing written for anything else."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO, CliRunner, GitRepo, Run
from incidentctl.config import Settings
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource
from incidentctl.policy import lifecycle as lc
from incidentctl.runs.transition import build_context, problems_before
from incidentctl.runs.writer import write_atomic

EXAMPLES = sorted(p.parent.name for p in REPO.glob("incidents/*/incident.yaml"))
AT = "2026-11-27T09:00:00Z"


def legal_target(root: Path, incident_id: str) -> str | None:
    """The first next state the record can move to as it is, or None."""
    ctx = build_context(root, Settings(), FsSource(root))
    unit, _ = load_unit(FsSource(root), Settings(), incident_id)
    assert unit.incident is not None
    inc = unit.incident.model
    lifecycle = ctx.policy.lifecycle_for(inc)
    assert lifecycle is not None
    import datetime as dt

    when = dt.datetime.fromisoformat(AT)
    pm = unit.postmortem.model.status if unit.postmortem else None
    for target in lc.next_states(lifecycle, inc.status):
        if not problems_before(inc, pm, target, when, ctx) and target != "cancelled":
            return target
    return None


@pytest.mark.parametrize("incident_id", EXAMPLES)
def test_transition_on_every_example_is_a_clean_diff(
    cli: CliRunner, archive_repo: GitRepo, incident_id: str
) -> None:
    root = archive_repo.path
    rel = f"incidents/{incident_id}/incident.yaml"
    before = (root / rel).read_bytes()
    target = legal_target(root, incident_id)
    run = cli(
        "transition",
        incident_id,
        "--to",
        target or "investigating",
        "--at",
        AT,
        "--by",
        "grace.okafor",
        "--repo",
        root,
    )
    if target is None:  # terminal, or no move is possible as the record stands
        assert run.code == 1
        assert "transition.refused" in run.err
        assert (root / rel).read_bytes() == before
        return
    assert (run.code, run.err) == (0, "")
    diff = archive_repo.git("diff", "-U0", "--no-color", "--", rel).splitlines()
    changes = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    removed = [line for line in changes if line.startswith("-")]
    added = [line for line in changes if line.startswith("+")]
    assert len(removed) == 1
    assert removed[0].startswith("-status: ")
    assert added == [
        f"+status: {target}",
        f"+  - at: {AT}",
        "+    type: status_change",
        f"+    status: {target}",
        "+    by: grace.okafor",
    ]
    assert cli("validate", "--repo", root).code == 0
    archive_repo.git("checkout", "-q", "-b", "t")
    archive_repo.commit("transition")
    assert cli("check", "--base", "main", "--repo", root).code == 0


def investigate(cli: CliRunner, repo: GitRepo) -> Run:
    return cli(
        "transition", "INC-2026-0013", "--to", "investigating", "--at", AT, "--repo", repo.path
    )


def test_missing_fields_are_named_and_nothing_is_written(
    cli: CliRunner, archive_repo: GitRepo
) -> None:
    rel = archive_repo.path / "incidents/INC-2026-0013/incident.yaml"
    text = rel.read_text().replace("services: [identity, mobile-api]\n", "")
    rel.write_text(text)
    run = investigate(cli, archive_repo)
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        "incidents/INC-2026-0013/incident.yaml:7:9: transition.refused --to investigating needs services\n"
        "incidentctl: nothing written; incidents/INC-2026-0013/incident.yaml is unchanged\n"
    )
    assert rel.read_text() == text


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["INC-2026-0013", "--to", "closed"], 1, "'detected' -> 'closed' is not allowed"),
        (["INC-2026-0013", "--to", "fixing"], 1, "'fixing' is not a state of 'outage'"),
        (
            ["INC-2026-0013", "--to", "investigating", "--at", "2026-01-01T00:00:00Z"],
            1,
            "earlier than the last",
        ),
        (
            ["INC-2026-0013", "--to", "investigating", "--at", "2026-11-27 09:00"],
            2,
            "needs a time zone",
        ),
        (["INC-2026-0099", "--to", "investigating"], 2, "no such incident record"),
        (["../../etc", "--to", "investigating"], 2, "is not an incident id"),
    ],
)
def test_refusals(
    cli: CliRunner, archive_repo: GitRepo, args: list[str], code: int, needle: str
) -> None:
    before = archive_repo.git("status", "--porcelain")
    run = cli("transition", *args, "--repo", archive_repo.path)
    assert run.code == code
    assert needle in run.err
    assert archive_repo.git("status", "--porcelain") == before


def test_windows_line_endings_and_comments_survive(cli: CliRunner, archive_repo: GitRepo) -> None:
    rel = archive_repo.path / "incidents/INC-2026-0013/incident.yaml"
    rel.write_bytes(rel.read_bytes().replace(b"\n", b"\r\n"))
    run = investigate(cli, archive_repo)
    assert run.code == 0
    data = rel.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert data.startswith(
        b"# yaml-language-server: $schema=../../schemas/incident.schema.json\r\n"
    )


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "incident.yaml"
    target.write_text("old\n")

    def crash(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.yaml"]


def test_concurrent_transitions_do_not_interleave(archive_repo: GitRepo) -> None:
    cmd = [sys.executable, "-m", "incidentctl", "transition", "INC-2026-0013", "--to", "investigating",
           "--at", AT, "--repo", str(archive_repo.path)]  # fmt: skip

    def run(_: int) -> int:
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, check=False
        ).returncode

    with ThreadPoolExecutor(3) as pool:
        codes = sorted(pool.map(run, range(3)))
    assert codes == [0, 1, 1]
    text = (archive_repo.path / "incidents/INC-2026-0013/incident.yaml").read_text()
    assert text.count("status: investigating") == 2  # the status line and one timeline entry
