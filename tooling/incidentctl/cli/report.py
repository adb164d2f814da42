"""``incidentctl report``: action items, response metrics, process health and the backlog.

Each subcommand reads the archive (``runs.report``: the working tree, or ``--at REV`` from
git objects), computes its report with the pure ``report`` stage and prints it in one
format; Markdown is also appended to ``$GITHUB_STEP_SUMMARY`` when that is set.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from incidentctl.cli.exits import ExitCode
from incidentctl.cli.report_options import (
    AS_OF,
    STATUSES,
    complete_services,
    complete_severities,
    complete_teams,
    parse_day,
)

F = TypeVar("F", bound=Callable[..., Any])

EPILOG = """\b
Examples:
  incidentctl report actions --overdue
  incidentctl report actions --team team-payments --format markdown
  incidentctl report actions --fail-on overdue-priority   # a nightly gate
  incidentctl report metrics --by quarter --since 2026-01-01
  incidentctl report compliance --as-of 2026-12-01
  incidentctl report backlog --months 6 --format csv
  incidentctl report actions --at v1.2.0 --format json     # as committed at a tag

\b
Days are in display_timezone ([tool.incidentctl]); --as-of defaults to today there.
Restricted incidents' items show ids, never titles, unless --include-restricted.
Exit codes: 0 report printed, 1 a --fail-on condition holds, 2 usage or configuration error.
"""


def _common(func: F) -> F:
    for option in reversed(
        [
            click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=AS_OF),
            click.option("--at", "at", metavar="REV", help="The archive as committed at REV."),
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["text", "markdown", "json", "csv"]),
                default="text",
                show_default=True,
                help="Output format.",
            ),
            click.option(
                "--include-restricted",
                is_flag=True,
                help="Show restricted incidents' titles and text (keep the output private).",
            ),
            click.option("--no-cache", is_flag=True, help="Ignore and do not update the cache."),
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=0),
                default=0,
                show_default=True,
                help="Worker processes for a cold read; 0 picks by size (from 2,000 folders).",
            ),
            click.option(
                "--repo",
                "repo_dir",
                type=click.Path(file_okay=False, path_type=Path),
                help="Repository root (default: the nearest folder upwards with .git or incidents/).",
            ),
        ]
    ):
        func = option(func)
    return func


@click.group(epilog=EPILOG)
def report() -> None:
    """Reports that close the learning loop: what is overdue; are we getting faster."""


def _archive(kw: dict[str, Any], playbooks: bool = False) -> Any:
    from incidentctl.cli.options import open_repo, repo_root
    from incidentctl.runs.report import read_worktree
    from incidentctl.runs.report_at import read_at

    if kw["at"] is not None:
        return read_at(repo_root(kw["repo_dir"]), kw["at"], playbooks=playbooks)
    repo = open_repo(kw["repo_dir"])
    use_cache = not kw["no_cache"]
    return read_worktree(
        repo.root, repo.settings, use_cache=use_cache, jobs=kw["jobs"], playbooks=playbooks
    )


def _emit(kind: str, fmt: str, value: Any, archive: Any, repo_dir: Path | None) -> None:
    from incidentctl.cli.options import repo_root
    from incidentctl.reporters.report import output
    from incidentctl.runs.report_templates import template_overrides

    overrides = template_overrides(repo_root(repo_dir))
    args = (value, archive.left_out, archive.revision, overrides)
    click.echo(output(kind, fmt, *args), nl=False)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        text = output(kind, "markdown", *args)
        with Path(summary).open("a", encoding="utf-8") as fh:
            fh.write(text + "\n")


def _as_of(text: str | None, tz: dt.tzinfo) -> dt.date:
    return parse_day(text, "--as-of") if text else dt.datetime.now(tz).date()


@report.command(epilog=EPILOG)
@_common
@click.option("--owner", multiple=True, help="Only this owner's items (repeatable).")
@click.option("--team", multiple=True, shell_complete=complete_teams, help="Only this team's.")
@click.option("--service", multiple=True, shell_complete=complete_services, help="Only these.")
@click.option("--severity", multiple=True, shell_complete=complete_severities, help="Only these.")
@click.option("--status", multiple=True, type=click.Choice(STATUSES), help="Only these.")
@click.option("--overdue", is_flag=True, help="Only overdue items.")
@click.option("--due-within", type=click.IntRange(min=0), metavar="DAYS", help="Open, due soon.")
@click.option("--fail-on", type=click.Choice(["overdue-priority", "overdue"]), help="Exit 1 if.")
def actions(**kw: Any) -> None:
    """Every action item: owner, due date, whether it is overdue; SLOs per owner and team."""
    from incidentctl.report import ActionFilter, action_rows, actions_report

    archive = _archive(kw)
    as_of = _as_of(kw["as_of"], archive.tz)
    rows = action_rows(archive.facts, archive.rules, as_of, archive.tz, kw["include_restricted"])
    keep = ActionFilter(
        owners=frozenset(kw["owner"]),
        teams=frozenset(kw["team"]),
        services=frozenset(kw["service"]),
        severities=frozenset(kw["severity"]),
        statuses=frozenset(kw["status"]),
        overdue_only=kw["overdue"],
        due_within=kw["due_within"],
    )
    value = actions_report(rows, as_of, keep, kw["due_within"] or 7)
    _emit("actions", kw["fmt"], value, archive, kw["repo_dir"])
    fail = kw["fail_on"]
    if fail and any(r.overdue and (fail == "overdue" or r.priority_action) for r in value.items):
        sys.exit(ExitCode.FINDINGS)


@report.command(epilog=EPILOG)
@_common
@click.option("--since", metavar="YYYY-MM-DD", help="Incidents begun on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Incidents begun on or before this day.")
@click.option(
    "--by", type=click.Choice(["severity", "service", "type", "month", "quarter"]),
    default="severity", show_default=True, help="Group by.",
)  # fmt: skip
@click.option(
    "--trend", type=click.Choice(["month", "quarter"]), default="month", show_default=True,
    help="The trend's period.",
)  # fmt: skip
def metrics(**kw: Any) -> None:
    """Time to detect, acknowledge, mitigate and resolve: count, median, p90, max per group."""
    from incidentctl.report import metrics_report

    archive = _archive(kw)
    since = parse_day(kw["since"], "--since") if kw["since"] else None
    until = parse_day(kw["until"], "--until") if kw["until"] else None
    if kw["as_of"]:
        as_of = parse_day(kw["as_of"], "--as-of")
        until = min(until, as_of) if until else as_of
    order = archive.rules.severity_order
    value = metrics_report(
        archive.facts, archive.tz, since=since, until=until, by=kw["by"],
        trend_period=kw["trend"], severity_order=order,
    )  # fmt: skip
    _emit("metrics", kw["fmt"], value, archive, kw["repo_dir"])


@report.command(epilog=EPILOG)
@_common
def compliance(**kw: Any) -> None:
    """Process health: stuck incidents, late or missing postmortems, stale playbooks."""
    from incidentctl.report import compliance_report

    archive = _archive(kw, playbooks=True)
    as_of = _as_of(kw["as_of"], archive.tz)
    rules = archive.rules
    value = compliance_report(
        archive.facts, archive.playbooks, rules.meeting_days, as_of, archive.tz
    )
    _emit("compliance", kw["fmt"], value, archive, kw["repo_dir"])


@report.command(epilog=EPILOG)
@_common
@click.option("--months", type=click.IntRange(1, 60), default=3, show_default=True)
@click.option("--team", multiple=True, shell_complete=complete_teams, help="Only these teams.")
def backlog(**kw: Any) -> None:
    """Open action items at the end of each week, per team, from the git history."""
    from incidentctl.cli.options import repo_root
    from incidentctl.runs.backlog import run_backlog

    root = repo_root(kw["repo_dir"])
    as_of = parse_day(kw["as_of"], "--as-of") if kw["as_of"] else None
    value, archive = run_backlog(root, kw["at"] or "HEAD", as_of, kw["months"], kw["team"])
    _emit("backlog", kw["fmt"], value, archive, kw["repo_dir"])
