"""What the ``report`` commands share: day parsing, and completion of names.

Completion must answer while the user presses tab, so it never parses a record: teams,
services and severities come from the policy files, owners from the reports' warm cache (the
owners of the last report's items; none before a first report).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click
from click.shell_completion import CompletionItem

from incidentctl.errors import IncidentctlError

AS_OF = (
    "The day to report on, with the archive as it stood then: nothing dated later counts"
    " (default: today in display_timezone)."
)
STATUSES = ("open", "in_progress", "blocked", "done", "wont_do")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_QUIET = (IncidentctlError, OSError, ValueError)


def parse_day(text: str, option: str) -> dt.date:
    """A ``YYYY-MM-DD`` day, or a usage error (exit 2) saying how to write one."""
    if _DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise click.BadParameter("write a day as YYYY-MM-DD, e.g. 2026-12-02", param_hint=option)


def day_range(first: tuple[str, dt.date | None], last: tuple[str, dt.date | None]) -> None:
    """A usage error (exit 2) when the range's first day, ``(option, day)``, is after its last.

    Why an error and not an empty report: a reversed range is always a mistake, and an empty
    report with exit 0 reads as "nothing happened".
    """
    (first_opt, start), (last_opt, end) = first, last
    if start is not None and end is not None and start > end:
        msg = (
            f"{first_opt} {start.isoformat()} is later than {last_opt} {end.isoformat()}:"
            f" the range would be empty (swap them?)"
        )
        raise click.UsageError(msg)


def _policy() -> Any:
    from pathlib import Path

    from incidentctl.config import find_root, load_settings
    from incidentctl.policy.load import load_policy

    root = find_root(Path.cwd())
    return load_policy(root, load_settings(root).policy_dir).policy


def _complete(values: list[str], incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(v) for v in sorted(set(values)) if v.startswith(incomplete)]


def complete_teams(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[Any]:
    try:
        services = _policy().services
    except _QUIET:  # completion must never fail loudly: no candidates instead
        return []
    owners = [s.owner for s in services.services if s.owner] if services else []
    return _complete(owners, incomplete)


def complete_services(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[Any]:
    try:
        ids = _policy().service_ids or frozenset()
    except _QUIET:
        return []
    return _complete(list(ids), incomplete)


def complete_severities(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[Any]:
    try:
        levels = _policy().severities.severities
    except _QUIET:
        return []
    return _complete([s.id for s in levels], incomplete)


def complete_owners(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[Any]:
    from pathlib import Path

    from incidentctl.config import find_root
    from incidentctl.runs.cache_format import read_doc
    from incidentctl.runs.report_cache import report_cache_dir

    try:
        folder = report_cache_dir(find_root(Path.cwd()))
        shards = [read_doc(p) for p in sorted(folder.glob("shard-*.json"))]
    except _QUIET:
        return []
    owners: set[str] = set()
    for doc in shards:
        entries = doc.get("entries")
        for entry in entries.values() if isinstance(entries, dict) else ():
            try:
                owners.update(a[2] for a in entry["value"]["facts"][16] if isinstance(a[2], str))
            except (KeyError, TypeError, IndexError):
                continue
    return _complete(list(owners), incomplete)
