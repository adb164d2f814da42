"""A command that writes refuses to write under a policy file that does not load.

``validate`` reports a broken or linked policy file and judges by the built-in default
meanwhile; a command that writes would otherwise write what the repository's own policy
refuses (a guard, a roster), or take a roster read through a link from outside.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliRunner

REC = "incidents/INC-2026-0013/incident.yaml"


def duplicate_key(archive: Path) -> str:
    people = archive / "schemas/people.yaml"
    text = people.read_text()
    people.write_text(
        text.replace("  - handle: ana.pereira\n", "  - handle: ana.pereira\n    handle: x\n", 1)
    )
    line = people.read_text().splitlines().index("    handle: x") + 1
    return f"schemas/people.yaml:{line}:5: yaml.duplicate-key"


def linked(archive: Path) -> str:
    people = archive / "schemas/people.yaml"
    outside = archive.parent / "people.yaml"
    outside.write_text(people.read_text().replace("handle: grace.okafor", "handle: grace.outside"))
    people.unlink()
    people.symlink_to(outside)
    return "schemas/people.yaml:0:0: discovery.symlink"


@pytest.mark.parametrize("breaks", [duplicate_key, linked], ids=["duplicate-key", "linked"])
@pytest.mark.parametrize(
    "args",
    [
        ("note", "INC-2026-0013", "A thought", "--by", "grace.okafor"),
        (
            "assign",
            "INC-2026-0013",
            "--role",
            "scribe",
            "--to",
            "grace.outside",
            "--by",
            "grace.okafor",
        ),
        ("transition", "INC-2026-0013", "--to", "investigating", "--by", "grace.okafor"),
    ],
    ids=lambda a: a[0],
)
def test_nothing_is_written_under_a_policy_that_does_not_load(
    cli: CliRunner, archive: Path, breaks: Callable[[Path], str], args: tuple[str, ...]
) -> None:
    where = breaks(archive)
    before = (archive / REC).read_bytes()
    run = cli(*args, "--repo", archive)
    assert run.code == 2, run.out + run.err
    assert run.err.startswith(f"incidentctl: error: {where} "), run.err
    assert "mend the policy first" in run.err
    assert (archive / REC).read_bytes() == before


def test_the_same_commands_write_under_a_policy_that_loads(cli: CliRunner, archive: Path) -> None:
    run = cli("note", "INC-2026-0013", "A thought", "--by", "grace.okafor", "--repo", archive)
    assert run.code == 0, run.err
