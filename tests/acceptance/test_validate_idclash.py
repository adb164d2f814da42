"""validate catches an id this branch opened that the base branch opened too (incident.id-clash),
with check's message; it is skipped, without a finding, where there is no git or no base."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from responder import RECORD, team_repo

from conftest import CliRunner, GitRepo, run_subprocess

NEW_REC = "incidents/INC-2026-0002/incident.yaml"
OPEN = ("new", "--title", "Checkout returns 502s", "--severity", "SEV2", "--service", "checkout",
        "--commander", "alice", "--at", "2026-03-02T09:00:00Z", "--by", "bob")  # fmt: skip
OTHER = RECORD.replace("INC-2026-0001", "INC-2026-0002").replace("Checkout errors", "DNS")


def clash(base: str, free: str = "INC-2026-0003") -> str:
    return (
        f"{NEW_REC}:3:5: incident.id-clash INC-2026-0002 was also opened on {base} since this "
        f"branch started; renumber this one: incidentctl renumber INC-2026-0002 {free}"
    )


def _branch_and_base_both_open_0002(repo: GitRepo, cli: CliRunner, commit: bool = True) -> None:
    repo.git("checkout", "-q", "-b", "mine")
    repo.git("checkout", "-q", "main")
    repo.commit("someone else's INC-2026-0002", {NEW_REC: OTHER})
    repo.git("checkout", "-q", "mine")
    assert cli(*OPEN, "--repo", repo.path).code == 0
    if commit:
        repo.commit("open INC-2026-0002 on my branch")


def test_validate_reports_the_clash_as_check_does_and_renumber_clears_it(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    _branch_and_base_both_open_0002(repo, cli)
    run = run_subprocess("validate", "--repo", repo.path)
    assert run.code == 1, run.err
    assert clash("main") in run.out.splitlines()
    assert clash("main") in cli("check", "--base", "main", "--repo", repo.path).out.splitlines()
    before = (repo.path / NEW_REC).read_bytes()
    assert cli("validate", repo.path / "incidents/INC-2026-0002", "--repo", repo.path).code == 1
    assert (repo.path / NEW_REC).read_bytes() == before  # validate never writes
    # a folder that is not named is not compared
    assert cli("validate", repo.path / "incidents/INC-2026-0001", "--repo", repo.path).code == 0
    assert cli("renumber", "INC-2026-0002", "INC-2026-0003", "--repo", repo.path).code == 0
    run = run_subprocess("validate", "--repo", repo.path)
    assert (run.code, run.err) == (0, ""), run.out


def test_an_id_not_yet_committed_is_compared_too(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    _branch_and_base_both_open_0002(repo, cli, commit=False)
    run = cli("validate", "--format", "json", "--repo", repo.path)
    assert run.code == 1
    assert '"rule": "incident.id-clash"' in run.out


def test_no_clash_when_the_ids_differ_or_the_base_has_not_moved(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    repo.git("checkout", "-q", "-b", "mine")
    assert cli(*OPEN, "--repo", repo.path).code == 0
    repo.commit("open INC-2026-0002 on my branch")
    assert cli("validate", "--repo", repo.path).code == 0  # main has not moved
    repo.git("checkout", "-q", "main")
    third = RECORD.replace("INC-2026-0001", "INC-2026-0003")
    repo.commit("INC-2026-0003 on main", {"incidents/INC-2026-0003/incident.yaml": third})
    repo.git("checkout", "-q", "mine")
    assert cli("validate", "--repo", repo.path).code == 0  # main moved, another id


def test_the_next_free_id_skips_what_either_side_took(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    repo.git("checkout", "-q", "-b", "mine")
    repo.git("checkout", "-q", "main")
    third = RECORD.replace("INC-2026-0001", "INC-2026-0003")
    repo.commit("two on main", {NEW_REC: OTHER, "incidents/INC-2026-0003/incident.yaml": third})
    repo.git("checkout", "-q", "mine")
    assert cli(*OPEN, "--repo", repo.path).code == 0
    repo.commit("mine")
    assert clash("main", "INC-2026-0004") in cli("validate", "--repo", repo.path).out.splitlines()


def test_the_base_comes_from_the_option_then_the_setting_then_the_remote(
    cli: CliRunner, git_repo: GitRepo, tmp_path: Path
) -> None:
    repo = team_repo(git_repo)
    repo.git("branch", "trunk")
    _branch_and_base_both_open_0002(repo, cli)  # main moved; trunk did not
    assert cli("validate", "--base", "trunk", "--repo", repo.path).code == 0
    setting = '[tool.incidentctl]\nbase_branch = "trunk"\n'
    repo.commit("trunk is the base", {"pyproject.toml": setting})
    assert cli("validate", "--repo", repo.path).code == 0
    assert clash("main") in cli("validate", "--base", "main", "--repo", repo.path).out
    # a clone: origin/HEAD names the remote's default branch
    clone = tmp_path / "clone"
    repo.git("checkout", "-q", "main")  # the remote's default branch
    subprocess.run(["git", "clone", "-q", str(repo.path), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "mine"], check=True)
    (clone / "pyproject.toml").unlink()
    run = cli("validate", "--repo", clone)
    assert clash("origin/main") in run.out.splitlines(), run.out


def test_skipped_without_git_or_without_the_base(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    _branch_and_base_both_open_0002(repo, cli)
    run = run_subprocess("validate", "--base", "nope", "--repo", repo.path)
    assert (run.code, run.out.count("id-clash")) == (0, 0)
    assert run.err == "incidentctl: note: no branch 'nope' here; ids were not compared with it\n"
    repo.git("branch", "-q", "-m", "main", "old-main")  # no default base left
    run = run_subprocess("validate", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")
    shutil.rmtree(repo.path / ".git")
    run = run_subprocess("validate", "--repo", repo.path)
    assert (run.code, run.err) == (0, "")


def test_a_bad_base_branch_setting_is_a_configuration_error(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    repo.write({"pyproject.toml": '[tool.incidentctl]\nbase_branch = "--upload-pack=x"\n'})
    run = cli("validate", "--repo", repo.path)
    assert run.code == 2
    assert run.err.startswith("incidentctl: error: pyproject.toml: [tool.incidentctl] base_branch:")
