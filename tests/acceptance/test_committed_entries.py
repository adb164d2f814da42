"""What a commit puts where the archive allows none: check, audit and validate agree.

A folder's own entry committed as a symbolic link or a submodule, a file among the folders,
Markdown in the playbooks folder that is no playbook, and a removed playbook that records
still name: each is found by every command that reads it, with the same rule id.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CliRunner, GitRepo

NAMED = "incidents/INC-2026-0006/incident.yaml"  # names playbook certificate-expiry


@pytest.fixture
def repo(archive_repo: GitRepo) -> GitRepo:
    """The example archive committed on main, and a branch ``pr`` checked out for the change."""
    archive_repo.git("switch", "-q", "-c", "pr")
    return archive_repo


def lines(out: str, rule: str) -> list[str]:
    return [line for line in out.splitlines() if f" {rule} " in line]


def gitlink(repo: GitRepo, path: str) -> None:
    sha = repo.git("rev-parse", "HEAD").strip()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{sha},{path}")
    repo.git("commit", "-qm", f"add {path} as a submodule")


@pytest.mark.parametrize(
    "target", ["/etc", "../../incidents/INC-2026-0005"], ids=["outside", "another-folder"]
)
def test_a_linked_incident_folder_fails_check_audit_and_validate(
    cli: CliRunner, repo: GitRepo, target: str
) -> None:
    (repo.path / "incidents/INC-2026-0097").symlink_to(target)
    repo.commit("link a folder")
    want = "incidents/INC-2026-0097:0:0: discovery.symlink symbolic links are not allowed"
    check = cli("check", "--repo", repo.path, "--base", "main", "--format", "text")
    assert check.code == 1
    assert [line.startswith(want) for line in lines(check.out, "discovery.symlink")] == [True]
    audit = cli("audit", "--repo", repo.path, "--no-cache", "--format", "text")
    assert audit.code == 1
    assert lines(audit.out, "discovery.symlink")[0].startswith(want)
    validate = cli("validate", "--repo", repo.path, "--format", "text")
    assert lines(validate.out, "discovery.symlink")[0].startswith(want)


def test_a_submodule_as_an_incident_folder_fails_check_and_audit(
    cli: CliRunner, repo: GitRepo
) -> None:
    gitlink(repo, "incidents/INC-2026-0095")
    want = "incidents/INC-2026-0095:0:0: discovery.submodule submodules are not allowed"
    check = cli("check", "--repo", repo.path, "--base", "main", "--format", "text")
    assert check.code == 1
    assert lines(check.out, "discovery.submodule")[0].startswith(want)
    audit = cli("audit", "--repo", repo.path, "--no-cache", "--format", "text")
    assert audit.code == 1
    assert lines(audit.out, "discovery.submodule")[0].startswith(want)


def test_a_checked_out_submodule_folder_is_a_submodule_to_validate(
    cli: CliRunner, archive: Path
) -> None:
    folder = archive / "incidents/INC-2026-0095"
    folder.mkdir()
    (folder / ".git").write_text("gitdir: ../../.git/modules/x\n")
    out = cli("validate", "--repo", archive, "--format", "text").out
    assert "incidents/INC-2026-0095:0:0: discovery.submodule" in out
    assert "INC-2026-0095/incident.yaml" not in out  # no "missing record": it holds none


def test_a_file_among_the_folders_is_a_warning_and_a_readme_is_not(
    cli: CliRunner, repo: GitRepo
) -> None:
    repo.commit("notes", {"incidents/notes.txt": "x\n", "incidents/README.md": "# About\n"})
    check = cli("check", "--repo", repo.path, "--base", "main", "--format", "text")
    assert check.code == 0
    assert lines(check.out, "discovery.unexpected-file") == [
        "incidents/notes.txt:0:0: discovery.unexpected-file incident records live in folders"
    ]


@pytest.mark.parametrize(
    "path", ["docs/playbooks/old/evil.md", "docs/playbooks/evil.markdown", "docs/playbooks/x.MKD"]
)
def test_markdown_in_the_playbooks_folder_that_is_no_playbook_is_said(
    cli: CliRunner, repo: GitRepo, path: str
) -> None:
    repo.commit("a page", {path: "<script>alert(1)</script>\n"})
    want = f"{path}:0:0: discovery.unexpected-file is not read as a playbook"
    for args in (
        ("check", "--base", "main"),
        ("audit", "--no-cache"),
        ("validate",),
    ):
        run = cli(*args, "--repo", repo.path, "--format", "text")
        assert run.code == 0, args  # a warning: the site never publishes it
        assert [line.startswith(want) for line in lines(run.out, "discovery.unexpected-file")] == [
            True
        ], args


def test_the_playbooks_folder_own_index_page_is_no_stray(cli: CliRunner, repo: GitRepo) -> None:
    repo.commit("an index", {"docs/playbooks/index.md": "# Playbooks, again\n"})
    for args in (("check", "--base", "main"), ("validate",)):
        run = cli(*args, "--repo", repo.path, "--format", "text")
        assert "discovery.unexpected-file" not in run.out, args


@pytest.mark.parametrize(
    ("how", "to"),
    [
        ("delete", None),
        ("rename", "docs/playbooks/tls-expiry.md"),
        ("rename", "docs/playbooks/certificate-expiry.txt"),  # the same stem, no playbook
        ("rename", "docs/playbooks/certificate-expiry/index.md"),  # a folder of that name
    ],
    ids=["delete", "rename", "same-stem-txt", "same-name-folder"],
)
def test_removing_a_playbook_records_still_name_fails_check(
    cli: CliRunner, repo: GitRepo, how: str, to: str | None
) -> None:
    if to is None:
        repo.git("rm", "-q", "docs/playbooks/certificate-expiry.md")
    else:
        (repo.path / to).parent.mkdir(parents=True, exist_ok=True)
        repo.git("mv", "docs/playbooks/certificate-expiry.md", to)
    repo.git("commit", "-qm", f"{how} a playbook")
    check = cli("check", "--repo", repo.path, "--base", "main", "--format", "text")
    assert check.code == 1
    found = lines(check.out, "ref.unknown-playbook")
    assert found
    assert all(line.startswith("incidents/") for line in found)
    assert any(line.startswith(f"{NAMED}:59:20: ref.unknown-playbook") for line in found)
    validate = cli("validate", "--repo", repo.path, "--format", "text")
    assert sorted(lines(validate.out, "ref.unknown-playbook")) == sorted(found)


def test_removing_a_playbook_nobody_names_passes_check(cli: CliRunner, repo: GitRepo) -> None:
    repo.commit(
        "a new playbook",
        {
            "docs/playbooks/unused.md": (
                repo.path / "docs/playbooks/certificate-expiry.md"
            ).read_text()
        },
    )
    repo.git("switch", "-q", "main")
    repo.git("merge", "-q", "pr")
    repo.git("switch", "-q", "-c", "pr2")
    repo.git("rm", "-q", "docs/playbooks/unused.md")
    repo.git("commit", "-qm", "remove it")
    check = cli("check", "--repo", repo.path, "--base", "main", "--format", "text")
    assert check.code in (0, 2), check.out  # nothing else to judge
    assert "ref.unknown-playbook" not in check.out


@pytest.mark.parametrize("name", ["foo", "inc-2026-0001", "INC-26-1"])
def test_a_folder_not_named_like_an_id_is_the_same_finding_everywhere(
    cli: CliRunner, repo: GitRepo, name: str
) -> None:
    record = (repo.path / "incidents/INC-2026-0013/incident.yaml").read_text()
    repo.commit("a bad folder", {f"incidents/{name}/incident.yaml": record})
    message = "folder name must be an incident id such as INC-2026-0007"
    want = [f"incidents/{name}:0:0: incident.folder-name {message}"]
    check = cli("check", "--repo", repo.path, "--base", "main", "--format", "text")
    assert check.code == 1
    assert [line for line in check.out.splitlines() if " incident." in line] == want
    validate = cli("validate", "--repo", repo.path, "--format", "text")
    assert [line for line in validate.out.splitlines() if " incident." in line] == want
    audit = cli("audit", "--repo", repo.path, "--no-cache", "--format", "text")
    assert [
        line.split(" (commit")[0] for line in audit.out.splitlines() if " incident." in line
    ] == want


def test_no_command_writes_into_a_submodule_folder(cli: CliRunner, archive: Path) -> None:
    folder = archive / "incidents/INC-2026-0013"
    before = (folder / "incident.yaml").read_bytes()
    (folder / ".git").write_text("gitdir: ../../.git/modules/x\n")
    run = cli("note", "INC-2026-0013", "A thought", "--by", "grace.okafor", "--repo", archive)
    assert run.code == 2
    assert "incidents/INC-2026-0013: a git submodule, not an incident folder" in run.err
    assert (folder / "incident.yaml").read_bytes() == before


def test_a_record_naming_a_removed_playbook_through_an_escape_is_judged(
    cli: CliRunner, repo: GitRepo
) -> None:
    """YAML decodes "certificate\\x2dexpiry" to the name; the raw text never holds it."""
    named = repo.path / NAMED
    text = named.read_text().replace(
        "playbooks_used: [certificate-expiry]", 'playbooks_used: ["certificate\\x2dexpiry"]'
    )
    assert "x2d" in text
    repo.git("switch", "-q", "main")  # on the base: the change itself does not touch it
    repo.commit("an escaped name", {NAMED: text})
    assert cli("validate", "--repo", repo.path).code == 0
    repo.git("switch", "-q", "-C", "pr")
    repo.git("rm", "-q", "docs/playbooks/certificate-expiry.md")
    repo.git("commit", "-qm", "remove it")
    check = cli("check", "--repo", repo.path, "--base", "main", "--format", "text")
    assert check.code == 1
    assert any(line.startswith(f"{NAMED}:") for line in lines(check.out, "ref.unknown-playbook"))
