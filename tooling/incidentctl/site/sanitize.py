"""Contributor text made safe for the site: plain fields escaped, Markdown rendered and cleaned.

Why before MkDocs, not after: the generated page is Markdown that MkDocs renders again, and
MkDocs puts page titles and table-of-contents names into its templates without escaping. So
every plain field (titles, timeline text, impact, updates) is HTML-escaped here and placed in
HTML blocks that Markdown leaves alone; contributor Markdown (postmortem and playbook bodies)
is rendered here with Python-Markdown and cleaned by nh3 (the Ammonia sanitizer, maintained)
with an allowlist: no script, no style, no event handlers, no iframes or forms, links only to
http, https, mailto or relative URLs, and images only from inside the site (``site_relative``:
no other host, no tracking pixel; what is dropped is handed back so the build can warn). Its
``#`` headings stay Markdown, escaped, so MkDocs still builds the page's table of contents and
search sections from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
# Attributes whose URL a browser fetches as the page loads (the allowlist holds only ``src``;
# the others are checked too should they ever join it). CSS cannot be written at all: neither
# ``style`` elements nor attributes are allowed, so no ``url()`` reaches a page.
LOADS = frozenset(("src", "srcset", "poster", "background", "lowsrc", "dynsrc", "data"))
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


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL_TRIM = "".join(map(chr, range(0x21)))  # C0 controls and space, trimmed by a browser
_URL_DROP = str.maketrans("", "", "\t\n\r")  # removed anywhere in a URL by a browser
_SRCSET_SPLIT = re.compile(r"[\s,]+")


def site_relative(url: str) -> bool:
    """Whether a browser resolves ``url`` inside this site: a relative path, no scheme, no host.

    The URL is read as the WHATWG URL standard reads it: C0 controls and spaces trimmed at
    both ends, tabs and line breaks removed, a backslash read as a slash. So ``https://x``,
    ``//x``, a slash then a backslash, a space then ``//x``, or a slash, a tab and ``/x`` all
    leave the site, and so does ``/x`` (the host's root: on a project site, another project).
    """
    clean = url.strip(_URL_TRIM).translate(_URL_DROP).replace("\\", "/")
    return not clean.startswith("/") and not _SCHEME.match(clean)


def _loads_from_outside(attr: str, value: str) -> bool:
    if attr == "srcset":  # every token, descriptors too: a URL may hold a comma
        return not all(site_relative(t) for t in _SRCSET_SPLIT.split(value) if t)
    return bool(value.strip(_URL_TRIM)) and not site_relative(value)


def _attribute_filter(dropped: list[str] | None) -> Callable[[str, str, str], str | None]:
    """nh3's attribute filter: resources from outside the site dropped (and noted), links fixed.

    nh3 calls it with entities decoded, after its URL scheme check, for every attribute of
    every element, those it then drops as well.
    """

    def keep(tag: str, attr: str, value: str) -> str | None:
        if attr in LOADS:
            if attr not in ATTRIBUTES.get(tag, ()):
                return None  # not allowed there (nh3 drops it too): nothing shown, nothing to say
            if not _loads_from_outside(attr, value):
                return value
            if dropped is not None:
                dropped.append(value)
            return None
        if tag == "a" and attr == "href":  # a relative link to a Markdown page: its .html
            return _MD_LINK.sub(lambda m: f"{m.group(1)}.html{m.group(2) or ''}", value)
        return value

    return keep


def clean_html(fragment: str, dropped: list[str] | None = None) -> str:
    """Contributor HTML through nh3's allowlist; ``dropped`` gets each outside image's URL."""
    return nh3.clean(
        fragment,
        attribute_filter=_attribute_filter(dropped),
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(source: str, dropped: list[str] | None = None) -> str:
    """Contributor Markdown as clean HTML (one fragment, no headings treatment)."""
    rendered = markdown.markdown(source, extensions=EXTENSIONS, output_format="html")
    return clean_html(rendered, dropped)


def markdown_body(source: str, shift: int = 0, dropped: list[str] | None = None) -> str:
    """Contributor Markdown as page Markdown: escaped ``#`` headings, clean HTML blocks between.

    ``shift`` pushes headings down (a postmortem's ``#`` under the page's own title becomes
    ``##``). Fenced code is kept whole, so a ``#`` line inside it is not a heading.
    ``dropped`` gets the URL of each image from outside the site that was left out.
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
        out.append(_block(chunk, dropped))
        chunk = []
        level = min(6, len(heading.group(1)) + shift)
        out.append(f"{'#' * level} {text(heading.group(2))}\n")
    out.append(_block(chunk, dropped))
    return "\n".join(part for part in out if part)


def outside_images(page: str, dropped: list[str]) -> tuple[str, ...]:
    """The build's warnings for a page's images from outside the site (one per URL)."""
    return tuple(
        f"{page}: an image from outside the site is not shown (a page loads nothing from the "
        f"internet; put the image in the repository and refer to it by a relative path): {url}"
        for url in dict.fromkeys(dropped)
    )


def _block(lines: list[str], dropped: list[str] | None) -> str:
    """One run of contributor Markdown between headings, as a raw HTML block MkDocs keeps."""
    source = "\n".join(lines).strip("\n")
    if not source.strip():
        return ""
    cleaned = render_markdown(source, dropped)
    if not cleaned.strip():
        return ""
    return stash(f'<div class="ia-prose">{cleaned}</div>')
