"""The other questions ``check`` asks git, each pinned on a real repository.

``uncommitted`` decides whether ``check`` judges the working tree or only commits, so each way
a file can differ from HEAD (staged, modified, untracked, ignored, outside the paths, a link)
has its answer; ``changed_files``, ``merge_base``, ``committed_at`` and ``children`` are what
a pull request's check is built from.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from conftest import GitRepo as Scratch
from incidentctl.history.git import GitRepo

SHA = re.compile(r"^[0-9a-f]{40}$")
TEXT = "".join(f"line {i}\n" for i in range(40))


@pytest.fixture
def repo(git_repo: Scratch) -> Scratch:
    git_repo.write({".gitignore": "*.tmp\n", "incidents/a/incident.yaml": TEXT, "other/x": "x\n"})
    (git_repo.path / "incidents/a/link").symlink_to("incident.yaml")
    git_repo.commit("base")
    return git_repo


def uncommitted(repo: Scratch) -> bool:
    with GitRepo(repo.path) as g:
        return g.uncommitted(["incidents"])


def test_a_clean_tree_with_a_committed_link_is_committed(repo: Scratch) -> None:
    assert uncommitted(repo) is False


def test_a_staged_change_is_uncommitted_even_when_the_file_equals_the_index(repo: Scratch) -> None:
    repo.write({"incidents/a/incident.yaml": TEXT + "more\n"})
    repo.git("add", "incidents/a/incident.yaml")
    assert uncommitted(repo) is True


def test_a_modified_tracked_file_is_uncommitted(repo: Scratch) -> None:
    repo.write({"incidents/a/incident.yaml": TEXT + "more\n"})
    assert uncommitted(repo) is True


def test_an_untracked_file_is_uncommitted_unless_ignored(repo: Scratch) -> None:
    repo.write({"incidents/a/notes.tmp": "ignored\n"})
    assert uncommitted(repo) is False
    repo.write({"incidents/b/incident.yaml": "new\n"})
    assert uncommitted(repo) is True


def test_changes_outside_the_paths_do_not_count(repo: Scratch) -> None:
    repo.write({"other/x": "changed\n", "other/new": "new\n"})
    repo.git("add", "other/x")
    repo.write({"other/x": "changed again, not staged\n", "other/y": "untracked\n"})
    assert uncommitted(repo) is False


def test_a_tracked_name_with_a_tab_is_read_whole(git_repo: Scratch) -> None:
    git_repo.commit("tab", {"incidents/a\tb.yaml": "a: 1\n"})
    assert uncommitted(git_repo) is False
    git_repo.write({"incidents/a\tb.yaml": "a: 2\n"})
    assert uncommitted(git_repo) is True


def test_a_deleted_tracked_file_is_uncommitted(repo: Scratch) -> None:
    repo.write({"incidents/a/incident.yaml": None})  # deleted, the deletion not staged
    assert uncommitted(repo) is True


def test_a_file_touched_but_not_changed_is_committed(repo: Scratch) -> None:
    path = repo.path / "incidents/a/incident.yaml"
    path.write_text(TEXT)  # the same bytes written again, and dated a day back:
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 86_400 * 10**9))
    assert uncommitted(repo) is False  # a stat unlike the index's is hashed, not reported


def test_a_folder_named_like_an_option_is_read_as_a_path(git_repo: Scratch) -> None:
    git_repo.commit("base", {"-records/a/incident.yaml": TEXT})
    with GitRepo(git_repo.path) as g:
        assert g.uncommitted(["-records"]) is False
        git_repo.write({"-records/b/incident.yaml": "new\n"})
        assert g.uncommitted(["-records"]) is True  # untracked
        git_repo.write({"-records/b/incident.yaml": None, "-records/a/incident.yaml": "a: 2\n"})
        assert g.uncommitted(["-records"]) is True  # modified


def test_an_index_kept_elsewhere_is_read_and_its_files_hashed(
    repo: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``GIT_INDEX_FILE`` names another index: no ``.git/index`` to date it, so nothing is
    trusted from its stat, and each file is hashed."""
    (repo.path / ".git/index").rename(repo.path / ".git/index.other")
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo.path / ".git/index.other"))
    assert uncommitted(repo) is False
    repo.write({"incidents/a/incident.yaml": TEXT.upper()})  # the same size
    assert uncommitted(repo) is True


def test_a_change_listed_after_a_submodule_is_uncommitted(git_repo: Scratch) -> None:
    Scratch(git_repo.path / "incidents/a-sub").commit("inside", {"f": "f\n"})
    git_repo.commit("a submodule, then a record", {"incidents/b/incident.yaml": TEXT})
    assert git_repo.git("ls-files", "-s", "incidents/a-sub").startswith("160000 ")
    assert uncommitted(git_repo) is False
    git_repo.write({"incidents/b/incident.yaml": TEXT + "more\n"})
    assert uncommitted(git_repo) is True


def test_changed_files_finds_renames_and_copies_with_full_ids(repo: Scratch) -> None:
    repo.git("config", "diff.renames", "false")  # a clone's config cannot turn them off
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write({"incidents/c/incident.yaml": TEXT, "incidents/a/incident.yaml": TEXT + "x\n"})
    repo.git("mv", "other/x", "incidents/x")
    repo.write({"other/z": "outside\n"})
    head = repo.commit("copy, rename, edit")
    with GitRepo(repo.path) as g:
        got = g.changed_files(base, head, ["incidents"])
    assert sorted((c.change[0], c.path, c.old_path) for c in got) == [
        ("A", "incidents/x", None),  # renamed from outside the paths: an addition here
        ("C", "incidents/c/incident.yaml", "incidents/a/incident.yaml"),
        ("M", "incidents/a/incident.yaml", None),
    ]
    assert all(SHA.match(c.new_blob or "") for c in got)


def test_merge_base_of_diverged_and_unrelated_histories(repo: Scratch) -> None:
    fork = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "side")
    side = repo.commit("side", {"incidents/s": "s\n"})
    repo.git("checkout", "-q", "main")
    main = repo.commit("main", {"incidents/m": "m\n"})
    repo.git("checkout", "-q", "--orphan", "lone")
    lone = repo.commit("unrelated", {"lone": "l\n"})
    with GitRepo(repo.path) as g:
        assert g.merge_base(main, side) == fork
        assert g.merge_base(side, main) == fork
        assert g.merge_base(main, lone) is None


def test_committed_at_is_the_committer_date_of_that_revision(git_repo: Scratch) -> None:
    first = git_repo.commit("one", {"a": "1\n"}, date="2026-01-02T03:04:05+01:00")
    git_repo.commit("two", {"a": "2\n"}, date="2026-02-01T00:00:00Z")
    with GitRepo(git_repo.path) as g:
        assert g.committed_at(first) == dt.datetime(
            2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))
        )


def test_children_are_the_names_directly_under_a_folder(repo: Scratch) -> None:
    repo.commit("more", {"incidents/b/incident.yaml": "b\n", "docs/playbooks/db.md": "d\n"})
    with GitRepo(repo.path) as g:
        assert g.children("HEAD", "incidents") == ["a", "b"]
        assert g.children("HEAD", "incidents/") == ["a", "b"]
        assert g.children("HEAD", "docs/playbooks") == ["db.md"]


def test_the_racy_test_uses_the_index_git_reads_not_dot_git_index(
    repo: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a pre-commit hook runs with GIT_INDEX_FILE naming git's temporary index: the stats
    # ls-files lists are that index's, so its write time decides what is racily clean
    alt = repo.path / ".git" / "hook-index"
    monkeypatch.setenv("GIT_INDEX_FILE", str(alt))
    repo.git("read-tree", "HEAD")
    repo.git("update-index", "-q", "--refresh")
    os.utime(repo.path / ".git/index", ns=(0, 0))  # .git/index looks written long ago
    seen: list[int] = []

    def spy(root: str, listing: str, index_mtime: int) -> bool:
        seen.append(index_mtime)
        return False

    monkeypatch.setattr("incidentctl.history.git.worktree_differs", spy)
    assert uncommitted(repo) is False
    assert seen == [alt.stat().st_mtime_ns]


def test_the_racy_test_finds_the_repositorys_index_from_any_folder(
    repo: Scratch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # git names the index relative to the repository (.git/index): not to where we run
    seen: list[int] = []

    def spy(root: str, listing: str, index_mtime: int) -> bool:
        seen.append(index_mtime)
        return False

    monkeypatch.setattr("incidentctl.history.git.worktree_differs", spy)
    monkeypatch.chdir(tmp_path)
    assert uncommitted(repo) is False
    assert seen == [(repo.path / ".git/index").stat().st_mtime_ns]
