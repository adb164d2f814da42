"""``incidentctl new``: open an incident without writing YAML; prints the id and next steps."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from incidentctl.cli.completion import (
    complete_handles,
    complete_services,
    complete_severities,
    complete_types,
)
from incidentctl.cli.editing import actor, at_option, by_option, when
from incidentctl.cli.exits import ExitCode
from incidentctl.cli.options import open_repo, repo_option

EPILOG = """\b
Examples:
  incidentctl new --title "Checkout returns 502s" --severity SEV2 --service checkout-api \\
      --commander grace.okafor
  incidentctl new --title "Suspicious logins on admin accounts" --type security
  incidentctl new --title "Retro: DNS outage" --at 2026-11-20T14:05:00Z --status detected

\b
The id is the next free one of the year (INC-2026-0014); the record gets its first
status_change entry and a proposed chat channel (#inc-2026-0014-checkout-returns-502s).
On a terminal, a missing --title is asked for; in CI or without a terminal it is an error.
"""


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty() and not os.environ.get("CI")


@click.command(epilog=EPILOG)
@click.option("--title", help="One line: what is wrong, as a responder would say it.")
@click.option("--type", "kind", default="outage", show_default=True, shell_complete=complete_types,
              help="Incident type.")  # fmt: skip
@click.option("--severity", shell_complete=complete_severities, help="SEV1-SEV4.")
@click.option("--service", "services", multiple=True, shell_complete=complete_services,
              help="An affected service (repeatable).")  # fmt: skip
@click.option("--commander", shell_complete=complete_handles, help="The incident commander.")
@click.option("--status", help="The first state (default: the lifecycle's declared start).")
@click.option("--summary", help="A few sentences on what is known.")
@at_option
@by_option
@repo_option
def new(
    title: str | None, kind: str, severity: str | None, services: tuple[str, ...],
    commander: str | None, status: str | None, summary: str | None, at: str | None,
    by: str | None, repo_dir: Path | None,
) -> None:  # fmt: skip
    """Open a new incident record with the next free id."""
    from incidentctl.reporters.escape import finding_line, visible
    from incidentctl.runs.actor import known_handle
    from incidentctl.runs.new import Opening, run_new
    from incidentctl.runs.transition import repo_policy

    if not title or not title.strip():
        if not _interactive():
            raise click.UsageError("--title is required (no terminal to ask on)")
        title = click.prompt("Title (what is wrong?)").strip()
    repo = open_repo(repo_dir)
    policy = repo_policy(repo.root, repo.settings)
    ic = known_handle(commander, "--commander", policy) if commander else None
    opening = Opening(title, kind, severity, services, ic, status, summary)
    opened = run_new(repo.root, repo.settings, opening, when(at), actor(by, repo))
    for f in opened.findings:
        click.echo(finding_line(f), err=not opened.ok)
    if not opened.ok:
        click.echo(
            f"incidentctl: nothing written (the lines above are of {visible(opened.path)} as it would be)",
            err=True,
        )
        sys.exit(ExitCode.FINDINGS)
    i = opened.incident_id
    click.echo(visible(f"{i}: opened ({opened.status}) in {opened.path}"))
    click.echo(visible(f"  chat channel: {opened.channel}"))
    steps = [] if ic else [f"incidentctl assign {i} --role incident_commander --to HANDLE"]
    steps += [] if severity else [f"incidentctl severity {i} SEV2 --reason ..."]
    steps += [f"incidentctl transition {i} --to investigating", f"git add {opened.path}"]
    for step in steps:
        click.echo(f"  next: {visible(step)}")
