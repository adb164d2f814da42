"""``history.worktree``: a file's git blob id and the user's handle, without GitPython.

The ids must equal what git computes (``check`` compares them with the index to find
uncommitted changes), for a regular file, a large one and a symbolic link, which is hashed as
its target text and never followed.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import GitRepo
from incidentctl.history.worktree import blob_id, git_user_handle
from incidentctl.load.sources import SYMLINK


def git_hash(repo: GitRepo, rel: str) -> str:
    return repo.git("ls-files", "-s", "--", rel).split()[1]


def test_ids_equal_git_for_files_and_links(git_repo: GitRepo) -> None:
    git_repo.write({"small.yaml": "a: 1\n", "big.bin": os.urandom(200_000)})
    (git_repo.path / "link").symlink_to("../outside/secret.txt")
    git_repo.commit("files")
    assert blob_id(git_repo.path / "small.yaml", "100644") == git_hash(git_repo, "small.yaml")
    assert blob_id(git_repo.path / "big.bin", "100644") == git_hash(git_repo, "big.bin")
    assert blob_id(git_repo.path / "link", SYMLINK) == git_hash(git_repo, "link")


def test_a_file_that_became_a_link_or_a_folder_has_no_id(tmp_path: Path) -> None:
    (tmp_path / "target").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "target")
    (tmp_path / "folder").mkdir()
    assert blob_id(tmp_path / "link", "100644") is None  # never followed
    assert blob_id(tmp_path / "folder", "100644") is None
    assert blob_id(tmp_path / "missing", "100644") is None


def test_the_handle_is_the_local_part_of_user_email(git_repo: GitRepo) -> None:
    assert git_user_handle(git_repo.path) is None  # nothing configured in the pinned HOME
    git_repo.git("config", "user.email", "Ahmed.Nasser@example.com")
    assert git_user_handle(git_repo.path) == "ahmed.nasser"
    git_repo.git("config", "user.email", "not a handle@example.com")
    assert git_user_handle(git_repo.path) is None
