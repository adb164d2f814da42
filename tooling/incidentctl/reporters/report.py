"""Render a report as text or Markdown through Jinja2 templates a repository can override.

Templates ship as package data (``reporters/templates/report-<kind>.<md|txt>.j2``); a file of
the same name in the repository's ``.incidentctl/templates/`` replaces one. They run in
Jinja2's sandbox with ``StrictUndefined`` (a misspelt name is an error, not an empty cell)
and autoescape for HTML templates.

Why templates get escaped values: every string of the report value is escaped for the
format before a template sees it (``markdown_text`` for Markdown, ``visible`` for text), so a
repository's own template cannot forget to, and a title such as ``| x <img src=...>`` stays
one cell of plain text. Numbers and dates are not text and are passed as they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from incidentctl.errors import UserError
from incidentctl.reporters.escape import markdown_text, visible

RESTRICTED = "(restricted)"


def view(value: Any, escape: Callable[[str], str]) -> Any:
    """The report value as dicts and lists, every string escaped with ``escape``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: view(getattr(value, f.name), escape) for f in dataclasses.fields(value)}
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, tuple | list):
        return [view(v, escape) for v in value]
    return value


def duration(seconds: int | None) -> str:
    """``45s``, ``12m``, ``3h 05m``, ``2d 4h``; ``-`` for an unknown time."""
    if seconds is None:
        return "-"
    sign, s = ("-", -seconds) if seconds < 0 else ("", seconds)
    if s < 60:
        return f"{sign}{s}s"
    if s < 3600:
        return f"{sign}{s // 60}m"
    if s < 48 * 3600:
        return f"{sign}{s // 3600}h {s % 3600 // 60:02d}m"
    return f"{sign}{s // 86400}d {s % 86400 // 3600}h"


def text_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Columns padded to their widest cell, a rule under the header; no trailing blanks."""
    cells = [[_show(c) for c in header], *[[_show(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub Markdown table (cells already escaped by ``view``)."""
    head = "| " + " | ".join(header) + " |"
    rule = "|" + "|".join("---" for _ in header) + "|"
    body = ["| " + " | ".join(_show(c) for c in r) + " |" for r in rows]
    return "\n".join([head, rule, *body])


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) or "-"
    return str(value)


def render(
    kind: str,
    fmt: str,
    value: Any,
    left_out: Sequence[Any],
    revision: str | None,
    overrides: Mapping[str, str],
) -> str:
    """``value`` (a ``report`` result) as ``fmt`` (``text`` or ``markdown``)."""
    from jinja2 import (
        ChoiceLoader,
        DictLoader,
        PackageLoader,
        StrictUndefined,
        TemplateError,
        TemplateSyntaxError,
        select_autoescape,
    )
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=ChoiceLoader([DictLoader(dict(overrides)), PackageLoader("incidentctl.reporters")]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    escape = markdown_text if fmt == "markdown" else visible
    env.globals.update(
        table=md_table if fmt == "markdown" else text_table,
        duration=duration,
        restricted=RESTRICTED,
    )
    name = f"report-{kind}.{'md' if fmt == 'markdown' else 'txt'}.j2"
    try:
        return env.get_template(name).render(
            r=view(value, escape), left_out=view(list(left_out), escape), revision=revision
        )
    except TemplateError as exc:  # a repository's own template: its author's mistake to fix
        where = f".incidentctl/templates/{name}" if name in overrides else name
        line = f":{exc.lineno}" if isinstance(exc, TemplateSyntaxError) else ""
        raise UserError(f"{where}{line}: {visible(str(exc))}") from None


def template_names() -> list[str]:
    """The templates a repository may override (for the docs and a test)."""
    return [
        f"report-{kind}.{ext}.j2"
        for kind in ("actions", "metrics", "compliance", "backlog")
        for ext in ("txt", "md")
    ]


OUTPUTS = ("text", "markdown", "json", "csv")


def output(
    kind: str,
    fmt: str,
    value: Any,
    left_out: Sequence[Any],
    revision: str | None,
    overrides: Mapping[str, str],
) -> str:
    """The report in any of ``OUTPUTS``."""
    from incidentctl.reporters.report_data import csv_report, json_report

    if fmt == "json":
        return json_report(kind, value, left_out, revision)
    if fmt == "csv":
        return csv_report(kind, value)
    return render(kind, fmt, value, left_out, revision, overrides)
