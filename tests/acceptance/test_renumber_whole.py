"""renumber moves an incident with its postmortem, and as one change: all of it or none of it.

A closed incident's postmortem is moved and rewritten with it (the moved folder is checked
whole, as validate will see it). A write or rename that fails at any step undoes the steps
before it, so the archive is as it was and "nothing was changed" is true; when the undo fails
too, the message lists what is left changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CliRunner, GitRepo
from incidentctl.runs import writer
from incidentctl.runs.writer import WriteError

OLD, NEW = "INC-2026-0003", "INC-2026-0030"


@pytest.fixture
def repo(archive_repo: GitRepo) -> GitRepo:
    return archive_repo


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "incidents").rglob("*"))
        if p.is_file()
    }


def test_a_closed_incident_moves_with_its_published_postmortem(
    cli: CliRunner, repo: GitRepo
) -> None:
    pm_before = (repo.path / f"incidents/{OLD}/postmortem.md").read_text()
    run = cli("renumber", OLD, NEW, "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[:4] == [
        f"{OLD} -> {NEW} (incidents/{NEW}/incident.yaml)",
        f"  related: incidents/INC-2025-0042/incident.yaml now names {NEW}",
        f"  related: incidents/INC-2026-0004/incident.yaml now names {NEW}",
        f"  related: incidents/INC-2026-0010/incident.yaml now names {NEW}",
    ]
    pm = (repo.path / f"incidents/{NEW}/postmortem.md").read_text()
    assert pm == pm_before.replace(f"incident: {OLD}\n", f"incident: {NEW}\n", 1)
    assert not (repo.path / f"incidents/{OLD}").exists()
    assert cli("validate", "--repo", repo.path).code == 0


def test_a_postmortem_that_does_not_load_stops_the_move(cli: CliRunner, repo: GitRepo) -> None:
    repo.write({f"incidents/{OLD}/postmortem.md": "---\nincident: [\n---\n"})
    before = _files(repo.path)
    run = cli("renumber", OLD, NEW, "--repo", repo.path)
    assert run.code == 1
    assert run.err.splitlines()[-2:] == [
        f"incidents/{OLD}/postmortem.md:1:1: edit.refused fix it first",
        f"incidentctl: nothing written; incidents/{OLD}/incident.yaml is unchanged",
    ]
    assert _files(repo.path) == before


def test_a_postmortem_saved_with_a_bom_moves_with_it(cli: CliRunner, repo: GitRepo) -> None:
    pm = f"incidents/{OLD}/postmortem.md"
    saved = b"\xef\xbb\xbf" + (repo.path / pm).read_bytes().replace(b"\n", b"\r\n")
    repo.commit("saved on Windows", {pm: saved})
    run = cli("renumber", OLD, NEW, "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    moved = (repo.path / f"incidents/{NEW}/postmortem.md").read_bytes()
    assert moved == saved.replace(f"incident: {OLD}\r\n".encode(), f"incident: {NEW}\r\n".encode())
    assert cli("validate", "--repo", repo.path).code == 0


def _failing(monkeypatch: pytest.MonkeyPatch, target: str, undo_fails: bool = False) -> None:
    """Writes to ``target`` fail (as on a read-only file); then every write, if ``undo_fails``."""
    real, failed = writer.write_atomic, list[Path]()

    def write(path: Path, text: str | bytes, durable: bool = True) -> None:
        if path.as_posix().endswith(target) or (failed and undo_fails):
            failed.append(path)
            raise WriteError(path, "be written", PermissionError(1, "Operation not permitted"))
        real(path, text, durable)

    monkeypatch.setattr("incidentctl.runs.transaction.write_atomic", write)


@pytest.mark.parametrize(
    "target",
    [
        "INC-2026-0004/incident.yaml",  # another record that names it (the second written)
        f"{OLD}/incident.yaml",  # the record itself
        f"{OLD}/postmortem.md",  # its postmortem, written last
    ],
)
def test_a_write_that_fails_at_any_step_leaves_the_archive_as_it_was(
    cli: CliRunner, repo: GitRepo, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    before = _files(repo.path)
    _failing(monkeypatch, target)
    run = cli("renumber", OLD, NEW, "--repo", repo.path)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("incidentctl: error: ")
    assert run.err.endswith(
        f"{target}: cannot be written (Operation not permitted); nothing was changed\n"
    )
    assert _files(repo.path) == before
    assert cli("validate", "--repo", repo.path).code == 0


def test_a_rename_that_fails_undoes_every_write(
    cli: CliRunner, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _files(repo.path)

    def rename(self: Path, target: Path) -> Path:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(Path, "rename", rename)
    run = cli("renumber", OLD, NEW, "--repo", repo.path)
    assert run.code == 2
    assert run.err.endswith(
        f"incidents/{OLD}: cannot be renamed to {NEW} (Operation not permitted); nothing was"
        " changed\n"
    )
    assert _files(repo.path) == before


def test_an_undo_that_fails_says_what_is_left_changed(
    cli: CliRunner, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing(monkeypatch, f"{OLD}/incident.yaml", undo_fails=True)
    run = cli("renumber", OLD, NEW, "--repo", repo.path)
    assert run.code == 2
    assert "nothing was changed" not in run.err
    assert run.err.endswith(
        "undoing the change failed, these are left changed: "
        f"{repo.path}/incidents/INC-2026-0010/incident.yaml (written), "
        f"{repo.path}/incidents/INC-2026-0004/incident.yaml (written), "
        f"{repo.path}/incidents/INC-2025-0042/incident.yaml (written)\n"
    )
