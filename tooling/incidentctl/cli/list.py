"""``incidentctl list``: what is going on, at a glance (``--format json`` for tools)."""

from __future__ import annotations

from pathlib import Path

import click

from incidentctl.cli.completion import complete_any_state, complete_services, complete_severities
from incidentctl.cli.editing import one_of
from incidentctl.cli.options import Repo, color_option, open_repo, repo_option, use_color

EPILOG = """\b
Examples:
  incidentctl list --open                    # everything not closed or declined
  incidentctl list --severity SEV1 --severity SEV2
  incidentctl list --service checkout-api --format json

\b
Restricted incidents are listed by id, type, status and severity only: their title,
services and people stay out of the table and the JSON (docs/responders/cli.md).
"""


@click.command("list", epilog=EPILOG)
@click.option("--open", "only_open", is_flag=True, help="Only incidents not in a final state.")
@click.option("--severity", multiple=True, shell_complete=complete_severities, help="Repeatable.")
@click.option("--service", multiple=True, shell_complete=complete_services, help="Repeatable.")
@click.option("--status", multiple=True, shell_complete=complete_any_state, help="Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@color_option
@repo_option
def list_cmd(
    only_open: bool, severity: tuple[str, ...], service: tuple[str, ...],
    status: tuple[str, ...], fmt: str, color: str, repo_dir: Path | None,
) -> None:  # fmt: skip
    """List the incidents of this repository, newest first."""
    from incidentctl.reporters.escape import visible
    from incidentctl.reporters.incidents import render_list_json, render_list_text
    from incidentctl.runs.listing import Filters, load_rows

    repo = open_repo(repo_dir)
    _known_filters(repo, severity, service, status)
    rows, broken = load_rows(
        repo.root, repo.settings, Filters(only_open, severity, service, status)
    )
    for incident_id in broken:
        click.echo(f"incidentctl: {visible(incident_id)} not listed: its record does not load "
                   "(run incidentctl validate)", err=True)  # fmt: skip
    text = render_list_json(rows) if fmt == "json" else render_list_text(rows, use_color(color))
    click.echo(text, nl=False)


def _known_filters(
    repo: Repo, severity: tuple[str, ...], service: tuple[str, ...], status: tuple[str, ...]
) -> None:
    """A filter naming nothing the policy knows matches nothing: say so, with a guess."""
    from incidentctl.runs.transition import repo_policy

    if not (severity or service or status):
        return
    policy = repo_policy(repo.root, repo.settings)
    for value in severity:
        one_of(value, policy.severity_by_id, "--severity", "a severity")
    for value in status:
        one_of(value, policy.state_ids, "--status", "a state")
    for value in service if policy.service_ids is not None else ():
        one_of(value, policy.service_ids or (), "--service", "a service")
