"""Small HTML and front-matter helpers shared by the page modules (pure, escaped throughout)."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from incidentctl.site.sanitize import text
from incidentctl.site.stash import stash


@dataclass(frozen=True)
class GeneratedPage:
    """A page for MkDocs: a path under the docs directory, its Markdown, the build's warnings.

    ``warnings`` are about what the page leaves out of its contributor text (an image from
    outside the site); the plugin logs them, so a ``--strict`` build stops on them.
    """

    path: str
    markdown: str
    warnings: tuple[str, ...] = ()


RECORD_TEMPLATE = "incidentctl/record.html"


def front_matter(title: str, **meta: object) -> str:
    """YAML front matter (JSON is YAML) with an escaped ``title``.

    Material writes ``page.meta.title`` into ``<title>`` unescaped, so the title is HTML-escaped
    here; everything else passed in is ours (tags are validated slugs).
    """
    lines = ["---", f"title: {json.dumps(html.escape(title, quote=True))}"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in meta.items() if value is not None]
    return "\n".join([*lines, "---", ""]) + "\n"


def when(at: dt.datetime | None) -> str:
    """A time as readers see it: ``2026-01-01 00:04 UTC``."""
    if at is None:
        return ""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def duration(seconds: float) -> str:
    """``2 h 10 min``, ``3 d 4 h``, ``45 min``, ``0 min``."""
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def link(href: str, label: str) -> str:
    """An ``<a>`` to one of our pages (``href`` is built from validated ids and slugs)."""
    return f'<a href="{html.escape(href, quote=True)}">{text(label)}</a>'


def badge(kind: str, value: str) -> str:
    """A status or severity badge; the class carries a validated slug for its colour."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in value.lower())
    return f'<span class="ia-badge ia-{kind} ia-{kind}-{safe}">{text(value)}</span>'


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    cls: str = "ia-table",
    row_attrs: Iterable[str] | None = None,
) -> str:
    """An HTML table; cells are HTML already (escape them with ``text`` or build with ``link``)."""
    head = "".join(f'<th scope="col">{text(h)}</th>' for h in headers)
    attrs = list(row_attrs) if row_attrs is not None else None
    body = []
    for i, row in enumerate(rows):
        extra = f" {attrs[i]}" if attrs else ""
        body.append(f"<tr{extra}>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    return (
        f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def block(*parts: str, search: bool = True) -> str:
    """HTML as one block Markdown leaves alone (``stash``); ``search=False``: not in the index."""
    attr = " data-search-exclude" if not search else ""
    return stash(f"<div{attr}>" + "".join(parts) + "</div>", late=not search)


def rel(from_path: str, to_path: str) -> str:
    """A relative URL between two generated pages (``.md`` paths become ``.html``)."""
    src = from_path.split("/")[:-1]
    dst = to_path.split("/")
    common = 0
    while common < len(src) and common < len(dst) - 1 and src[common] == dst[common]:
        common += 1
    parts = [".."] * (len(src) - common) + dst[common:]
    url = "/".join(parts)
    return url[:-3] + ".html" if url.endswith(".md") else url
