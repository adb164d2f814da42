"""Contributor text made safe for the site: plain fields escaped, Markdown rendered and cleaned.

Why before MkDocs, not after: the generated page is Markdown that MkDocs renders again, and
MkDocs puts page titles and table-of-contents names into its templates without escaping. So
every plain field (titles, timeline text, impact, updates) is HTML-escaped here and placed in
HTML blocks that Markdown leaves alone; contributor Markdown (postmortem and playbook bodies)
is rendered here with Python-Markdown and cleaned by nh3 (the Ammonia sanitizer, maintained)
with an allowlist: no script, no style, no event handlers, no iframes or forms, links only to
http, https, mailto or relative URLs. Its ``#`` headings stay Markdown, escaped, so MkDocs
still builds the page's table of contents and search sections from them.
"""

from __future__ import annotations

import re

import markdown
import nh3

from incidentctl.site.stash import stash

TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset(("http", "https", "mailto"))
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list", "abbr"]

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
# HTML's five, and the Markdown punctuation that could start a link, an image, emphasis, an
# attribute list or a table cell: as character references they show as written, mean nothing.
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+!|~^=$"}


def text(value: str) -> str:
    """A plain field as inline HTML text: escaped, one line, no Markdown meaning."""
    return " ".join(value.split()).translate(_ESCAPES)


def paragraphs(value: str) -> str:
    """A multi-line plain field as HTML paragraphs (blank lines separate them)."""
    parts = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return "".join(f"<p>{text(p)}</p>" for p in parts)


_MD_LINK = re.compile(r"^([^:?#]*)\.md([?#].*)?$")


def _page_links(tag: str, attr: str, value: str) -> str:
    """A relative link to a Markdown page points at the page MkDocs writes (``.html``)."""
    if tag == "a" and attr == "href":
        return _MD_LINK.sub(lambda m: f"{m.group(1)}.html{m.group(2) or ''}", value)
    return value


def clean_html(fragment: str) -> str:
    """Contributor HTML through nh3's allowlist."""
    return nh3.clean(
        fragment,
        attribute_filter=_page_links,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Contributor Markdown as clean HTML (one fragment, no headings treatment)."""
    rendered = markdown.markdown(source, extensions=EXTENSIONS, output_format="html")
    return clean_html(rendered)


def markdown_body(source: str, shift: int = 0) -> str:
    """Contributor Markdown as page Markdown: escaped ``#`` headings, clean HTML blocks between.

    ``shift`` pushes headings down (a postmortem's ``#`` under the page's own title becomes
    ``##``). Fenced code is kept whole, so a ``#`` line inside it is not a heading.
    """
    out: list[str] = []
    chunk: list[str] = []
    fence: str | None = None
    for line in source.splitlines():
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
        heading = _HEADING.match(line) if fence is None else None
        if heading is None:
            chunk.append(line)
            continue
        out.append(_block(chunk))
        chunk = []
        level = min(6, len(heading.group(1)) + shift)
        out.append(f"{'#' * level} {text(heading.group(2))}\n")
    out.append(_block(chunk))
    return "\n".join(part for part in out if part)


def _block(lines: list[str]) -> str:
    """One run of contributor Markdown between headings, as a raw HTML block MkDocs keeps."""
    source = "\n".join(lines).strip("\n")
    if not source.strip():
        return ""
    cleaned = render_markdown(source)
    if not cleaned.strip():
        return ""
    return stash(f'<div class="ia-prose">{cleaned}</div>')
