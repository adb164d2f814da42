"""One exit-code table for every command: a usage error is 2 everywhere, never 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest

from conftest import REPO, CliRunner
from incidentctl.cli import cli
from incidentctl.cli.exits import ExitCode, markdown_table

COMMANDS = sorted(cli.list_commands(click.Context(cli)))


def test_the_table_is_what_the_docs_say() -> None:
    page = (REPO / "docs/maintainers/index.md").read_text()
    assert markdown_table() in page, "copy cli.exits.markdown_table() into the Exit codes section"


@pytest.mark.parametrize("command", [*COMMANDS, "schema export"])
def test_an_unknown_option_is_a_usage_error_in_every_command(cli: CliRunner, command: str) -> None:
    run = cli(*command.split(), "--no-such-option")
    assert run.code == ExitCode.USAGE.value == 2
    assert "No such option '--no-such-option'" in run.err
    assert run.out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "incidents/NOPE"], "no such file or directory"),
        (["validate", "/"], "is outside the repository"),
        (["transition", "not-an-id", "--to", "investigating"], "is not an incident id"),
        (["transition", "INC-2026-9999", "--to", "investigating"], "no such incident record"),
        (["check", "--base", "no-such-branch"], "unknown revision 'no-such-branch'"),
        (["audit", "--since", "no-such-tag"], "unknown revision 'no-such-tag'"),
    ],
)
def test_a_wrong_argument_is_a_usage_error(
    cli: CliRunner, archive: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", "-b", "main", str(archive)], check=True)
    subprocess.run(["git", "-C", str(archive), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(archive), "commit", "-qm", "archive", "--no-gpg-sign"], check=True
    )
    monkeypatch.chdir(archive)
    run = cli(*args)
    assert (run.code, run.out) == (ExitCode.USAGE, "")
    assert message in run.err


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "no\nsuch\x1b[31m"],  # a UserError quoting the path
        ["no\nsuch\x07command"],  # click's own usage error quoting the argument
        ["validate", "--format", "x\ny"],
    ],
)
def test_errors_quote_arguments_escaped(cli: CliRunner, args: list[str]) -> None:
    run = cli(*args)
    assert run.code == ExitCode.USAGE.value
    last = run.err.splitlines()[-1]
    assert "\x1b" not in run.err
    assert "\x07" not in run.err
    assert "\\n" in last or "\\x1b" in last


def test_a_warning_alone_exits_ok_and_is_shown_as_a_warning(cli: CliRunner, tmp_path: Path) -> None:
    """A rule's level comes from the registry: ``playbook.review-overdue`` is a warning."""
    repo = tmp_path / "repo"
    shutil.copytree(
        REPO / "tests/data/invalid/playbook.review-overdue/reviewed-long-ago/repo", repo
    )
    run = cli("validate", "--repo", repo)
    assert run.code == ExitCode.OK.value == 0
    assert run.out.splitlines()[-1] == "ok: 2 files checked, 0 errors, 1 warning"
    run = cli("validate", "--format", "json", "--repo", repo)
    assert [p["severity"] for p in json.loads(run.out)["problems"]] == ["warning"]
