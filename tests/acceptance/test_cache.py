"""The warm cache gives the same answers as a cold run, and notices every kind of change."""

from __future__ import annotations

import os
from pathlib import Path

REC = "incidents/INC-2026-0003/incident.yaml"


def outputs(cli, archive: Path) -> tuple[int, str]:
    run = cli("validate", "--repo", archive)
    return run.code, run.out


def test_warm_equals_cold_and_edits_are_seen(cli, archive: Path) -> None:
    cold = outputs(cli, archive)
    assert outputs(cli, archive) == cold == (0, "ok: 25 files checked, no problems\n")
    path = archive / REC
    text = path.read_text()
    path.write_text(text.replace("severity: SEV1", "severity: SEV9"))
    code, out = outputs(cli, archive)
    assert code == 1
    assert "ref.unknown-severity" in out
    assert outputs(cli, archive) == (code, out)  # the broken state, now cached, reads the same
    st = path.stat()
    path.write_text(text)  # same size and (forced) same mtime as the broken version: content wins
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert outputs(cli, archive) == cold


def test_references_are_rechecked_when_the_archive_changes(cli, archive: Path) -> None:
    assert outputs(cli, archive)[0] == 0
    target = archive / "incidents/INC-2025-0042"
    for child in target.iterdir():
        child.unlink()
    target.rmdir()
    code, out = outputs(cli, archive)
    assert code == 1
    assert (
        "incidents/INC-2026-0003/incident.yaml:170:13: ref.unknown-incident no such incident" in out
    )


def test_policy_changes_drop_the_cache(cli, archive: Path) -> None:
    assert outputs(cli, archive)[0] == 0
    services = archive / "schemas/services.yaml"
    services.write_text(
        services.read_text().replace("  - id: search\n", "  - id: product-search\n")
    )
    code, out = outputs(cli, archive)
    assert code == 1
    assert "ref.unknown-service" in out


def test_no_cache_and_parallel_give_the_same_answer(cli, archive: Path) -> None:
    (archive / REC).write_text((archive / REC).read_text().replace("type: outage", "type: outgae"))
    serial = cli("validate", "--repo", archive, "--no-cache", "--jobs", "1").out
    parallel = cli("validate", "--repo", archive, "--no-cache", "--jobs", "2").out
    assert serial == parallel
    assert "ref.unknown-type" in serial
