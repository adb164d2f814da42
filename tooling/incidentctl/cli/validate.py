"""``incidentctl validate``: every file, or the ones named, against the schema and the policy."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from incidentctl.cli.exits import ExitCode, verdict
from incidentctl.cli.options import (
    color_option,
    format_option,
    jobs_option,
    repo_option,
    repo_root,
    use_color,
)
from incidentctl.config import load_settings
from incidentctl.errors import UserError
from incidentctl.reporters import REPORTERS, resolve_format
from incidentctl.reporters.escape import visible
from incidentctl.rules.results import CheckResult
from incidentctl.runs.cache import ValidateCache
from incidentctl.runs.idclash import bases_of, branch_clashes
from incidentctl.runs.parallel import ProgressBar
from incidentctl.runs.validate import run_validate

EPILOG = """\b
Examples:
  incidentctl validate                       # the whole repository
  incidentctl validate incidents/INC-2026-0007
  incidentctl validate --format json | jq '.problems[].rule'
  incidentctl validate --jobs 2 --no-cache   # a cold run on two cores
  incidentctl validate --base origin/release # new ids checked against that branch

\b
A new incident folder that the base branch has also opened since this branch
started is incident.id-clash, with the renumber command to run. The base is
--base, else base_branch in [tool.incidentctl], else origin/HEAD, origin/main
or main; without git or without that branch the check is skipped.

\b
Results are cached per incident folder (in ~/.cache/incidentctl, keyed by file
content, dropped when the policy, the settings or incidentctl change).

\b
Exit codes: 0 no errors (warnings allowed), 1 problems found,
2 usage or configuration error, 3 internal error.
"""


@click.command(epilog=EPILOG)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@jobs_option("2,000 folders to check")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update the warm cache.")
@click.option(
    "--base",
    "base",
    metavar="REF",
    help="The branch new incident ids must not clash with (default: base_branch, else "
    "origin/HEAD, origin/main, main).",
)
@repo_option
@format_option
@color_option
def validate(
    paths: tuple[Path, ...],
    jobs: int,
    no_cache: bool,
    base: str | None,
    repo_dir: Path | None,
    fmt: str,
    color: str,
) -> None:
    """Validate incidents, postmortems, playbooks and the policy files.

    Each problem is printed as PATH:LINE:COL: RULE-ID MESSAGE. With no PATH the whole
    repository is checked; a PATH may be a file or folder under incidents/, a playbook,
    or a policy file.
    """
    root = repo_root(repo_dir)
    cache = None if no_cache else ValidateCache.open(root)
    settings = load_settings(root, cache.trusts_table if cache else None)
    result = run_validate(
        root, settings, list(paths), progress=_progress_bar, jobs=jobs, cache=cache
    )
    if result.files_checked == 0 and not result.findings:
        if not (root / settings.incidents_dir).is_dir():
            where = f"no {settings.incidents_dir}/ folder in {visible(str(root))}"
            raise UserError(
                f"nothing checked: {where}; is this an incident repository? (--repo DIR)"
            )
        result = replace(result, nothing="no incident, postmortem, playbook or policy file here")
    clashes = branch_clashes(root, settings, list(paths), bases_of(base, settings.base_branch))
    if clashes is None and base is not None:
        click.echo(f"incidentctl: note: no branch '{visible(base)}' here; ids were not compared"
                   " with it", err=True)  # fmt: skip
    result = result.merged(CheckResult(clashes or []))
    name = resolve_format(fmt)
    colored = name == "text" and use_color(color)
    click.echo(REPORTERS[name](result, colored), nl=False, color=colored)
    sys.exit(ExitCode.USAGE if result.nothing else verdict(result.ok))


def _progress_bar(total: int) -> ProgressBar | None:
    """A bar on stderr for long runs, on a terminal only (never in CI logs)."""
    if total < 500 or not sys.stderr.isatty():
        return None
    bar: ProgressBar = click.progressbar(length=total, label="validating", file=sys.stderr)
    return bar
