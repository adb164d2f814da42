"""``incidentctl report``: action items, response metrics, process health and the backlog.

Each subcommand reads the archive (``runs.report``: the working tree, or ``--at REV`` from
git objects), computes its report with the pure ``report`` stage and prints it in one
format; Markdown is also appended to ``$GITHUB_STEP_SUMMARY`` when that is set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from incidentctl.cli.exits import ExitCode
from incidentctl.cli.report_flow import append_summary, as_of, run_report, unknown_names
from incidentctl.cli.report_options import (
    AS_OF,
    STATUSES,
    complete_owners,
    complete_services,
    complete_severities,
    complete_teams,
    day_range,
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
--as-of DAY sees the archive as it stood that day: nothing dated later counts.
--at REV reads the records as committed at REV; give both for a past day as it was.
A reversed range (--since after --until or --as-of) is a usage error.
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
    """Reports that close the learning loop: what is overdue, whose, and are we faster."""


@report.command(epilog=EPILOG)
@_common
@click.option(
    "--owner",
    multiple=True,
    shell_complete=complete_owners,
    help="Only this owner's items (repeatable; (unassigned) for none).",
)
@click.option(
    "--team",
    multiple=True,
    shell_complete=complete_teams,
    help="Only this team's items (repeatable).",
)
@click.option(
    "--service",
    multiple=True,
    shell_complete=complete_services,
    help="Only items of incidents in this service.",
)
@click.option(
    "--severity",
    multiple=True,
    shell_complete=complete_severities,
    help="Only items of incidents of this severity.",
)
@click.option(
    "--status",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only items in this status (repeatable).",
)
@click.option("--overdue", is_flag=True, help="Only overdue items.")
@click.option(
    "--due-within",
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="Only open items due within DAYS (overdue ones too).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["overdue-priority", "overdue"]),
    help="Exit 1 when an overdue priority action (or any overdue item) is listed.",
)
def actions(**kw: Any) -> None:
    """Every action item: owner, due date, whether it is overdue; SLOs per owner and team."""
    from incidentctl.report import ActionFilter, action_rows, actions_report

    keep = ActionFilter(
        owners=frozenset(kw["owner"]),
        teams=frozenset(kw["team"]),
        services=frozenset(kw["service"]),
        severities=frozenset(kw["severity"]),
        statuses=frozenset(kw["status"]),
        overdue_only=kw["overdue"],
        due_within=kw["due_within"],
    )
    fail = kw["fail_on"]

    def compute(archive: Any) -> tuple[Any, int]:
        day = as_of(kw["as_of"], archive.tz)
        rows = action_rows(archive.facts, archive.rules, day, archive.tz, kw["include_restricted"])
        unknown_names(rows, kw)
        value = actions_report(rows, day, keep, kw["due_within"] or 7)
        failed = fail and any(
            r.overdue and (fail == "overdue" or r.priority_action) for r in value.items
        )
        return value, ExitCode.FINDINGS if failed else ExitCode.OK

    run_report("actions", kw, compute)


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

    since = parse_day(kw["since"], "--since") if kw["since"] else None
    until = parse_day(kw["until"], "--until") if kw["until"] else None
    day = parse_day(kw["as_of"], "--as-of") if kw["as_of"] else None
    day_range(("--since", since), ("--until", until))
    day_range(("--since", since), ("--as-of", day))
    if day is not None:
        until = min(until, day) if until else day

    def compute(archive: Any) -> tuple[Any, int]:
        value = metrics_report(
            archive.facts, archive.tz, since=since, until=until, by=kw["by"],
            trend_period=kw["trend"], severity_order=archive.rules.severity_order, as_of=day,
        )  # fmt: skip
        return value, ExitCode.OK

    run_report("metrics", kw, compute)


@report.command(epilog=EPILOG)
@_common
def compliance(**kw: Any) -> None:
    """Process health: stuck incidents, late or missing postmortems, stale playbooks."""
    from incidentctl.report import compliance_report

    def compute(archive: Any) -> tuple[Any, int]:
        day = as_of(kw["as_of"], archive.tz)
        days = archive.rules.meeting_days
        return compliance_report(archive.facts, archive.playbooks, days, day, archive.tz), 0

    run_report("compliance", kw, compute, playbooks=True)


@report.command(epilog=EPILOG)
@_common
@click.option("--months", type=click.IntRange(1, 60), default=3, show_default=True)
@click.option("--team", multiple=True, shell_complete=complete_teams, help="Only these teams.")
def backlog(**kw: Any) -> None:
    """Open action items at the end of each week, per team, from the git history."""
    from incidentctl.cli.options import repo_root
    from incidentctl.reporters.report import output
    from incidentctl.runs.backlog import run_backlog
    from incidentctl.runs.report_templates import template_overrides

    root = repo_root(kw["repo_dir"])
    day = parse_day(kw["as_of"], "--as-of") if kw["as_of"] else None
    value, archive = run_backlog(root, kw["at"] or "HEAD", day, kw["months"], kw["team"])
    args = (value, archive.left_out, archive.revision, template_overrides(root))
    click.echo(output("backlog", kw["fmt"], *args), nl=False)
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        append_summary(summary, output("backlog", "markdown", *args))
