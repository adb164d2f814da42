"""``upstream_names``: the names under the incidents folder on the remote's default branch.

``new`` skips the ids listed there. The folder is whatever ``settings`` allows: one that
starts with ``-`` (only ``--`` keeps git from reading it as an option), one ending in ``X``,
and a nested one (a name is the last part of each listed path, not what follows its first
slash).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import GitRepo
from incidentctl.history.worktree import upstream_names


@pytest.mark.parametrize("folder", ["-records", "recordsX", "ops/incidents"])
def test_the_names_under_the_folder_on_the_remote(
    git_repo: GitRepo, tmp_path: Path, folder: str
) -> None:
    git_repo.commit("base", {
        f"{folder}/INC-2026-0001/incident.yaml": "a\n", f"{folder}/INC-2026-0002/x.md": "b\n",
        "records/INC-2026-0009/incident.yaml": "c\n", "ops/other/INC-2026-0008/x": "d\n",
    })  # fmt: skip
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(git_repo.path), str(clone)], check=True)
    assert upstream_names(clone, folder) == ["INC-2026-0001", "INC-2026-0002"]
    assert upstream_names(clone, folder + "/") == ["INC-2026-0001", "INC-2026-0002"]


def test_no_names_without_a_remote(git_repo: GitRepo) -> None:
    git_repo.commit("base", {"incidents/INC-2026-0001/incident.yaml": "a\n"})
    assert upstream_names(git_repo.path, "incidents") == []
