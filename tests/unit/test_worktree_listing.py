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


def restat(text: str, path: str, st: os.stat_result) -> str:
    """The listing as if the index had recorded ``path``'s stat now but kept its old blob id."""
    head, sep, rest = text.partition(f"\t{path}\0")
    assert sep, path
    ns, low = 10**9, 0xFFFFFFFF  # the index keeps 32-bit inodes and sizes
    new = (
        f"  ctime: {st.st_ctime_ns // ns}:{st.st_ctime_ns % ns}\n"
        f"  mtime: {st.st_mtime_ns // ns}:{st.st_mtime_ns % ns}\n"
        f"  dev: \\1\tino: {st.st_ino & low}\n\\2  size: {st.st_size & low}\t"
    )
    rest, n = STAT.subn(new, rest, count=1)
    assert n == 1, "the row's stat lines read as git writes them"
    return head + sep + rest


STAT = re.compile(r"\A  ctime: \d+:\d+\n  mtime: \d+:\d+\n  dev: (\d+)\tino: \d+\n"
                  r"(  uid: \d+\tgid: \d+\n)  size: \d+\t")  # fmt: skip


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


def test_a_file_is_trusted_by_its_stat_only_racy_ns_after_the_index_was_written(
    git_repo: Scratch,
) -> None:
    """Racy git: a file edited in the clock tick its stat was recorded in keeps that stat.

    The listing here records the stat of the edited file with the blob id of the old one, as
    the index would after such an edit: while the index is not ``RACY_NS`` newer than the file,
    the file is hashed and the edit seen; after that its stat is trusted and it is not read
    (what makes ``check`` fast on a large archive).
    """
    repo = scratch(git_repo)
    path = repo.path / PATHS[0]
    path.write_text(path.read_text().upper())  # the same size: only its bytes say it changed
    st = path.stat()
    text, root = restat(listing(repo), PATHS[0], st), str(repo.path)
    assert worktree.worktree_differs(root, text, st.st_mtime_ns) is True  # written together
    assert worktree.worktree_differs(root, text, st.st_mtime_ns + worktree.RACY_NS) is True
    assert worktree.worktree_differs(root, text, st.st_mtime_ns + worktree.RACY_NS + 1) is False
