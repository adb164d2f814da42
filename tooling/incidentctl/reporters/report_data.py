"""A report as data: the versioned JSON document, its JSON Schema, and CSV rows.

JSON: ``{"schema_version": 1, "report": KIND, ...}`` where the rest is the report value's
fields (``report/``) with dates as ``YYYY-MM-DD``, times as ISO 8601 and durations as whole
seconds, plus ``left_out`` (records not reported, and why). ``report.schema.json`` describes
all four kinds; ``incidentctl schema export`` writes it beside the others.

CSV: one row per item (actions), incident (metrics), lapse (compliance) or week and team
(backlog). A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is prefixed with ``'`` (OWASP's CSV injection
advice), and control characters are made visible.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from incidentctl.report.schema import JSON_VERSION
from incidentctl.reporters.escape import json_text, visible

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """A report value as JSON-ready data: dataclasses to dicts, dates to ISO text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    return value


def document(
    kind: str, value: Any, left_out: Sequence[Any], revision: str | None
) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema_version": JSON_VERSION, "report": kind, "revision": revision}
    doc.update(plain(value))
    doc["left_out"] = plain(list(left_out))
    return doc


def json_report(kind: str, value: Any, left_out: Sequence[Any], revision: str | None) -> str:
    return json_text(document(kind, value, left_out, revision))


def cell(value: Any) -> str:
    """One CSV cell: visible, and never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        value = " ".join(str(v) for v in value)
    text = visible(str(value))
    return "'" + text if text.startswith(_FORMULA) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_report(kind: str, value: Any) -> str:
    if kind == "actions":
        header = [f.name for f in dataclasses.fields(value.items[0])] if value.items else _ACTION
        return csv_text(header, (dataclasses.astuple(r) for r in value.items))
    if kind == "metrics":
        header = ["id", "severity", "type", "services", "opened", "to_detect", "to_acknowledge",
                  "to_mitigate", "to_resolve"]  # fmt: skip
        return csv_text(header, ([getattr(t, h) for h in header] for t in value.incidents))
    if kind == "compliance":
        header = ["kind", "subject", "detail", "due", "late_days"]
        return csv_text(header, ([getattr(x, h) for h in header] for x in value.lapses))
    weeks = [(w.ends, c.name, c.count) for w in value.weeks for c in w.by_team]
    return csv_text(["week_ending", "team", "open"], weeks)


_ACTION = [
    "id", "incident", "title", "owner", "team", "type", "priority", "priority_action", "status",
    "due", "overdue", "days_overdue", "tracker", "completed", "done_late", "severity",
    "services", "restricted", "created",
]  # fmt: skip
