"""``incidentctl new``: open an incident without writing YAML; prints the id and next steps."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from incidentctl.cli import prompting
from incidentctl.cli.completion import (
    complete_handles,
    complete_services,
    complete_severities,
    complete_types,
)
from incidentctl.cli.editing import actor, at_option, by_option, next_move, when
from incidentctl.cli.exits import ExitCode
from incidentctl.cli.options import open_repo, repo_option
from incidentctl.cli.prompting import choose, handle, need, text
from incidentctl.errors import UserError

if TYPE_CHECKING:
    from incidentctl.policy.value import Policy

EPILOG = """\b
Examples:
  incidentctl new --title "Checkout returns 502s" --severity SEV2 --service checkout-api \\
      --commander grace.okafor
  incidentctl new --title "Suspicious logins on admin accounts" --type security
  incidentctl new --title "Retro: DNS outage" --at 2026-11-20T14:05:00Z --status detected

\b
The id is the next free one of the year (INC-2026-0014); the record gets its first
status_change entry and a proposed chat channel (#inc-2026-0014-checkout-returns-502s).
On a terminal, every missing value the policy needs is asked for: the title, the type,
the severity and the service (from the policy's lists) and the commander (from the
roster), each answer checked. In CI (CI set) or without a terminal nothing is asked: a
missing --title is an error, and the rest is left for later commands.
"""


@click.command(epilog=EPILOG)
@click.option("--title", help="One line: what is wrong, as a responder would say it.")
@click.option("--type", "kind", shell_complete=complete_types,
              help="Incident type (default: outage; asked for on a terminal).")  # fmt: skip
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
    title: str | None, kind: str | None, severity: str | None, services: tuple[str, ...],
    commander: str | None, status: str | None, summary: str | None, at: str | None,
    by: str | None, repo_dir: Path | None,
) -> None:  # fmt: skip
    """Open a new incident record with the next free id."""
    from incidentctl.reporters.escape import finding_line, visible
    from incidentctl.runs.actor import known_handle
    from incidentctl.runs.new import Opening, run_new
    from incidentctl.runs.transition import repo_policy

    repo = open_repo(repo_dir)
    if not (repo.root / ".git").exists() and not (repo.root / repo.settings.incidents_dir).is_dir():
        raise UserError(
            f"no {repo.settings.incidents_dir}/ folder and no git repository in"
            f" {repo.root}; is this an incident repository? (incidentctl init DIR, or --repo DIR)"
        )
    policy = repo_policy(repo.root, repo.settings)
    who = actor(by, repo)
    title = need((title or "").strip(), "--title", lambda: text("Title (what is wrong?)"))
    if prompting.interactive():
        kind, severity, services, commander = _ask(
            policy, (kind, severity, services, commander), who
        )
    ic = known_handle(commander, "--commander", policy) if commander else None
    services = tuple(dict.fromkeys(services))  # --service given twice names it once
    opening = Opening(title, kind or "outage", severity, services, ic, status, summary)
    opened = run_new(repo.root, repo.settings, opening, when(at), who)
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
    steps += [*next_move(policy, i, opening.kind, opened.status), f"git add {opened.path}"]
    for step in steps:
        click.echo(f"  next: {visible(step)}")


Asked = tuple[str | None, str | None, tuple[str, ...], str | None]


def _ask(policy: Policy, given: Asked, who: str | None) -> Asked:
    """What the policy needs and the options left out, asked one by one (each answer checked)."""
    kind, severity, services, commander = given
    if kind is None:
        kind = choose(
            "Type", policy.type_by_id, "outage" if "outage" in policy.type_by_id else None
        )
    if severity is None:
        severity = choose("Severity", policy.severity_by_id)
    if not services:
        catalog = policy.service_ids
        pick = choose("Service", catalog) if catalog else text("Service (a slug such as checkout)")
        services = (pick,)
    if commander is None:
        commander = handle("Incident commander", policy.handles, who)
    return kind, severity, services, commander
