"""Docs that cannot drift: the generated rules page, the README's commands, the changelog."""

from __future__ import annotations

import re
from pathlib import Path

import click

from conftest import REPO, CliRunner
from incidentctl.cli import cli
from incidentctl.cli.rules import render_markdown
from incidentctl.rules import RULES


def test_rules_reference_is_current() -> None:
    page = (REPO / "docs/maintainers/rules.md").read_text()
    assert page == render_markdown(), (
        "run: incidentctl rules --format markdown > docs/maintainers/rules.md"
    )


def test_readme_shows_the_two_commands_first() -> None:
    readme = (REPO / "README.md").read_text()
    first_block = readme.split("```bash", 1)[1].split("```", 1)[0]
    assert "make demo" in first_block
    assert "make test" in first_block
    assert "make test" in (REPO / ".ci/run").read_text()


def test_every_command_has_help_and_is_documented() -> None:
    docs = (
        "".join(p.read_text() for p in (REPO / "docs").rglob("*.md"))
        + (REPO / "README.md").read_text()
    )
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        assert command.help, name
        assert f"incidentctl {name}" in docs, f"'incidentctl {name}' is not documented"


def test_every_rule_id_in_the_docs_exists() -> None:
    docs = (
        "".join(p.read_text() for p in (REPO / "docs").rglob("*.md"))
        + (REPO / "README.md").read_text()
    )
    families = (
        r"(?:yaml|schema|timeline|lifecycle|ref|postmortem|incident|action-item|playbook"
        r"|discovery|frontmatter)"
    )
    rule = rf"{families}\.(?!(?:md|py|yaml|json|schema)\b)[a-z-]+"  # not file names
    mentioned = set(re.findall(rf"`({rule})`", docs)) | set(
        re.findall(rf":\d+:\d+: ({rule}) ", docs)
    )
    assert len(mentioned) > 5
    assert mentioned - set(RULES) == set()


def test_changelog_has_an_unreleased_section() -> None:
    assert "\n## Unreleased\n" in (REPO / "CHANGELOG.md").read_text()


def test_the_smallest_record_in_the_responder_docs_is_valid(tmp_path: Path) -> None:
    from incidentctl.config import Settings
    from incidentctl.runs.validate import run_validate

    page = (REPO / "docs/responders/index.md").read_text()
    block = page.split("```yaml\n", 1)[1].split("```", 1)[0]
    record = "\n".join(line.removeprefix("    ") for line in block.splitlines()) + "\n"
    target = tmp_path / "incidents/INC-2026-0014/incident.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(record)
    assert run_validate(tmp_path, Settings(), []).findings == []


def test_the_readme_tour_output_is_what_the_tool_prints(cli: CliRunner, archive: Path) -> None:
    """The tour breaks two records; the README shows the exact output. Replay it."""
    readme = (REPO / "README.md").read_text()
    shown = readme.split("$ incidentctl validate\n", 1)[1].split("$ echo $?", 1)[0]
    rec10 = archive / "incidents/INC-2026-0010/incident.yaml"
    rec10.write_text(
        rec10.read_text().replace("\nstatus: investigating\n", "\nstatus: resolved\n", 1)
    )
    rec13 = archive / "incidents/INC-2026-0013/incident.yaml"
    rec13.write_text(
        rec13.read_text().replace("    type: status_change", "    type: statuschange", 1)
    )
    run = cli("validate", "--repo", archive, "--no-cache")
    assert run.code == 1
    assert run.out == shown


def test_every_setting_is_documented() -> None:
    import dataclasses

    from incidentctl.config import Settings

    page = (REPO / "docs/maintainers/configuration.md").read_text()
    for f in dataclasses.fields(Settings):
        assert f"| `{f.name}` |" in page, f"{f.name} is missing from configuration.md"


def test_the_readme_report_blocks_are_what_the_tool_prints(cli: CliRunner, archive: Path) -> None:
    """Each ``$ incidentctl report ...`` block of the README is replayed on the example archive."""
    import re
    import shlex

    readme = (REPO / "README.md").read_text()
    blocks = re.findall(r"```text\n\$ incidentctl (report [^\n]+)\n(.*?)\n```", readme, re.DOTALL)
    assert len(blocks) == 2
    for command, shown in blocks:
        run = cli(*shlex.split(command), "--repo", archive, "--no-cache")
        assert (run.code, run.err, run.out.rstrip()) == (0, "", shown)
