"""check and audit against real repositories: clones, shallow clones, merges, rewrites."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import REPO, CliRunner, GitRepo

BASE = (
    REPO / "tests/data/valid/minimal-investigating/repo/incidents/INC-2026-0001/incident.yaml"
).read_text()
REC = "incidents/INC-2026-0001/incident.yaml"
MITIGATE = (
    "  - at: 2026-03-01T10:40:00Z\n    type: status_change\n    status: mitigated\n    by: alice\n"
)


def mitigated(text: str = BASE) -> str:
    return text.replace("status: investigating\nseverity", "status: mitigated\nseverity") + MITIGATE


def test_not_a_git_repository_is_exit_2(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("check", "--base", "main", "--repo", tmp_path)
    assert (run.code, run.out) == (2, "")
    assert (
        run.err
        == f"incidentctl: error: {tmp_path.resolve()} is not a git repository (run it inside a clone)\n"
    )
    assert cli("audit", "--repo", tmp_path).code == 2


def test_unknown_base_says_how_to_fetch_it(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("base", {REC: BASE})
    run = cli("check", "--base", "origin/main", "--repo", git_repo.path)
    assert (run.code, run.err) == (
        2,
        "incidentctl: error: unknown revision 'origin/main'; fetch it first (git fetch origin main)\n",
    )


def test_legal_then_illegal_change_on_a_feature_branch(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("base", {REC: BASE})
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.commit("mitigate", {REC: mitigated()})
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.out) == (0, "ok: 1 file checked, no problems\n")
    git_repo.commit(
        "rewrite", {REC: mitigated().replace("    by: alice\n", "    by: mallory\n", 1)}
    )
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert run.code == 1
    assert run.out.splitlines()[0].startswith(f"{REC}:10:1: history.timeline-rewritten timeline[0]")


def test_shallow_clone_explains_what_to_fetch(
    cli: CliRunner, git_repo: GitRepo, tmp_path: Path
) -> None:
    git_repo.commit("base", {REC: BASE})
    for i in range(3):
        git_repo.commit(f"main {i}", {"incidents/README.md": f"{i}\n"})
    git_repo.git("checkout", "-q", "-b", "feature", "HEAD~2")
    git_repo.commit("mitigate", {REC: mitigated()})
    git_repo.commit("note", {"incidents/INC-2026-0001/assets/note.txt": "x\n"})
    clone = tmp_path / "clone"
    url = f"file://{git_repo.path}"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "feature", url, str(clone)], check=True
    )
    subprocess.run(
        ["git", "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main"],
        cwd=clone,
        check=True,
    )
    run = cli("check", "--base", "origin/main", "--repo", clone)
    assert run.code == 2
    assert "this clone is shallow" in run.err
    assert "fetch-depth: 0" in run.err
    assert "git fetch --deepen=" in run.err
    subprocess.run(["git", "fetch", "-q", "--unshallow", "origin"], cwd=clone, check=True)
    subprocess.run(
        ["git", "fetch", "-q", "origin", "main:refs/remotes/origin/main"], cwd=clone, check=False
    )
    assert cli("check", "--base", "origin/main", "--repo", clone).code == 0


def test_unrelated_history_is_compared_with_the_base_itself(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    git_repo.commit("base", {REC: BASE})
    git_repo.git("checkout", "-q", "--orphan", "other")
    git_repo.commit("unrelated", {REC: BASE.replace("by: alice\n", "by: bob\n", 1)})
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert run.code == 1
    assert "history.timeline-rewritten" in run.out


def test_dirty_tree_is_noted_and_not_checked(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("base", {REC: BASE})
    (git_repo.path / REC).write_text("broken: [\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.out) == (
        2,
        "nothing checked: the changes are not committed; commit them first\n",
    )
    assert run.err == "incidentctl: note: uncommitted changes are not checked; commit them first\n"


SCOPED = (
    "incidentctl: note: uncommitted changes to the files this change touches are not checked;"
    " commit them first\n"
)
OTHER = "incidents/INC-2026-0002/incident.yaml"


def _judged_change(git_repo: GitRepo, folder: str = "INC-2026-0001") -> None:
    """main holds two records; the branch moves ``folder``'s record on, committed."""
    record = f"incidents/{folder}/incident.yaml"
    text = BASE.replace("INC-2026-0001", folder)
    git_repo.commit("base", {record: text, OTHER: BASE.replace("INC-2026-0001", "INC-2026-0002")})
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.commit("mitigate", {record: mitigated(text)})


def test_an_edit_beside_the_change_is_not_part_of_it(cli: CliRunner, git_repo: GitRepo) -> None:
    _judged_change(git_repo)
    (git_repo.path / OTHER).write_text("broken: [\n")  # work in progress on another record
    (git_repo.path / "incidents/INC-2026-0003").mkdir()
    (git_repo.path / "incidents/INC-2026-0003/incident.yaml").write_text("new: [\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("ok: 1 file checked")


@pytest.mark.parametrize(
    "edit",
    ["the-judged-record", "a-new-file-in-its-folder", "a-playbook", "pyproject"],
)
def test_an_edit_to_what_the_change_touches_is_noted(
    cli: CliRunner, git_repo: GitRepo, edit: str
) -> None:
    _judged_change(git_repo)
    if edit == "the-judged-record":
        (git_repo.path / REC).write_text(mitigated() + "# more\n")
    elif edit == "a-new-file-in-its-folder":
        (git_repo.path / "incidents/INC-2026-0001/postmortem.md").write_text("# draft\n")
    elif edit == "a-playbook":
        (git_repo.path / "docs/playbooks").mkdir(parents=True)
        (git_repo.path / "docs/playbooks/db.md").write_text("# Database\n")
    else:
        (git_repo.path / "pyproject.toml").write_text("[tool.incidentctl]\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.err) == (0, SCOPED)


def test_a_renamed_records_old_folder_is_part_of_the_change(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    _judged_change(git_repo)
    git_repo.git("mv", "incidents/INC-2026-0001", "incidents/INC-2026-0005")
    moved = "incidents/INC-2026-0005/incident.yaml"
    git_repo.commit("renumber", {moved: mitigated().replace("INC-2026-0001", "INC-2026-0005")})
    (git_repo.path / "incidents/INC-2026-0001").mkdir()
    (git_repo.path / "incidents/INC-2026-0001/notes.md").write_text("left behind\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert run.err == SCOPED


def test_a_file_the_change_put_in_the_archive_itself_is_part_of_it(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    _judged_change(git_repo)
    git_repo.commit("stray", {"incidents/notes.md": "a file, not a folder\n"})
    (git_repo.path / "incidents/notes.md").write_text("edited\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert run.err == SCOPED


def test_a_folder_name_is_no_glob_in_the_uncommitted_test(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    # as a pathspec, "INC-2026-000*" would match INC-2026-0002, whose edit is not the change's
    _judged_change(git_repo, "INC-2026-000*")
    (git_repo.path / OTHER).write_text("broken: [\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert run.code == 1  # the badly named folder is reported
    assert run.err == ""


def test_past_many_folders_the_uncommitted_test_asks_about_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from incidentctl.config import Settings
    from incidentctl.history.git import ChangedFile
    from incidentctl.runs import check

    changes = [ChangedFile(f"incidents/INC-2026-000{n}/incident.yaml", "M") for n in (1, 2, 3)]
    settings = (Settings(),)
    assert check._watched(changes, settings) == [
        ":(literal)docs/playbooks",
        ":(literal)incidents/INC-2026-0001",
        ":(literal)incidents/INC-2026-0002",
        ":(literal)incidents/INC-2026-0003",
        ":(literal)pyproject.toml",
        ":(literal)schemas",
    ]
    monkeypatch.setattr(check, "_MANY_FOLDERS", 3)
    assert check._watched(changes, settings) is not None
    monkeypatch.setattr(check, "_MANY_FOLDERS", 2)
    assert check._watched(changes, settings) is None


def test_submodule_in_the_archive(cli: CliRunner, git_repo: GitRepo) -> None:
    first = git_repo.commit("base", {REC: BASE})
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.git(
        "update-index",
        "--add",
        "--cacheinfo",
        f"160000,{first},incidents/INC-2026-0001/assets/vendor",
    )
    git_repo.git("commit", "-q", "-m", "add a submodule")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "incidents/INC-2026-0001/assets/vendor:0:0: discovery.submodule submodules are not allowed in the archive"
    )


def test_audit_names_the_commit_that_bypassed_ci_even_after_a_force_push(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    closed = (REPO / "tests/data/valid/closed-sev3-without-postmortem/repo" / REC).read_text()
    git_repo.commit("closed incident", {REC: closed})
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.commit("tag it", {REC: closed + "tags: [search]\n"})
    git_repo.git("checkout", "-q", "main")
    git_repo.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature")
    git_repo.git(
        "-c",
        "user.name=Mallory",
        "-c",
        "user.email=m@example.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "noop",
    )
    edited = (
        closed.replace("title: Slow search after reindex", "title: Nothing happened")
        + "tags: [search]\n"
    )
    (git_repo.path / REC).write_text(edited)
    git_repo.git("add", "-A")
    env = ["-c", "user.name=Mallory", "-c", "user.email=m@example.com"]
    author = "--author=Mallory <m@example.com>"
    git_repo.git(
        *env, "commit", "-q", "--amend", author, "-m", "tidy up"
    )  # the force-pushed rewrite
    sha = git_repo.git("rev-parse", "HEAD").strip()
    run = cli("audit", "--repo", git_repo.path)
    assert run.code == 1
    assert run.out.splitlines() == [
        (
            f"{REC}:3:1: history.frozen 'title' changed, but the incident is closed (terminal); after"
            " closing only these may change: tags, relations, action_items[].status,"
            f" action_items[].completed_at, action_items[].notes, action_items[].tracker (commit {sha[:10]} by Mallory)"
        ),
        "failed: 3 commits replayed, 1 error, 0 warnings",
    ]


def test_audit_trail_of_one_incident(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE}, date="2026-03-01T10:06:00+00:00")
    git_repo.commit("mitigate", {REC: mitigated()}, date="2026-03-04T09:00:00+00:00")
    run = cli("audit", "INC-2026-0001", "--repo", git_repo.path)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "INC-2026-0001: 2 commits"
    assert lines[1].endswith("Test Author  (new) -> investigating")
    assert (
        lines[2]
        == "    declared: detected at 2026-03-01T10:00:00+00:00, investigating at 2026-03-01T10:05:00+00:00"
    )
    assert lines[3].endswith("Test Author  investigating -> mitigated")
    assert lines[5] == "    ! 'mitigated' was committed 2.9 days after its declared time"
    assert cli("audit", "INC-2026-0099", "--repo", git_repo.path).code == 2


def test_audit_json_and_github_formats(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("open", {REC: BASE})
    git_repo.commit(
        "silently raise severity", {REC: BASE.replace("severity: SEV2", "severity: SEV1")}
    )
    run = cli("audit", "--repo", git_repo.path, "--format", "github")
    assert run.out.startswith(
        f"::error file={REC},line=6,col=11,title=history.severity-unrecorded::severity changed"
    )
    import json

    doc = json.loads(cli("audit", "--repo", git_repo.path, "--format", "json").out)
    assert (doc["ok"], doc["commits"], doc["problems"][0]["author"]) == (False, 2, "Test Author")


def test_this_repositorys_own_history_passes_audit(cli: CliRunner) -> None:
    """The example archive is held to its own rules: no commit may rewrite a record."""
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if shallow.returncode != 0 or shallow.stdout.strip() == "true":
        import pytest

        pytest.skip("needs the full history of this repository")
    run = cli("audit", "--repo", REPO)
    assert run.code == 0, run.out
    assert run.out.endswith(" commits replayed, 0 errors, 0 warnings\n"), run.out
