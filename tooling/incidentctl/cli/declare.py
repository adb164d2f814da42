"""``incidentctl declare --from-alert``: an incident from an Alertmanager, Grafana or PagerDuty alert."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

import click

from incidentctl.cli.editing import actor, at_option, by_option, finish, when
from incidentctl.cli.exits import ExitCode
from incidentctl.cli.options import open_repo, repo_option
from incidentctl.cli.prompting import need

if TYPE_CHECKING:
    from incidentctl.runs.declare import Declared

EPILOG = """\b
Examples:
  incidentctl declare --from-alert payload.json            # the source is detected
  incidentctl declare --from-alert pd.json --source pagerduty
  curl ... | incidentctl declare --from-alert -            # from standard input

\b
The alert becomes the first timeline entry and `detection`; its severity maps through
schemas/vocabularies.yaml, its labels to services through schemas/alerts.yaml. A later
delivery of the same group (groupKey, fingerprint, PagerDuty incident id) adds a timeline
entry to the incident that holds it; a resolved payload too. A redelivery of the same
episode (its startsAt, endsAt or PagerDuty event id) writes nothing.

\b
Once every alert of the group has resolved, the legal next transition is printed:
  all alerts resolved: incidentctl transition INC-2026-0007 --to resolved
With `move_on_resolved: mitigated` in schemas/alerts.yaml the record moves there
itself, when the lifecycle allows it and its guards pass (else it says why not).
A firing alert for a mitigated or resolved incident says it came back, and how to
reopen it; for a closed one it opens a new incident, related to the closed one.
"""


@click.command(epilog=EPILOG)
@click.option(
    "--from-alert", "payload", type=click.File("rb"), help="JSON file or - (asked on a terminal)."
)
@click.option("--source", type=click.Choice(["alertmanager", "grafana", "pagerduty"]))
@at_option
@by_option
@repo_option
def declare(payload: BinaryIO | None, source: str | None, at: str | None, by: str | None,
            repo_dir: Path | None) -> None:  # fmt: skip
    """Open (or update) an incident from an alert webhook payload."""
    from incidentctl.reporters.escape import finding_line, visible
    from incidentctl.runs.alertmap import SOURCE_NAMES
    from incidentctl.runs.alertparse import AlertError, parse
    from incidentctl.runs.declare import run_declare

    repo = open_repo(repo_dir)
    payload = need(payload, "--from-alert", _ask_payload)
    name = visible(str(getattr(payload, "name", "-")))
    raw = payload.read(4 * 1024 * 1024 + 1)
    if len(raw) > 4 * 1024 * 1024:
        raise AlertError(f"{name}: over 4 MiB; not an alert payload; nothing written")
    try:
        event = parse(raw, source)
    except AlertError as exc:
        raise AlertError(f"{name}: {exc}; nothing written") from None
    try:
        done = run_declare(repo.root, repo.settings, event, when(at), actor(by, repo), bool(at))
    except AlertError as exc:  # a text of the payload the record may not hold
        raise AlertError(f"{name}: {exc}; nothing written") from None
    _unmapped(done)
    if done.unchanged:
        note = done.note or "this delivery is already recorded; nothing written"
        click.echo(visible(f"{done.incident_id}: {note}"))
    elif done.edited is not None:
        finish(done.edited)
        for line in done.advice:
            click.echo(f"  {visible(line)}")
        click.echo(visible(f"  next: incidentctl show {done.incident_id}"))
    elif done.opened is not None:
        o, what = done.opened, SOURCE_NAMES[event.source]
        for f in o.findings:
            click.echo(finding_line(f), err=not o.ok)
        if not o.ok:
            click.echo(
                f"incidentctl: nothing written (the lines above are of {visible(o.path)} as it would be)",
                err=True,
            )
            sys.exit(ExitCode.FINDINGS)
        click.echo(
            visible(f"{o.incident_id}: opened ({o.status}) from the {what} alert in {o.path}")
        )
        for line in done.advice:
            click.echo(f"  {visible(line)}")
        click.echo(visible(f"  chat channel: {o.channel}"))
        for step in (f"incidentctl assign {o.incident_id} --role incident_commander --to HANDLE",
                     f"git add {o.path}"):  # fmt: skip
            click.echo(f"  next: {visible(step)}")


def _ask_payload() -> BinaryIO:
    """The payload's file, asked for (a path that does not open is asked again)."""
    chosen = click.prompt("Alert payload (a JSON file)", type=click.File("rb"))
    click.get_current_context().call_on_close(chosen.close)  # as click closes --from-alert's
    return cast("BinaryIO", chosen)  # click.File("rb") opens it in binary mode


def _unmapped(done: Declared) -> None:
    """Name each person of the payload the roster lacks (on stderr): never written down."""
    from incidentctl.reporters.escape import visible

    for person in done.unmapped:
        shown = f"PagerDuty user {person.user_id}" + (f" ({person.name})" if person.name else "")
        click.echo(visible(
            f"incidentctl: note: {shown}, the {person.role}, is not in schemas/people.yaml; not "
            f"recorded (add 'pagerduty: {person.user_id}' to their entry)"), err=True)  # fmt: skip
