"""``check``'s uncommitted test reads git's index listing one row per regular-expression match.

The match must give what the field-by-field parse gives, for every row of a real listing
(paths with spaces, tabs, newlines, non-ASCII, a symlink, an executable); a row the pattern
does not read (another git's debug format) still goes through the field-by-field parse, never
dropped; and a file whose recorded stat no longer matches is hashed, so a same-size edit is
still seen.
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from conftest import GitRepo as Scratch
from incidentctl.history import worktree

PATHS = ["incidents/a/incident.yaml", "incidents/b c/x\ty.md", "incidents/n\nl/é.yaml",
         "incidents/run.sh"]  # fmt: skip


def listing(repo: Scratch) -> str:
    out = subprocess.run(
        ["git", "ls-files", "--stage", "--debug", "-z", "--", "incidents"],
        cwd=repo.path, capture_output=True, check=True,
    ).stdout  # fmt: skip
    return os.fsdecode(out)


def field_by_field(text: str) -> list[tuple[str, str, str, tuple[int, ...] | None]]:
    """The rows as the fallback reads them: a pattern that never matches forces it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(worktree, "_ROW", re.compile(r"(?!)"))
        return list(worktree._staged(text))


def scratch(git_repo: Scratch) -> Scratch:
    git_repo.write({p: f"{p}\n" for p in PATHS})
    (git_repo.path / "incidents/run.sh").chmod(0o755)
    (git_repo.path / "incidents/link").symlink_to("a/incident.yaml")
    git_repo.commit("base")
    return git_repo


def test_the_match_reads_every_row_as_the_fields_do(git_repo: Scratch) -> None:
    text = listing(scratch(git_repo))
    rows = list(worktree._staged(text))
    assert sorted(r[0] for r in rows) == sorted([*PATHS, "incidents/link"])
    assert all(r[3] is not None for r in rows)
    assert rows == field_by_field(text)


def test_a_row_in_another_format_is_parsed_field_by_field(git_repo: Scratch) -> None:
    text = listing(scratch(git_repo))
    odd = text.replace("\tflags: 0\n", "\tflags: 0 extra\n", 1)  # only the first row differs
    rows = list(worktree._staged(odd))
    assert len(rows) == len(PATHS) + 1
    assert rows == field_by_field(odd)


def test_a_same_size_edit_is_uncommitted(git_repo: Scratch) -> None:
    repo = scratch(git_repo)
    index_mtime = (repo.path / ".git/index").stat().st_mtime_ns
    root = str(repo.path)
    # the index was just written: every file is racily clean, so each is hashed, unchanged
    assert worktree.worktree_differs(root, listing(repo), index_mtime) is False
    later = index_mtime + 10 * worktree.RACY_NS  # as if the index were written long after
    assert worktree.worktree_differs(root, listing(repo), later) is False
    path = repo.path / PATHS[0]
    path.write_text(path.read_text().upper())  # same size, new stat
    assert worktree.worktree_differs(root, listing(repo), later) is True


def test_a_row_in_another_format_is_hashed_not_trusted(git_repo: Scratch) -> None:
    repo = scratch(git_repo)
    later = (repo.path / ".git/index").stat().st_mtime_ns + 10 * worktree.RACY_NS
    odd = listing(repo).replace("\tflags: 0\n", "\tflags: 0 extra\n", 1)  # no stat for row 1
    assert worktree.worktree_differs(str(repo.path), odd, later) is False
    path = repo.path / PATHS[0]
    path.write_text(path.read_text().upper())
    assert worktree.worktree_differs(str(repo.path), odd, later) is True


def test_an_edit_after_files_whose_stat_matches_is_uncommitted(git_repo: Scratch) -> None:
    repo = scratch(git_repo)
    later = (repo.path / ".git/index").stat().st_mtime_ns + 10 * worktree.RACY_NS
    last = repo.path / "incidents/run.sh"  # the last row of the listing
    assert list(worktree._staged(listing(repo)))[-1][0] == "incidents/run.sh"
    last.write_text(last.read_text().upper())
    assert worktree.worktree_differs(str(repo.path), listing(repo), later) is True
