"""What ``check`` and ``audit`` read from git: trees, blobs read ahead, and the first-parent line.

``tree`` decides which files a revision has under the configured folders (a folder named like an
option, a name holding a tab); ``prefetch`` reads the next blobs in one batch, within its byte
budget, so ``blob`` serves them without another round trip; ``on_first_parent_line`` decides
whether the audit cache of an earlier run may be extended, so a wrong "yes" would reuse a
report of a history that is gone.
"""

from __future__ import annotations

import pytest

from conftest import GitRepo as Scratch
from incidentctl.errors import GitError, UserError
from incidentctl.history import git as gitmod
from incidentctl.history.git import GitRepo
from incidentctl.load.sources import MAX_BYTES


def drop_loose_objects(repo: Scratch, shas: list[str]) -> None:
    """Remove these objects from the store: only what was read ahead can still be served."""
    for sha in shas:
        (repo.path / ".git/objects" / sha[:2] / sha[2:]).unlink()


def test_tree_lists_only_the_files_under_the_paths(git_repo: Scratch) -> None:
    git_repo.commit("base", {"incidents/a/incident.yaml": "a\n", "README.md": "r\n", "x/y": "y\n"})
    with GitRepo(git_repo.path) as g:
        assert sorted(g.tree("HEAD", ["incidents"])) == ["incidents/a/incident.yaml"]
        assert sorted(g.tree("HEAD", ["incidents", "x"])) == ["incidents/a/incident.yaml", "x/y"]


def test_tree_reads_a_folder_named_like_an_option(git_repo: Scratch) -> None:
    git_repo.commit("base", {"-records/a.yaml": "a\n", "other.yaml": "o\n"})
    with GitRepo(git_repo.path) as g:
        assert sorted(g.tree("HEAD", ["-records"])) == ["-records/a.yaml"]
        assert g.children("HEAD", "-records") == ["a.yaml"]


def test_tree_keeps_a_name_holding_a_tab_whole(git_repo: Scratch) -> None:
    git_repo.commit("base", {"incidents/a\tb.yaml": "a\n"})
    with GitRepo(git_repo.path) as g:
        entries = g.tree("HEAD", ["incidents"])
    assert list(entries) == ["incidents/a\tb.yaml"]
    assert entries["incidents/a\tb.yaml"].mode == "100644"


def test_prefetched_blobs_are_served_without_asking_git_again(git_repo: Scratch) -> None:
    files = {f"incidents/f{n}.yaml": f"{n}: value\n" for n in range(5)} | {"empty.yaml": ""}
    git_repo.commit("blobs", {**files})
    with GitRepo(git_repo.path) as g:
        tree = g.tree("HEAD", ["."])
        shas = [tree[path].sha for path in files]
        g.prefetch(shas + shas[:1])  # a repeated id is read once
        drop_loose_objects(git_repo, sorted(set(shas)))
        assert [g.blob(tree[path].sha) for path in files] == [v.encode() for v in files.values()]


def test_blobs_already_cached_are_not_read_ahead_again(git_repo: Scratch) -> None:
    git_repo.commit("blobs", {"a.yaml": "a: 1\n", "b.yaml": "b: 2\n"})
    with GitRepo(git_repo.path) as g:
        tree = g.tree("HEAD", ["."])
        a, b = tree["a.yaml"].sha, tree["b.yaml"].sha
        assert g.blob(a) == b"a: 1\n"  # cached by the first read
        g.prefetch([a, b])
        drop_loose_objects(git_repo, [a, b])
        assert (g.blob(a), g.blob(b)) == (b"a: 1\n", b"b: 2\n")


def test_the_read_ahead_stops_at_its_byte_budget(
    git_repo: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"f{n}.yaml": f"{n}: ".encode() + b"x" * (100 + n) for n in range(3)}
    git_repo.commit("blobs", {**files})
    total = sum(map(len, files.values()))
    with GitRepo(git_repo.path) as g:
        tree = g.tree("HEAD", ["."])
        by_sha = sorted((tree[path].sha, content) for path, content in files.items())
    # the whole budget is used: every blob fits exactly
    monkeypatch.setattr(gitmod, "PREFETCH_BYTES", total)
    with GitRepo(git_repo.path) as g:
        g.prefetch(sha for sha, _ in by_sha)
        drop_loose_objects(git_repo, [sha for sha, _ in by_sha])
        assert [g.blob(sha) for sha, _ in by_sha] == [content for _, content in by_sha]


def test_a_read_ahead_one_byte_over_budget_leaves_the_last_blob_to_git(
    git_repo: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"f{n}.yaml": f"{n}: ".encode() + b"x" * (100 + n) for n in range(3)}
    git_repo.commit("blobs", {**files})
    monkeypatch.setattr(gitmod, "PREFETCH_BYTES", sum(map(len, files.values())) - 1)
    with GitRepo(git_repo.path) as g:
        tree = g.tree("HEAD", ["."])
        by_sha = sorted((tree[path].sha, content) for path, content in files.items())
        g.prefetch(sha for sha, _ in by_sha)
        drop_loose_objects(git_repo, [sha for sha, _ in by_sha])
        assert [g.blob(sha) for sha, _ in by_sha[:2]] == [content for _, content in by_sha[:2]]
        with pytest.raises(ValueError, match="missing"):
            g.blob(by_sha[2][0])


def test_a_blob_over_the_limit_is_not_read_ahead(git_repo: Scratch) -> None:
    big = b"a: b\n" * (MAX_BYTES // 4)
    git_repo.commit("blobs", {"big.yaml": big, "small.yaml": "s: 1\n"})
    with GitRepo(git_repo.path) as g:
        tree = g.tree("HEAD", ["."])
        g.prefetch([tree["big.yaml"].sha])  # nothing left to read ahead
        g.prefetch([tree["big.yaml"].sha, tree["small.yaml"].sha])
        drop_loose_objects(git_repo, [tree["small.yaml"].sha])
        assert g.blob(tree["small.yaml"].sha) == b"s: 1\n"
        assert g.blob(tree["big.yaml"].sha).startswith(b"\0")  # read past by blob: withheld


@pytest.fixture
def lines(git_repo: Scratch, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """main: a - b - m (merging side: s1 - s2, dated before b) - c; lone: an unrelated root."""
    sha = {"a": git_repo.commit("a", {"f": "a\n"}, date="2026-01-01T00:00:00Z")}
    git_repo.git("checkout", "-q", "-b", "side")
    sha["s1"] = git_repo.commit("s1", {"s": "1\n"}, date="2026-01-02T00:00:00Z")
    sha["s2"] = git_repo.commit("s2", {"s": "2\n"}, date="2026-01-03T00:00:00Z")
    git_repo.git("checkout", "-q", "main")
    sha["b"] = git_repo.commit("b", {"f": "b\n"}, date="2026-01-04T00:00:00Z")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-05T00:00:00Z")
    git_repo.git("merge", "-q", "--no-ff", "-m", "m", "side")
    monkeypatch.delenv("GIT_COMMITTER_DATE")
    sha["m"] = git_repo.git("rev-parse", "HEAD").strip()
    sha["c"] = git_repo.commit("c", {"f": "c\n"}, date="2026-01-06T00:00:00Z")
    git_repo.git("checkout", "-q", "--orphan", "lone")
    sha["lone"] = git_repo.commit("lone", {"l": "l\n"}, date="2026-01-07T00:00:00Z")
    return sha


@pytest.mark.parametrize(
    ("base", "head", "expected"),
    [
        ("c", "c", True),  # the same commit
        ("m", "c", True),  # the parent
        ("a", "c", True),  # further down the first-parent line
        ("b", "c", True),  # the merge's first parent
        ("s1", "c", False),  # merged in, but from the side: not on the line
        ("s2", "c", False),  # the merge's second parent
        ("c", "a", False),  # a descendant of head
        ("lone", "c", False),  # an unrelated history
        ("0" * 40, "c", False),  # unknown (collected after a force push)
    ],
)
def test_on_first_parent_line(
    lines: dict[str, str], git_repo: Scratch, base: str, head: str, expected: bool
) -> None:
    with GitRepo(git_repo.path) as g:
        assert g.on_first_parent_line(lines.get(base, base), lines[head]) is expected


def test_a_blob_of_exactly_the_limit_is_read_ahead(git_repo: Scratch) -> None:
    edge = b"x" * MAX_BYTES
    git_repo.commit("blob", {"edge.yaml": edge})
    with GitRepo(git_repo.path) as g:
        sha = g.tree("HEAD", ["."])["edge.yaml"].sha
        assert g.blob(sha) == edge  # read by blob itself: not withheld either
    with GitRepo(git_repo.path) as g:
        g.prefetch([sha])
        drop_loose_objects(git_repo, [sha])
        assert g.blob(sha) == edge


def test_a_read_ahead_that_git_refuses_is_a_git_error(git_repo: Scratch) -> None:
    git_repo.commit("blob", {"a.yaml": "a: 1\n"})
    with GitRepo(git_repo.path) as g:
        sha = g.tree("HEAD", ["."])["a.yaml"].sha
        (git_repo.path / ".git").rename(git_repo.path.parent / "moved.git")
        with pytest.raises(GitError, match=r"^git cat-file failed: fatal: not a git repository"):
            g.prefetch([sha])


def test_a_git_failure_names_the_command_and_the_first_line_git_said(git_repo: Scratch) -> None:
    git_repo.commit("base", {"a.yaml": "a: 1\n"})
    with GitRepo(git_repo.path) as g, pytest.raises(GitError) as failed:
        g.tree("no-such-rev", ["."])
    assert str(failed.value) == "git ls-tree failed: fatal: Not a valid object name no-such-rev"


def test_a_folder_inside_a_repository_is_not_opened_as_that_repository(git_repo: Scratch) -> None:
    """No search upward: an archive copied into another repository's tree is not that one."""
    git_repo.commit("base", {"archive/incidents/a/incident.yaml": "a: 1\n"})
    with pytest.raises(GitError) as refused:
        GitRepo(git_repo.path / "archive")
    assert str(refused.value) == (
        f"{git_repo.path / 'archive'} is not a git repository (run it inside a clone)"
    )


def test_resolve_refuses_an_option_and_says_how_to_get_an_unknown_revision(
    git_repo: Scratch,
) -> None:
    head = git_repo.commit("base", {"a.yaml": "a: 1\n"})
    with GitRepo(git_repo.path) as g:
        assert g.resolve("HEAD") == head
        with pytest.raises(UserError) as refused:
            g.resolve("--output=/tmp/x")
        assert str(refused.value) == "'--output=/tmp/x' is not a revision"
        with pytest.raises(GitError) as local:
            g.resolve("no-such-branch")
        assert str(local.value) == "unknown revision 'no-such-branch'"
        with pytest.raises(GitError) as remote:
            g.resolve("origin/feature")
        assert str(remote.value) == (
            "unknown revision 'origin/feature'; fetch it first (git fetch origin feature)"
        )


def test_a_clean_tree_whose_first_entry_is_a_link_is_committed(git_repo: Scratch) -> None:
    git_repo.write({"incidents/a/incident.yaml": "id: a\n"})
    (git_repo.path / "incidents/a-link").symlink_to("a/incident.yaml")  # listed first
    git_repo.commit("base")
    with GitRepo(git_repo.path) as g:
        assert g.uncommitted(["incidents"]) is False


def test_a_change_to_the_last_indexed_file_is_uncommitted(git_repo: Scratch) -> None:
    git_repo.commit("base", {f"incidents/{n}/incident.yaml": f"id: {n}\n" for n in "abc"})
    git_repo.write({"incidents/c/incident.yaml": "id: C\n"})  # same size, other bytes
    with GitRepo(git_repo.path) as g:
        assert g.uncommitted(["incidents"]) is True


def test_a_blob_that_fills_the_cache_exactly_is_kept(
    git_repo: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_repo.commit("blob", {"a.yaml": "a: 1\n"})
    monkeypatch.setattr(gitmod, "BLOB_CACHE_BYTES", len(b"a: 1\n"))
    with GitRepo(git_repo.path) as g:
        sha = g.tree("HEAD", ["."])["a.yaml"].sha
        assert g.blob(sha) == b"a: 1\n"
        drop_loose_objects(git_repo, [sha])
        assert g.blob(sha) == b"a: 1\n"  # from the cache


def test_a_git_failure_keeps_a_revision_name_ending_in_x(git_repo: Scratch) -> None:
    git_repo.commit("base", {"a.yaml": "a: 1\n"})
    with GitRepo(git_repo.path) as g, pytest.raises(GitError) as failed:
        g.tree("releaseX", ["."])
    assert str(failed.value) == "git ls-tree failed: fatal: Not a valid object name releaseX"


def test_a_read_ahead_refusal_in_another_encoding_is_shown_cut_to_200_characters(
    git_repo: Scratch,
) -> None:
    """git names the repository path it could not open: bytes that are not UTF-8, and long."""
    git_repo.commit("blob", {"a.yaml": "a: 1\n"})
    gone = b"/nowhere/caf\xe9/" + b"d" * 250
    with GitRepo(git_repo.path) as g:
        sha = g.tree("HEAD", ["."])["a.yaml"].sha
        (git_repo.path / ".git").rename(git_repo.path.parent / "moved.git")
        (git_repo.path / ".git").write_bytes(b"gitdir: " + gone + b"\n")
        with pytest.raises(GitError) as refused:
            g.prefetch([sha])
    said = str(refused.value).removeprefix("git cat-file failed: ")
    assert said == f"fatal: not a git repository: {gone.decode(errors='replace')}"[:200]
    assert "caf\ufffd/" in said


def test_children_of_a_folder_whose_name_ends_in_x(git_repo: Scratch) -> None:
    git_repo.commit("base", {"recordsX/a/incident.yaml": "a\n", "recordsX/b.md": "b\n",
                             "records/c/incident.yaml": "c\n"})  # fmt: skip
    with GitRepo(git_repo.path) as g:
        assert g.children("HEAD", "recordsX") == ["a", "b.md"]
        assert g.children("HEAD", "recordsX/") == ["a", "b.md"]
