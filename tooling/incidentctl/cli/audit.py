"""``incidentctl audit``: replay history; or show one incident's git-derived trail."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from incidentctl.cli.exits import verdict
from incidentctl.cli.options import format_option, jobs_option, open_repo, repo_option
from incidentctl.reporters import resolve_format

EPILOG = """\b
Examples:
  incidentctl audit                          # every commit on the current branch
  incidentctl audit --since v2026.1          # commits after a tag
  incidentctl audit INC-2026-0007            # who moved it, when, and in which commit
  incidentctl audit --jobs 1                 # one process (default: parallel on long histories)
  incidentctl audit --no-cache               # replay every commit again

\b
It replays the first-parent history and reports each change that `check` would have
refused, naming the commit and its author: proof that nothing merged around CI. What each
commit was proven to add is cached: a repeated audit replays only the new commits.
"""


@click.command(epilog=EPILOG)
@click.argument("incident_id", required=False)
@click.option("--since", help="Start after this revision (default: the first commit).")
@click.option("--head", default="HEAD", show_default=True, help="The last revision to replay.")
@jobs_option("1,000 folder changes")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update the audit cache.")
@repo_option
@format_option
def audit(
    incident_id: str | None,
    since: str | None,
    head: str,
    jobs: int,
    no_cache: bool,
    repo_dir: Path | None,
    fmt: str,
) -> None:
    """Replay the history and report every change check would have refused."""
    from incidentctl.reporters.audit import render_audit, render_trail
    from incidentctl.runs.audit import incident_trail, run_audit

    repo = open_repo(repo_dir)
    name = resolve_format(fmt)
    if incident_id is not None:
        rows = incident_trail(repo.root, repo.settings, incident_id, head)
        if not rows:
            raise click.BadParameter(
                f"no commit touches {repo.settings.incidents_dir}/{incident_id}"
            )
        click.echo(render_trail(incident_id, rows, name), nl=False)
        return
    # the settings committed at the head judge, not the working tree's (run_audit reads them)
    result = run_audit(repo.root, None, since, head, jobs, _progress_bar, use_cache=not no_cache)
    click.echo(render_audit(result, name), nl=False)
    sys.exit(verdict(result.ok))


def _progress_bar(total: int) -> Callable[[int], None] | None:
    """A bar on stderr for long replays, on a terminal only (never in CI logs)."""
    if total < 2000 or not sys.stderr.isatty():
        return None
    bar = click.progressbar(length=total, label="replaying", file=sys.stderr)
    bar.render_progress()

    def advance(steps: int) -> None:
        bar.update(steps)
        if bar.finished:
            bar.render_finish()

    return advance
