"""``base_listing``: the incident folders at the base's tip and at its merge base with ``HEAD``.

``validate``'s id-clash check compares this branch's new ids with them. The folder is whatever
``settings`` allows: one that starts with ``-`` (only ``--`` keeps ``ls-tree`` from reading it
as an option), one ending in ``X``, and a nested one (a name is the last part of each listed
path, not what follows its first slash). ``has_file`` and the name of ``origin/HEAD`` are asked
of the repository given, never the one the process happens to run in; a tree git cannot read
leaves nothing listed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import GitRepo
from incidentctl.history.worktree import DEFAULT_BASES, BaseListing, base_listing


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


def _both_opened_on_main(repo: GitRepo) -> None:
    repo.commit("base", {"incidents/INC-2026-0001/incident.yaml": "a\n"})
    repo.git("checkout", "-q", "-b", "mine")
    repo.git("checkout", "-q", "main")
    repo.commit("opened on main", {"incidents/INC-2026-0002/incident.yaml": "b\n"})
    repo.git("checkout", "-q", "mine")


@pytest.mark.parametrize("rev", ["main", "mine"])  # the tip, the merge base
def test_a_listing_git_cannot_read_skips_the_comparison(git_repo: GitRepo, rev: str) -> None:
    """A tree missing from the store (a partial clone offline, a damaged one): no listing."""
    _both_opened_on_main(git_repo)
    tree = git_repo.git("rev-parse", f"{rev}:incidents").strip()
    (git_repo.path / ".git/objects" / tree[:2] / tree[2:]).unlink()
    assert base_listing(git_repo.path, "incidents", ("main",)) is None


def test_origin_head_is_named_as_the_branch_it_points_to(git_repo: GitRepo, tmp_path: Path) -> None:
    _both_opened_on_main(git_repo)
    git_repo.git("branch", "-m", "main", "trunk")  # the remote's default branch is not main
    git_repo.git("checkout", "-q", "trunk")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(git_repo.path), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "mine"], check=True)
    listing = base_listing(clone, "incidents", DEFAULT_BASES)
    assert listing is not None
    assert (listing.name, listing.moved) == ("origin/trunk", True)
