"""``base_listing``: the incident folders at the base's tip and at its merge base with ``HEAD``.

``validate``'s id-clash check compares this branch's new ids with them. The folder is whatever
``settings`` allows: one that starts with ``-`` (only ``--`` keeps ``ls-tree`` from reading it
as an option), one ending in ``X``, and a nested one (a name is the last part of each listed
path, not what follows its first slash). ``has_file`` asks the repository it was given, never
the one the process happens to run in.
"""

from __future__ import annotations

import pytest

from conftest import GitRepo
from incidentctl.history.worktree import BaseListing, base_listing


@pytest.mark.parametrize("folder", ["-records", "recordsX", "ops/incidents"])
def test_the_base_lists_its_names_under_the_folder_at_the_tip_and_the_merge_base(
    git_repo: GitRepo, folder: str
) -> None:
    git_repo.commit("base", {
        f"{folder}/INC-2026-0001/incident.yaml": "a\n",
        "records/INC-2026-0009/incident.yaml": "c\n", "ops/other/INC-2026-0008/x": "d\n",
    })  # fmt: skip
    git_repo.git("checkout", "-q", "-b", "mine")
    git_repo.git("checkout", "-q", "main")
    git_repo.commit("opened on main", {f"{folder}/INC-2026-0002/incident.yaml": "b\n"})
    git_repo.git("checkout", "-q", "mine")
    listing = base_listing(git_repo.path, folder, ("main",))
    assert listing == BaseListing(
        "main", frozenset({"INC-2026-0001", "INC-2026-0002"}), frozenset({"INC-2026-0001"}), True
    )
    assert listing.has_file(git_repo.path, f"{folder}/INC-2026-0002/incident.yaml")
    assert not listing.has_file(git_repo.path, f"{folder}/INC-2026-0003/incident.yaml")
