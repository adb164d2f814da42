"""pyproject.toml is read like every other file: never through a link, never a FIFO (#12)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import CliRunner


def test_a_symlinked_pyproject_is_a_configuration_error(
    cli: CliRunner, archive: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text("[tool.incidentctl]\nscan_secrets = false\n")
    (archive / "pyproject.toml").unlink()
    (archive / "pyproject.toml").symlink_to(outside)
    run = cli("validate", "--repo", archive)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "incidentctl: error: pyproject.toml: cannot be used (a symbolic link); commit the file"
        " itself\n"
    )


def test_a_fifo_pyproject_does_not_hang(cli: CliRunner, archive: Path) -> None:
    (archive / "pyproject.toml").unlink()
    os.mkfifo(archive / "pyproject.toml")
    run = cli("validate", "--repo", archive)
    assert (run.code, run.err) == (2, "incidentctl: error: pyproject.toml: is not a regular file\n")
