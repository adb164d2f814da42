"""``incidentctl renumber``: move an incident to a free id (after an id clash between branches)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from incidentctl.cli.completion import complete_ids
from incidentctl.cli.exits import ExitCode
from incidentctl.cli.options import open_repo, repo_option

EPILOG = """\b
Examples:
  incidentctl renumber INC-2026-0014 INC-2026-0015

\b
When `incidentctl check` reports incident.id-clash (the base branch opened the same id),
renumber yours to the id it suggests, then commit: the folder, `id`, the action item ids,
the proposed chat channel (#inc-...), the postmortem's `incident`, headings and action
item ids, and other records' `related` lists change together. Any other mention of the
old id (prose, a comment) is listed as PATH:LINE:COL for you to judge.
"""


@click.command(epilog=EPILOG)
@click.argument("old", shell_complete=complete_ids)
@click.argument("new")
@repo_option
def renumber(old: str, new: str, repo_dir: Path | None) -> None:
    """Give incident OLD the id NEW."""
    from incidentctl.reporters.escape import finding_line, visible
    from incidentctl.runs.renumber import run_renumber

    repo = open_repo(repo_dir)
    done = run_renumber(repo.root, repo.settings, old, new)
    for f in done.findings:
        click.echo(finding_line(f), err=not done.ok)
    if not done.ok:
        click.echo(f"incidentctl: nothing written; {visible(done.path)} is unchanged", err=True)
        sys.exit(ExitCode.FINDINGS)
    click.echo(visible(f"{old} -> {new} ({done.path})"))
    for path in done.rewritten:
        click.echo(visible(f"  related: {path} now names {new}"))
    for path in done.refused:
        click.echo(
            visible(f"  not rewritten: {path} cannot be edited safely; change {old} there by hand")
        )
    for left in done.left:
        click.echo(visible(f"  left as written: {left}: {old} (change it if it means this one)"))
    click.echo(visible(f"  next: git add -A {repo.settings.incidents_dir} && git commit"))
