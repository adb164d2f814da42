"""Contributor text on the site: plain fields escaped, Markdown rendered and cleaned by nh3."""

from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "site"))
from xss_payloads import PAYLOADS, TIMELINE, TITLE, dangerous

from incidentctl.site.sanitize import (
    ATTRIBUTES,
    LOADS,
    TAGS,
    clean_html,
    markdown_body,
    paragraphs,
    site_relative,
    text,
)
from incidentctl.site.stash import expand


def test_the_checker_sees_a_payload() -> None:
    assert dangerous('<img src="javascript:x" onerror="y"><script></script>') == [
        "img src=javascript:x", "img onerror", "script"]  # fmt: skip


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_body_removes_every_payload(payload: str) -> None:
    out = expand(markdown_body(f"# Heading\n\nBefore.\n\n{payload}\n\nAfter.\n"))
    assert dangerous(out) == []
    assert "Before." in out  # (an unclosed <style> may take what follows with it: dropped)


@pytest.mark.parametrize("payload", [*PAYLOADS, TITLE, TIMELINE])
def test_plain_text_shows_every_payload_as_written_and_means_nothing(payload: str) -> None:
    out = text(payload)
    assert "<" not in out
    assert ">" not in out
    assert '"' not in out
    assert "[" not in out
    assert "(" not in out
    assert html.unescape(out) == " ".join(payload.split())


def test_headings_stay_markdown_and_are_escaped_and_shifted() -> None:
    out = markdown_body("# Title <img src=x onerror=alert(1)>\n\nText.\n\n## Two\n", shift=1)
    lines = [line for line in out.splitlines() if line.startswith("#")]
    assert lines == ["## Title &#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;", "### Two"]


def test_a_hash_line_in_fenced_code_is_not_a_heading() -> None:
    out = markdown_body("```\n# not a heading\n<b>\n```\n")
    assert not any(line.startswith("#") for line in out.splitlines())
    assert "# not a heading\n&lt;b&gt;" in expand(out)


def test_images_from_assets_and_plain_links_survive() -> None:
    out = expand(markdown_body("![diagram](assets/flow.png) see [the docs](https://example.com/x)"))
    assert '<img alt="diagram" src="assets/flow.png">' in out
    assert 'href="https://example.com/x"' in out


def test_clean_html_keeps_tables_and_drops_event_handlers() -> None:
    assert clean_html('<table><tr><td onclick="x()">1</td></tr></table>') == (
        "<table><tbody><tr><td>1</td></tr></tbody></table>"
    )


def test_paragraphs_split_on_blank_lines() -> None:
    assert paragraphs("One\nline.\n\nTwo <b>.") == "<p>One line.</p><p>Two &#60;b&#62;.</p>"


def test_relative_links_to_markdown_pages_point_at_the_html_page() -> None:
    out = expand(markdown_body("[a](other.md) [b](../x/index.md#step-2) [c](https://e.com/r.md)"))
    assert 'href="other.html"' in out
    assert 'href="../x/index.html#step-2"' in out
    assert 'href="https://e.com/r.md"' in out


# Images from outside the site (a tracking pixel sees every reader): every way a browser would
# read an outside URL in src, after nh3 decodes entities and the URL standard trims and drops
# characters. Each is dropped and handed back for the build's warning.
OUTSIDE_IMAGES = [
    ("![chart](https://tracker.evil.example/pixel.png?reader=1)",
     "https://tracker.evil.example/pixel.png?reader=1"),
    ('<img src="//evil.example/x.gif">', "//evil.example/x.gif"),
    ('<img src="http://evil.example/x.gif">', "http://evil.example/x.gif"),
    ('<img src="HTTPS://evil.example/x.gif">', "HTTPS://evil.example/x.gif"),
    ('<img src="/\\evil.example/x.gif">', "/\\evil.example/x.gif"),
    ('<img src="\\\\evil.example/x.gif">', "\\\\evil.example/x.gif"),
    ('<img src=" //evil.example/x.gif">', " //evil.example/x.gif"),
    ('<img src="/&#9;/evil.example/x.gif">', "/\t/evil.example/x.gif"),
    ('<img src="&#x2f;&#x2f;evil.example/x.gif">', "//evil.example/x.gif"),
    ('<img src="/root.png">', "/root.png"),
    ('![c](<//evil.example/x.gif>)', "//evil.example/x.gif"),
    ('<p><img alt="x" src="https://evil.example/a.png" width="1" height="1"></p>',
     "https://evil.example/a.png"),
]  # fmt: skip
# Other loaders, none of them allowed at all: no URL of theirs may survive.
OTHER_LOADERS = [
    '<img srcset="https://evil.example/a.png 2x">',
    '<video poster="https://evil.example/p.png" src="https://evil.example/v.mp4"></video>',
    '<picture><source srcset="//evil.example/a.webp"><img src="a.png"></picture>',
    '<audio src="//evil.example/a.mp3"></audio>',
    '<input type="image" src="//evil.example/a.png">',
    '<object data="//evil.example/a.swf"></object><embed src="//evil.example/e">',
    '<link rel="stylesheet" href="//evil.example/s.css">',
    '<table background="//evil.example/b.png"><tr><td>x</td></tr></table>',
    '<div style="background:url(//evil.example/b.png)">x</div>',
    "<style>body{background:url(//evil.example/b.png)}</style>",
    '<svg><image href="//evil.example/i.png"/></svg>',
]


@pytest.mark.parametrize(("source", "url"), OUTSIDE_IMAGES)
def test_an_image_from_outside_the_site_is_dropped_and_reported(source: str, url: str) -> None:
    dropped: list[str] = []
    out = expand(markdown_body(f"Before.\n\n{source}\n\nAfter.\n", dropped=dropped))
    assert "evil.example" not in out
    assert "/root.png" not in out
    assert dropped == [url]
    assert "Before." in out
    assert "After." in out


@pytest.mark.parametrize("source", OTHER_LOADERS)
def test_no_other_element_or_attribute_loads_anything(source: str) -> None:
    out = expand(markdown_body(f"Before.\n\n{source}\n\nAfter.\n", dropped=[]))
    assert "evil.example" not in out


@pytest.mark.parametrize(
    "src", ["assets/graph.png", "./assets/graph.png", "../INC-2026-0001/assets/a.png",
            "assets/a%20b.png?v=1", "assets/a:b.png"],
)  # fmt: skip
def test_an_image_inside_the_site_is_kept_and_not_reported(src: str) -> None:
    dropped: list[str] = []
    out = clean_html(f'<img alt="x" src="{src}">', dropped)
    assert out == f'<img alt="x" src="{src}">'
    assert dropped == []


def test_links_to_other_hosts_stay_the_reader_chooses() -> None:
    dropped: list[str] = []
    out = clean_html(
        '<a href="https://evil.example/x">a</a><a href="//evil.example/y">b</a>', dropped
    )
    assert 'href="https://evil.example/x"' in out
    assert 'href="//evil.example/y"' in out
    assert dropped == []


@pytest.mark.parametrize(
    ("url", "inside"),
    [("a.png", True), ("assets/a.png", True), ("../a.png", True), ("#top", True), ("", True),
     ("?x=1", True), ("https://e.example/a.png", False), ("//e.example", False),
     ("/a.png", False), ("\\\\e.example", False), ("/\\e.example", False), (" //e.example", False),
     ("\x01//e.example", False), ("/\n/e.example", False), ("data:image/png;base64,AA", False),
     ("mailto:x@e.example", False), ("a:b", False)],
)  # fmt: skip
def test_site_relative_reads_a_url_as_a_browser_does(url: str, inside: bool) -> None:
    assert site_relative(url) is inside


def test_the_allowlist_loads_nothing_but_an_image_source_and_writes_no_css() -> None:
    loaders = {(tag, attr) for tag, attrs in ATTRIBUTES.items() for attr in attrs & LOADS}
    assert loaders == {("img", "src")}  # filtered by site_relative
    assert "style" not in TAGS
    assert not any("style" in attrs for attrs in ATTRIBUTES.values())
    assert "*" not in ATTRIBUTES


def test_an_attribute_nh3_drops_anyway_is_not_reported() -> None:
    dropped: list[str] = []
    out = clean_html(
        '<script src="//evil.example/s.js"></script><iframe src="https://evil.example/f">'
        '</iframe><input src="//evil.example/i.png"><img src="javascript:x()">',
        dropped,
    )
    assert "evil.example" not in out
    assert dropped == []
