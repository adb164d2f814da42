"""How every ``report`` subcommand runs: a remembered result, or read, compute, print, keep.

A subcommand gives its kind and a ``compute(archive) -> (value, exit code)``; this reads the
archive, prints the report, appends its Markdown to ``$GITHUB_STEP_SUMMARY`` when that is set,
and remembers the output for an identical request on an unchanged archive (``runs.report_result``;
never with ``--at`` or ``--no-cache``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from incidentctl.cli.report_options import parse_day

Compute = Callable[[Any], tuple[Any, int]]


def as_of(text: str | None, tz: dt.tzinfo) -> dt.date:
    """``--as-of``, or today in the configured zone."""
    return parse_day(text, "--as-of") if text else dt.datetime.now(tz).date()


def run_report(kind: str, kw: dict[str, Any], compute: Compute, playbooks: bool = False) -> None:
    from incidentctl.cli.options import repo_root
    from incidentctl.runs.report_templates import template_overrides

    root = repo_root(kw["repo_dir"])
    overrides = template_overrides(root)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    memo = None if kw["at"] is not None or kw["no_cache"] else _memo(root, kind, kw, overrides)
    hit = memo.get() if memo is not None else None
    if hit is not None:
        _print(hit["out"], hit["summary"], summary_path)
        sys.exit(hit["code"])
    archive = _archive(root, kw, playbooks)
    value, code = compute(archive)
    out, summary = _render(kind, kw["fmt"], value, archive, overrides, bool(summary_path))
    _print(out, summary, summary_path)
    if memo is not None:
        memo.put(out, summary, code)
    sys.exit(code)


def _memo(root: Path, kind: str, kw: dict[str, Any], overrides: dict[str, str]) -> Any:
    from incidentctl.config import load_settings
    from incidentctl.reporters.report import templates_stamp
    from incidentctl.runs.report import report_zone
    from incidentctl.runs.report_result import ResultMemo

    settings = load_settings(root)
    request = {
        "kind": kind,
        "options": {k: v for k, v in kw.items() if k != "repo_dir"},
        "day": as_of(kw["as_of"], report_zone(settings)).isoformat(),
        "summary": bool(os.environ.get("GITHUB_STEP_SUMMARY")),
        "templates": [overrides, templates_stamp()],
    }
    return ResultMemo(root, settings, request)


def _archive(root: Path, kw: dict[str, Any], playbooks: bool) -> Any:
    from incidentctl.config import load_settings
    from incidentctl.runs.report import read_worktree
    from incidentctl.runs.report_at import read_at

    if kw["at"] is not None:
        return read_at(root, kw["at"], playbooks=playbooks)
    settings = load_settings(root)
    return read_worktree(
        root, settings, use_cache=not kw["no_cache"], jobs=kw["jobs"], playbooks=playbooks
    )


def _render(
    kind: str, fmt: str, value: Any, archive: Any, overrides: dict[str, str], summary: bool
) -> tuple[str, str | None]:
    from incidentctl.reporters.report import output

    args = (value, archive.left_out, archive.revision, overrides)
    return output(kind, fmt, *args), output(kind, "markdown", *args) if summary else None


def _print(out: str, summary: str | None, summary_path: str | None) -> None:
    click.echo(out, nl=False)
    if summary_path and summary is not None:
        append_summary(summary_path, summary)


def append_summary(path: str, markdown: str) -> None:
    """Append to the job summary file; one that cannot be written is a user error (exit 2)."""
    from incidentctl.errors import UserError
    from incidentctl.reporters.escape import visible

    try:
        with Path(path).open("a", encoding="utf-8") as fh:
            fh.write(markdown + "\n")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UserError(
            f"cannot append to $GITHUB_STEP_SUMMARY ({visible(path)}): {reason}"
        ) from None


def unknown_names(rows: Any, kw: dict[str, Any]) -> None:
    """A ``--owner``, ``--team``, ``--service`` or ``--severity`` no item has: a usage error.

    Why an error, not an empty report: a typo (``--team team-edg``) would otherwise look like
    a team with nothing to do. The message names the closest values the archive has.
    """
    from incidentctl.errors import UserError
    from incidentctl.reporters.escape import visible
    from incidentctl.suggest import did_you_mean

    unassigned = "(unassigned)"
    known = {
        "owner": {r.owner or unassigned for r in rows},
        "team": {r.team or unassigned for r in rows},
        "service": {s for r in rows for s in r.services},
        "severity": {r.severity for r in rows if r.severity},
    }
    for option, values in known.items():
        for wanted in kw[option]:
            if wanted not in values:
                hint = did_you_mean(wanted, values).strip()
                msg = f"--{option} {visible(repr(wanted))}: no action item has it"
                raise UserError(f"{msg}; {hint}" if hint else msg)
