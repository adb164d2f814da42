"""Issues #11 and #12 as users meet them: a number is no timestamp, a person is a handle, and
hidden characters are reported, by the real CLI, without the output repeating the values."""

from __future__ import annotations

from pathlib import Path

from conftest import run_subprocess

INC3 = "incidents/INC-2026-0003/incident.yaml"


def _files(archive: Path) -> int:
    playbooks = [p for p in archive.glob("docs/playbooks/*.md") if p.name != "index.md"]
    found = len(list(archive.glob("incidents/*/*.*"))) + len(playbooks)
    return found + len(list(archive.glob("schemas/*.yaml")))


def _edit(archive: Path, *swaps: tuple[str, str]) -> None:
    path = archive / INC3
    text = path.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_lookalike_values_are_findings_that_never_echo_them(archive: Path) -> None:
    _edit(
        archive,
        ("started_at: 2026-03-10T12:06:00Z", "started_at: 1732600000"),
        ("  - at: 2026-03-10T11:58:00Z", "  - at: 0"),
        ("customers_affected: 31200", "customers_affected: 3.12e4"),
        ("incident_commander: priya.raman", "incident_commander: Priya Raman"),
        ("    by: deploy-bot", '    by: "deploy-bot\\u202e"'),
    )
    run = run_subprocess("validate", "--repo", archive, "--format", "text")
    timestamp = (
        "write an ISO 8601 timestamp with a time zone, e.g. 2026-11-26T06:20:00Z or "
        "2026-11-26T07:20:00+01:00"
    )
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines() == [
        (
            f"{INC3}:19:23: schema.type 'impact.customers_affected': write a whole number in "
            "plain decimal digits, e.g. 1000 (no '+', exponent, '_', '.', leading zero, spaces "
            "or base prefix)"
        ),
        f"{INC3}:25:13: schema.timestamp 'started_at': {timestamp}",
        (
            f"{INC3}:27:23: schema.pattern 'roles.<key>': expected a handle such "
            "as ahmed.nasser: lower-case letters, digits, '.', '_' or '-' (at most 64), not a "
            "display name or an e-mail address"
        ),
        f"{INC3}:37:9: schema.timestamp 'timeline[0].at': {timestamp}",
        (
            f"{INC3}:39:9: schema.control-character 'timeline[0].by': holds the invisible "
            "control or bidirectional character U+202E; delete it (such characters can hide or "
            "reorder what a reader sees)"
        ),
        f"failed: {_files(archive)} files checked, 5 errors, 0 warnings",
    ]
    for value in ("1732600000", "3.12e4", "Priya", "\u202e"):
        assert value not in run.out


def test_the_example_archive_keeps_its_handles_and_forms(archive: Path) -> None:
    run = run_subprocess("validate", "--repo", archive)
    assert (run.code, run.out, run.err) == (
        0,
        f"ok: {_files(archive)} files checked, no problems\n",
        "",
    )
