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
from incidentctl.runs.cache import ValidateCache
from incidentctl.runs.parallel import ProgressBar
from incidentctl.runs.validate import run_validate

EPILOG = """\b
Examples:
  incidentctl validate                       # the whole repository
  incidentctl validate incidents/INC-2026-0007
  incidentctl validate --format json | jq '.problems[].rule'
  incidentctl validate --jobs 2 --no-cache   # a cold run on two cores

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
@repo_option
@format_option
@color_option
def validate(
    paths: tuple[Path, ...], jobs: int, no_cache: bool, repo_dir: Path | None, fmt: str, color: str
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
