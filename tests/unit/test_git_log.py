"""``GitRepo.log`` and ``commits_between`` on real repositories: every field of every commit.

The audit and the trail read history only through ``log``; these tests pin what it returns
(the walk, the range, the path filter, renames, full blob ids, the header fields), which the
end-to-end audit tests cannot tell apart (docs/maintainers/mutation.md).
"""

from __future__ import annotations

import re

from conftest import GitRepo as Scratch
from incidentctl.history.git import ChangedFile, Commit, GitRepo, _parse_raw

SHA = re.compile(r"^[0-9a-f]{40}$")


def blob(repo: Scratch, rev: str, path: str) -> str:
    return repo.git("rev-parse", f"{rev}:{path}").strip()


def test_each_commit_with_its_author_email_time_subject_and_full_blob_ids(
    git_repo: Scratch,
) -> None:
    one = git_repo.commit("first", {"incidents/a.yaml": "a: 1\n", "README": "x\n"},
                          date="2026-01-02T03:04:05+01:00")  # fmt: skip
    two = git_repo.commit("second: a \x1f in the subject", {"incidents/a.yaml": "a: 2\n"},
                          date="2026-01-03T00:00:00Z")  # fmt: skip
    with GitRepo(git_repo.path) as repo:
        got = list(repo.log("HEAD", None, ["incidents"]))
    assert got == [
        Commit(one, "Test Author", "author@example.com", "2026-01-02T03:04:05+01:00", "first",
               (ChangedFile("incidents/a.yaml", "A", None, None, blob(git_repo, one, "incidents/a.yaml"), "100644"),)),
        Commit(two, "Test Author", "author@example.com", "2026-01-03T00:00:00+00:00",
               "second: a \x1f in the subject",
               (ChangedFile("incidents/a.yaml", "M", None, blob(git_repo, one, "incidents/a.yaml"),
                            blob(git_repo, two, "incidents/a.yaml"), "100644"),)),
    ]  # fmt: skip
    assert all(SHA.match(c.changes[0].new_blob or "") for c in got)


def test_a_deletion_has_the_old_blob_and_no_new_one(git_repo: Scratch) -> None:
    one = git_repo.commit("add", {"incidents/a.yaml": "a: 1\n"})
    git_repo.commit("delete", {"incidents/a.yaml": None})
    with GitRepo(git_repo.path) as repo:
        last = list(repo.log("HEAD", None, ["incidents"]))[-1]
    old = blob(git_repo, one, "incidents/a.yaml")
    assert last.changes == (ChangedFile("incidents/a.yaml", "D", None, old, None, "000000"),)


def test_since_excludes_what_came_before_and_paths_filter_commits(git_repo: Scratch) -> None:
    base = git_repo.commit("base", {"incidents/a.yaml": "a: 1\n"})
    git_repo.commit("outside the paths", {"README": "y\n"})
    inside = git_repo.commit("inside", {"incidents/b.yaml": "b: 1\n"})
    with GitRepo(git_repo.path) as repo:
        assert [c.sha for c in repo.log("HEAD", base, ["incidents"])] == [inside]
        assert [c.subject for c in repo.log("HEAD", None, ["incidents"])] == ["base", "inside"]
        assert repo.commits_between(base, "HEAD") == 2
        assert repo.commits_between("HEAD", "HEAD") == 0


def test_a_rename_is_one_change_with_its_old_path(git_repo: Scratch) -> None:
    git_repo.git("config", "diff.renames", "false")  # a clone's config cannot turn it off
    text = "".join(f"line {i}\n" for i in range(40))
    git_repo.commit("add", {"incidents/old.yaml": text})
    git_repo.git("mv", "incidents/old.yaml", "incidents/new.yaml")
    git_repo.commit("rename")
    with GitRepo(git_repo.path) as repo:
        last = list(repo.log("HEAD", None, ["incidents"]))[-1]
    assert [(c.change[0], c.path, c.old_path) for c in last.changes] == [
        ("R", "incidents/new.yaml", "incidents/old.yaml")
    ]
    same = blob(git_repo, "HEAD", "incidents/new.yaml")  # a pure rename keeps the blob
    assert (last.changes[0].old_blob, last.changes[0].new_blob) == (same, same)
    assert last.changes[0].new_mode == "100644"


def test_first_parent_is_the_default_and_the_other_walk_skips_merges(git_repo: Scratch) -> None:
    git_repo.commit("base", {"incidents/a.yaml": "a: 1\n"})
    git_repo.git("checkout", "-q", "-b", "side")
    side = git_repo.commit("on the side", {"incidents/b.yaml": "b: 1\n"})
    git_repo.git("checkout", "-q", "main")
    git_repo.commit("on main", {"incidents/c.yaml": "c: 1\n"})
    git_repo.git("-c", "commit.gpgsign=false", "merge", "-q", "--no-ff", "-m", "merge side", "side")
    with GitRepo(git_repo.path) as repo:
        gate = list(repo.log("HEAD", None, ["incidents"]))
        trail = list(repo.log("HEAD", None, ["incidents"], first_parent=False))
    assert [c.subject for c in gate] == ["base", "on main", "merge side"]
    assert [ch.path for ch in gate[-1].changes] == ["incidents/b.yaml"]  # against its first parent
    assert side not in [c.sha for c in gate]
    assert sorted(c.subject for c in trail) == ["base", "on main", "on the side"]


def pathspec_log(repo: Scratch, paths: list[str]) -> list[tuple[str, tuple[ChangedFile, ...]]]:
    """What ``git log -- paths`` itself says: the oracle for the filter ``log`` applies (#17)."""
    out = repo.git(
        "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-z", "--raw",
        "--no-abbrev", "-M", "--format=%x1e%H", "--", *paths,
    )  # fmt: skip
    commits = []
    for chunk in out.split("\x1e")[1:]:
        sha, _, rest = chunk.partition("\0")
        commits.append((sha.strip(), tuple(_parse_raw(rest.lstrip("\n").split("\0")))))
    return commits


def test_the_path_filter_answers_as_git_pathspec_does_across_its_edge(git_repo: Scratch) -> None:
    """Renames into, out of and beside the paths; a merge; a commit outside them only."""
    text = "".join(f"line {i}\n" for i in range(40))
    git_repo.commit("add", {"outside/a.yaml": text, "incidents/x/incident.yaml": text + "x\n",
                            "schemasX/s.yaml": "s: 1\n"})  # fmt: skip
    git_repo.commit(
        "move in", {"outside/a.yaml": None, "incidents/a/incident.yaml": text}
    )  # git log -- incidents: an addition, not a rename
    git_repo.commit(
        "move out", {"incidents/x/incident.yaml": None, "elsewhere.yaml": text + "x\n"}
    )  # a deletion
    # an outside file deleted and a similar one added inside: pathspec pairing sees no source
    git_repo.commit("swap", {"schemasX/s.yaml": None, "incidents/b/incident.yaml": text + "b\n",
                             "elsewhere.yaml": None, "incidents/c/incident.yaml": "c: 1\n"})  # fmt: skip
    git_repo.commit("outside only", {"README": "r\n", "schemasX/t.yaml": "t: 1\n"})
    git_repo.commit("rename inside", {"incidents/c/incident.yaml": None,
                                      "incidents/d/incident.yaml": "c: 1\n", "notes.txt": "n\n"})  # fmt: skip
    git_repo.git("checkout", "-q", "-b", "side")
    git_repo.commit("side", {"incidents/e/incident.yaml": "e: 1\n", "README": "s\n"})
    git_repo.git("checkout", "-q", "main")
    git_repo.git("-c", "commit.gpgsign=false", "merge", "-q", "--no-ff", "-m", "merge", "side")
    paths = ["incidents", "docs/playbooks", "schemas"]
    with GitRepo(git_repo.path) as repo:
        got = [(c.sha, c.changes) for c in repo.log("HEAD", None, paths)]
    assert got == pathspec_log(git_repo, paths)
    assert len(got) == 6  # "outside only" is not a commit of the archive


def test_a_commit_git_pairs_only_within_the_paths_is_asked_again_with_them(
    git_repo: Scratch,
) -> None:
    """A move inside the paths beside an addition or a deletion outside them.

    Over the whole tree git has more candidates than its rename limit (set low here, as a
    repository may), so it pairs nothing; within ``incidents`` one deletion and one addition
    are a rename. The filter must ask git again for both an outside addition and an outside
    deletion: either alone is enough to change the pairing.
    """
    git_repo.git("config", "diff.renameLimit", "1")
    text = "".join(f"line {i}\n" for i in range(40))
    # different base names: git pairs equal base names before it applies the limit
    git_repo.commit("open", {"incidents/a/incident.yaml": text, "gone.txt": "unrelated\n"})
    git_repo.commit("move beside an outside addition", {
        "incidents/a/incident.yaml": None, "incidents/b/record.yaml": text + "b\n",
        "notes.txt": "something else entirely\n"})  # fmt: skip
    git_repo.commit("move beside an outside deletion", {
        "incidents/b/record.yaml": None, "incidents/c/entry.yaml": text + "c\n",
        "gone.txt": None})  # fmt: skip
    with GitRepo(git_repo.path) as repo:
        got = [(c.sha, c.changes) for c in repo.log("HEAD", None, ["incidents"])]
    assert got == pathspec_log(git_repo, ["incidents"])
    assert [[(ch.change, ch.old_path, ch.path) for ch in c] for _, c in got[1:]] == [
        [("R", "incidents/a/incident.yaml", "incidents/b/record.yaml")],
        [("R", "incidents/b/record.yaml", "incidents/c/entry.yaml")],
    ]


def test_a_folder_whose_name_ends_in_x_is_matched_whole(git_repo: Scratch) -> None:
    """``recordsX``: a file named ``records`` is outside it, ``recordsX/...`` inside."""
    git_repo.commit("open", {"recordsX/a/incident.yaml": "a: 1\n", "records": "r\n"})
    git_repo.commit("edit beside", {"recordsX/a/incident.yaml": "a: 2\n", "records": "s\n"})
    git_repo.commit("outside only", {"records": "t\n"})
    with GitRepo(git_repo.path) as repo:
        got = [(c.sha, c.changes) for c in repo.log("HEAD", None, ["recordsX"])]
    assert got == pathspec_log(git_repo, ["recordsX"])
    assert [[ch.path for ch in c] for _, c in got] == [["recordsX/a/incident.yaml"]] * 2
