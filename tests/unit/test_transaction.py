"""Commands that write several files do it as one change: a failed write undoes the others.

``init`` and ``schema export`` as users run them, with one write failing (as on a full disk or a
read-only file): what was written before it is taken back and "nothing was changed" is true.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CliRunner
from incidentctl.runs import transaction, writer
from incidentctl.runs.transaction import PartlyWritten
from incidentctl.runs.writer import WriteError


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    real = writer.write_atomic

    def write(path: Path, text: str | bytes, durable: bool = True) -> None:
        if path.name == name:
            raise WriteError(path, "be written", OSError(28, "No space left on device"))
        real(path, text, durable)

    monkeypatch.setattr("incidentctl.runs.transaction.write_atomic", write)


def test_init_that_fails_midway_leaves_no_folder_behind(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on(monkeypatch, "mkdocs.yml")  # written after .github/, README.md and docs/
    run = cli("init", tmp_path / "new-repo")
    assert (run.code, run.out) == (2, "")
    assert run.err.endswith(
        "mkdocs.yml: cannot be written (No space left on device); nothing was changed\n"
    )
    assert not (tmp_path / "new-repo").exists()


def test_init_that_fails_in_an_empty_folder_leaves_it_empty(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    _fail_on(monkeypatch, "mkdocs.yml")
    assert cli("init", tmp_path / "empty").code == 2
    assert list((tmp_path / "empty").iterdir()) == []


def test_schema_export_writes_every_stale_schema_or_none(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas = sorted((archive / "schemas").glob("*.schema.json"))
    assert len(schemas) > 2
    for path in schemas:
        path.write_text("{}\n")
    _fail_on(monkeypatch, schemas[-1].name)
    run = cli("schema", "export", "--repo", archive)
    assert (run.code, run.out) == (2, "")
    assert [p.read_text() for p in schemas] == ["{}\n"] * len(schemas)
    monkeypatch.undo()
    assert cli("schema", "export", "--repo", archive).code == 0
    assert cli("schema", "export", "--check", "--repo", archive).code == 0


def test_an_undo_that_fails_is_said_with_what_is_left(tmp_path: Path) -> None:
    first, folder = tmp_path / "first.txt", tmp_path / "locked"
    first.write_text("old\n")

    def steps_then_failure() -> None:
        with transaction.transaction() as steps:
            steps.write(first, "new\n")
            steps.mkdir(folder)
            (folder / "stray").write_text("")  # a file nobody wrote through the transaction
            raise WriteError(tmp_path / "second.txt", "be written", OSError(28, "No space left"))

    with pytest.raises(PartlyWritten) as raised:
        steps_then_failure()
    assert str(raised.value) == (
        f"{tmp_path}/second.txt: cannot be written (No space left); undoing the change failed,"
        f" these are left changed: {folder} (created)"
    )
    assert first.read_text() == "old\n"
