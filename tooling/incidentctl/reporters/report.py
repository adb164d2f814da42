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

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from incidentctl.errors import UserError
from incidentctl.report.stats import duration
from incidentctl.reporters.escape import markdown_text, visible

RESTRICTED = "(restricted)"


class View:
    """A report value seen through an escape: strings come out escaped, on access.

    Why lazy: a template reads a few fields of a report that may hold 40,000 items (a metrics
    template never reads the per-incident rows); converting everything first cost seconds.
    Attributes (``r.summary``) and items (``r["items"]``) both work; names starting with an
    underscore do not exist, as the sandbox requires.
    """

    __slots__ = ("_escape", "_value")

    def __init__(self, value: Any, escape: Callable[[str], str]) -> None:
        self._value = value
        self._escape = escape

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not hasattr(self._value, "__dataclass_fields__"):
            raise AttributeError(name)
        return view(getattr(self._value, name), self._escape)

    def __getitem__(self, name: str) -> Any:
        try:
            return self.__getattr__(name)
        except AttributeError:
            raise KeyError(name) from None


def view(value: Any, escape: Callable[[str], str]) -> Any:
    """``value`` for a template: strings escaped, dataclasses and lists viewed lazily."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, tuple | list):
        return _ViewList(value, escape)
    if hasattr(value, "__dataclass_fields__"):
        return View(value, escape)
    return value


class _ViewList(Sequence[Any]):
    __slots__ = ("_escape", "_items")

    def __init__(self, items: Sequence[Any], escape: Callable[[str], str]) -> None:
        self._items = items
        self._escape = escape

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return _ViewList(self._items[index], self._escape)
        return view(self._items[index], self._escape)

    def __add__(self, other: Any) -> list[Any]:
        return [*self, *other]

    def __radd__(self, other: Any) -> list[Any]:
        return [*other, *self]


def cells(items: Any, names: Sequence[str]) -> list[list[Any]]:
    """The ``names`` fields of each item, escaped: the rows of a large table, built fast.

    Why a helper: reading 40,000 items' fields one sandboxed attribute at a time took seconds.
    Two names are computed: ``overdue_by`` (``"3 d"`` when overdue, else empty) and, for an
    item of a restricted incident, ``title`` reads ``(restricted)``.
    """
    raw = items._items if isinstance(items, _ViewList) else items
    escape = items._escape if isinstance(items, _ViewList) else visible
    rows = []
    for item in raw:
        row = []
        for name in names:
            if name == "overdue_by":
                value: Any = f"{item.days_overdue} d" if item.overdue else ""
            else:
                value = getattr(item, name)
                if value is None and name == "title":
                    value = RESTRICTED
            row.append(escape(value) if isinstance(value, str) and value != RESTRICTED else value)
        rows.append(row)
    return rows


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
    if isinstance(value, list | _ViewList):
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
        cells=cells,
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


def templates_stamp() -> list[list[object]]:
    """Name, size and mtime of each shipped template: a remembered report is keyed by them."""
    from pathlib import Path

    folder = Path(__file__).parent / "templates"
    return [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in sorted(folder.glob("*.j2"))]


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
