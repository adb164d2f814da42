"""Contributor text on the site: plain fields escaped, Markdown rendered and cleaned by nh3."""

from __future__ import annotations

import html
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "site"))
from xss_payloads import PAYLOADS, TIMELINE, TITLE

from incidentctl.site.sanitize import clean_html, markdown_body, paragraphs, text
from incidentctl.site.stash import expand

BAD_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "meta", "form", "input",
            "button", "base", "link", "body"}  # fmt: skip


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BAD_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            v = "".join((value or "").split()).lower()
            if name.startswith("on") or name in ("style", "formaction", "background"):
                self.bad.append(f"{tag} {name}")
            if v.startswith(("javascript:", "data:", "vbscript:")):
                self.bad.append(f"{tag} {name}={v}")


def dangerous(markup: str) -> list[str]:
    parser = Elements()
    parser.feed(markup)
    parser.close()
    return parser.bad


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
