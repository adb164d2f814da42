"""Nothing escapes the repository: a symbolic link anywhere is a finding and is never followed.

Real symlinks to real folders and files outside the repository, each holding a canary that
must never reach the output (following the link would read it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CliRunner, GitRepo, run_subprocess

CANARY = "CANARY-7f3e"
AT = "2026-11-27T09:00:00Z"
LINK = "discovery.symlink symbolic links are not allowed in the archive; commit the file itself"


def move_out(archive: Path, rel: str, outside: Path) -> Path:
    """Move ``rel`` out of the repository and leave a symlink to it in its place."""
    target = outside / Path(rel).name
    shutil.move(archive / rel, target)
    (archive / rel).symlink_to(target)
    return target


def plant_canary(record: Path) -> None:
    """A broken title holding the canary: a loader that reads it would report it."""
    text = record.read_text()
    record.write_text(text.replace("\ntitle: ", f"\ntitle: {CANARY}: {{bad\ntitle_: ", 1))


def test_a_named_symlinked_folder_is_a_finding_and_is_not_read(
    archive: Path, tmp_path: Path
) -> None:
    outside = move_out(archive, "incidents/INC-2026-0001", tmp_path)
    plant_canary(outside / "incident.yaml")
    run = run_subprocess("validate", "--no-cache", "incidents/INC-2026-0001", cwd=archive)
    assert run.code == 1
    assert f"incidents/INC-2026-0001:0:0: {LINK}\n" in run.out
    assert CANARY not in run.out + run.err
    assert "yaml.syntax" not in run.out  # nothing behind the link was parsed


@pytest.mark.parametrize("rel", ["incidents", "schemas", "docs/playbooks"])
def test_a_symlinked_top_folder_is_a_finding(
    cli: CliRunner, archive: Path, tmp_path: Path, rel: str
) -> None:
    outside = move_out(archive, rel, tmp_path)
    if rel == "incidents":
        plant_canary(outside / "INC-2026-0001/incident.yaml")
    for args in ([], [archive / rel]):
        run = cli("validate", "--repo", archive, "--no-cache", *args)
        assert run.code == 1, args
        assert f"{rel}:0:0: {LINK}\n" in run.out, args
        assert CANARY not in run.out


def test_a_record_named_under_a_symlinked_incidents_folder_is_not_read(
    cli: CliRunner, archive: Path, tmp_path: Path
) -> None:
    outside = move_out(archive, "incidents", tmp_path)
    plant_canary(outside / "INC-2026-0001/incident.yaml")
    run = cli("validate", "--repo", archive, "--no-cache", archive / "incidents/INC-2026-0001")
    assert run.code == 1
    assert f"incidents:0:0: {LINK}\n" in run.out
    assert CANARY not in run.out


def test_a_symlinked_playbook_is_a_finding(cli: CliRunner, archive: Path, tmp_path: Path) -> None:
    rel = next(p for p in sorted((archive / "docs/playbooks").glob("*.md")) if p.stem != "index")
    name = f"docs/playbooks/{rel.name}"
    move_out(archive, name, tmp_path)
    for args in ([], [archive / name]):
        run = cli("validate", "--repo", archive, "--no-cache", *args)
        assert run.code == 1, args
        assert f"{name}:0:0: {LINK}\n" in run.out, args


def test_a_symlinked_policy_file_is_a_finding_not_an_absent_catalog(
    cli: CliRunner, archive: Path, tmp_path: Path
) -> None:
    record = archive / "incidents/INC-2026-0013/incident.yaml"
    record.write_text(record.read_text().replace("[identity, mobile-api]", "[no-such-service]"))
    move_out(archive, "schemas/services.yaml", tmp_path)
    run = cli("validate", "--repo", archive, "--no-cache")
    assert run.code == 1
    assert f"schemas/services.yaml:0:0: {LINK}\n" in run.out


def test_a_symlinked_lifecycles_folder_is_a_finding(
    cli: CliRunner, archive: Path, tmp_path: Path
) -> None:
    (tmp_path / "lifecycles").mkdir()
    (archive / "schemas/lifecycles").symlink_to(tmp_path / "lifecycles")
    run = cli("validate", "--repo", archive, "--no-cache")
    assert run.code == 1
    assert f"schemas/lifecycles:0:0: {LINK}\n" in run.out


def test_check_reports_a_committed_symlinked_policy_file(archive: Path, tmp_path: Path) -> None:
    repo = GitRepo(archive)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "change")
    move_out(archive, "schemas/services.yaml", tmp_path)
    repo.commit("link the catalog")
    run = run_subprocess("check", "--base", "main", cwd=archive)
    assert run.code == 1, run.err
    assert f"schemas/services.yaml:0:0: {LINK}" in run.out


@pytest.mark.parametrize("rel", ["incidents/INC-2026-0013", "incidents"])
def test_transition_never_writes_through_a_link(
    cli: CliRunner, archive: Path, tmp_path: Path, rel: str
) -> None:
    GitRepo(archive).commit("the example archive")
    outside = move_out(archive, rel, tmp_path)
    record = outside / ("incident.yaml" if rel != "incidents" else "INC-2026-0013/incident.yaml")
    before = record.read_bytes()
    run = cli("transition", "INC-2026-0013", "--to", "investigating", "--at", AT,
              "--repo", archive)  # fmt: skip
    assert run.code == 1
    assert f"{rel}:0:0: {LINK}" in run.err + run.out
    assert record.read_bytes() == before
    assert sorted(p.name for p in record.parent.iterdir()) == sorted(
        p.name for p in record.parent.iterdir() if not p.name.startswith(".")
    )  # no temp file left beside it either
