"""check and audit against real repositories: clones, shallow clones, merges, rewrites."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import REPO, CliRunner, GitRepo, run_subprocess

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
WHOLE = "incidentctl: note: uncommitted changes are not checked; commit them first\n"
OTHER = "incidents/INC-2026-0002/incident.yaml"
OK = "ok: 1 file checked, no problems\n"


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
    assert (run.code, run.out, run.err) == (0, OK, "")


@pytest.mark.parametrize(
    "edit",
    ["the-judged-record", "a-new-file-in-its-folder", "a-playbook", "a-policy-file", "pyproject"],
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
    elif edit == "a-policy-file":
        (git_repo.path / "schemas").mkdir()
        (git_repo.path / "schemas/services.yaml").write_text("schema_version: 1\n")
    else:
        (git_repo.path / "pyproject.toml").write_text("[tool.incidentctl]\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.out, run.err) == (0, OK, SCOPED)


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
    assert (run.code, run.err) == (1, SCOPED)
    assert run.out.endswith("failed: 1 file checked, 1 error, 0 warnings\n")
    assert "history.incident-deleted" in run.out  # a renamed record is a deleted one


def test_a_record_moved_with_the_archive_folder_is_watched_where_it_is_now(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    """The change moves the archive (pyproject's incidents_dir): its new place is watched."""
    git_repo.commit("base", {REC: BASE})
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.git("mv", "incidents", "records")
    git_repo.commit(
        "move the archive", {"pyproject.toml": '[tool.incidentctl]\nincidents_dir = "records"\n'}
    )
    (git_repo.path / "records/INC-2026-0001/incident.yaml").write_text(mitigated())
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert run.err == SCOPED


def test_a_file_the_change_put_in_the_archive_itself_is_part_of_it(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    _judged_change(git_repo)
    git_repo.commit("stray", {"incidents/notes.md": "a file, not a folder\n"})
    (git_repo.path / "incidents/notes.md").write_text("edited\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    stray = "incidents/notes.md:0:0: discovery.unexpected-file incident records live in folders\n"
    assert (run.code, run.out, run.err) == (
        0, stray + "ok: 1 file checked, 0 errors, 1 warning\n", SCOPED
    )  # fmt: skip


def test_a_change_that_judges_nothing_is_committed_all_the_same(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    """Only a file nothing reads is committed; work in progress elsewhere is not the change."""
    git_repo.commit("base", {REC: BASE, OTHER: BASE.replace("INC-2026-0001", "INC-2026-0002")})
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.commit("a readme", {"incidents/README.md": "How we file incidents.\n"})
    (git_repo.path / OTHER).write_text("broken: [\n")  # not part of what the change touches
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    nothing = (
        "nothing checked: the change touches no incident, postmortem, playbook or policy file\n"
    )
    assert (run.code, run.out, run.err) == (0, nothing, "")
    # an edit to the committed file itself is noted, and the change is still committed
    (git_repo.path / "incidents/README.md").write_text("How we file them now.\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.out, run.err) == (0, nothing, SCOPED)


def test_a_missing_incident_may_be_uncommitted_so_the_note_covers_the_archive(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    _judged_change(git_repo)
    related = mitigated().replace("roles:", "relations:\n  related: [INC-2026-0003]\nroles:", 1)
    git_repo.commit("relate", {REC: related})
    (git_repo.path / "incidents/INC-2026-0003").mkdir()  # filed, but not committed
    (git_repo.path / "incidents/INC-2026-0003/incident.yaml").write_text(BASE)
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.err) == (1, WHOLE)
    assert "ref.unknown-incident" in run.out


def test_past_the_argument_budget_the_note_covers_the_archive(
    cli: CliRunner, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incidentctl.runs import check

    _judged_change(git_repo)
    (git_repo.path / OTHER).write_text("broken: [\n")
    monkeypatch.setattr(check, "_ARGS_BUDGET", 20)
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.out, run.err) == (0, OK, WHOLE)


def test_a_folder_name_is_no_glob_in_the_uncommitted_test(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    # as a pathspec, "INC-2026-000*" would match INC-2026-0002, whose edit is not the change's
    _judged_change(git_repo, "INC-2026-000*")
    (git_repo.path / OTHER).write_text("broken: [\n")
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.err) == (1, "")
    assert run.out.startswith("incidents/INC-2026-000*:0:0: incident.folder-name")


@pytest.mark.parametrize("switch", ["GIT_LITERAL_PATHSPECS", "GIT_ICASE_PATHSPECS"])
def test_gits_pathspec_switches_change_nothing(git_repo: GitRepo, switch: str) -> None:
    """A ``git --literal-pathspecs`` alias passes GIT_LITERAL_PATHSPECS=1 to what it runs."""
    _judged_change(git_repo)
    (git_repo.path / REC).write_text(mitigated() + "# more\n")
    run = run_subprocess("check", "--base", "main", cwd=git_repo.path, env={switch: "1"})
    assert (run.code, run.out, run.err) == (0, OK, SCOPED)


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


@pytest.mark.parametrize("refresh", ["", "quiet"], ids=["gitpython-default", "gitpython-quiet"])
@pytest.mark.parametrize("command", [("audit",), ("check", "--base", "main")])
def test_without_git_on_path_it_says_so(
    git_repo: GitRepo, tmp_path: Path, refresh: str, command: tuple[str, ...]
) -> None:
    """GitPython refuses to import without git (or, told to be quiet, fails on first use)."""
    git_repo.commit("base", {REC: BASE})
    env = {"PATH": str(tmp_path / "no-git-here"), "GIT_PYTHON_REFRESH": refresh}
    run = run_subprocess(*command, cwd=git_repo.path, env=env)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "incidentctl: error: git is not installed or not on PATH; install git"
        " (https://git-scm.com) and run again\n"
    )
    validated = run_subprocess("validate", cwd=git_repo.path, env=env)  # needs no git
    assert (validated.code, validated.err) == (0, "")
