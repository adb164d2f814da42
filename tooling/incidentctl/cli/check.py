"""``incidentctl check``: the pull request gate (what changed since the base, and how)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from incidentctl.cli.exits import ExitCode, verdict
from incidentctl.cli.options import color_option, format_option, repo_option, repo_root, use_color
from incidentctl.reporters import REPORTERS, resolve_format

EPILOG = """\b
Examples:
  incidentctl check --base origin/main            # in a pull request's CI job
  incidentctl check --base main --head my-branch  # locally, before pushing
  incidentctl check --base origin/main --format json

\b
It validates the incident folders, playbooks and policy files changed between the merge
base of BASE and HEAD, and compares each with its base version: status moves along
lifecycle edges, the timeline is append-only, closed records stay closed, ids stay put.
Exit codes as for validate; 2 when this is not a git repository or a revision is missing.
"""


@click.command(epilog=EPILOG)
@click.option(
    "--base", "base", required=True, help="The branch the change goes into (e.g. origin/main)."
)
@click.option("--head", "head", default="HEAD", show_default=True, help="The revision to check.")
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GITHUB_STEP_SUMMARY",
    help="Append a Markdown summary of the touched incidents here (default: $GITHUB_STEP_SUMMARY).",
)
@repo_option
@format_option
@color_option
def check(
    base: str, head: str, summary_path: Path | None, repo_dir: Path | None, fmt: str, color: str
) -> None:
    """Check a change (a pull request) against its base branch."""
    from incidentctl.runs.check import judged, run_check  # GitPython loads only for git commands

    # The working tree's pyproject.toml is the change's own: the base branch's settings judge.
    run = run_check(repo_root(repo_dir), base, head)
    if run.dirty:
        scope = " to the files this change touches" if run.dirty_scoped else ""
        note = f"uncommitted changes{scope} are not checked; commit them first"
        click.echo(f"incidentctl: note: {note}", err=True)
    if summary_path is not None:
        from incidentctl.reporters.summary import render_summary

        with summary_path.open("a", encoding="utf-8") as handle:
            handle.write(render_summary(run.units, run.result, run.policy))
    result, code = run.result, verdict(run.result.ok)
    if not judged(result):
        if run.dirty and not run.dirty_scoped:  # nothing committed, edits in the working tree
            result = replace(result, nothing="the changes are not committed; commit them first")
            code = ExitCode.USAGE
        else:
            reason = "the change touches no incident, postmortem, playbook or policy file"
            result = replace(result, nothing=reason)
    name = resolve_format(fmt)
    colored = name == "text" and use_color(color)
    click.echo(REPORTERS[name](result, colored), nl=False, color=colored)
    sys.exit(code)
