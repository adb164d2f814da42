"""``incidentctl schema export``: write the JSON Schemas editors and CI use."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from incidentctl.cli.exits import ExitCode, verdict
from incidentctl.cli.options import open_repo, repo_option
from incidentctl.policy.load import load_policy
from incidentctl.policy.schema import render_all
from incidentctl.policy.value import Policy
from incidentctl.runs.transaction import transaction


@click.group()
def schema() -> None:
    """JSON Schemas generated from the models and this repository's policy."""


@schema.command(
    epilog="\b\nExamples:\n  incidentctl schema export\n  incidentctl schema export --check   # in CI"
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a schema file is stale.")
@repo_option
def export(check: bool, repo_dir: Path | None) -> None:
    """Write schemas/*.schema.json (after policy edits, or a new incidentctl)."""
    repo = open_repo(repo_dir)
    loaded = load_policy(repo.root, repo.settings.policy_dir)
    if loaded.findings:
        for f in loaded.findings:
            click.echo(str(f), err=True)
        click.echo("fix the policy files first (incidentctl validate)", err=True)
        sys.exit(ExitCode.FINDINGS)
    out_dir = repo.root / repo.settings.policy_dir
    rendered = _rendered(loaded.policy)
    stale = [name for name, text in rendered.items() if _read(out_dir / name) != text]
    if check:
        for name in stale:
            click.echo(f"{repo.settings.policy_dir}/{name}: stale; run 'incidentctl schema export'")
        sys.exit(verdict(not stale))
    out_dir.mkdir(parents=True, exist_ok=True)
    with transaction() as steps:  # every stale schema, or (on a write error) none of them
        for name in stale:
            steps.write(out_dir / name, rendered[name])
    for name in stale:
        click.echo(f"wrote {repo.settings.policy_dir}/{name}")
    if not stale:
        click.echo("schemas are up to date")


def _rendered(policy: Policy) -> dict[str, str]:
    """The models' schemas and the reports' JSON document (``report.schema.json``)."""
    from incidentctl.report.schema import report_schema

    return {**render_all(policy), "report.schema.json": report_schema()}


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None
