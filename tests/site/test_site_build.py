"""Build the real site with MkDocs (strict) and check what a reader gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitebuild import site  # noqa: F401 (a fixture)

EXTERNAL = re.compile(
    r"""<(script|link|img|iframe)\b[^>]*\b(src|href)=["']?(https?:)?//""", re.IGNORECASE
)


def test_pages_are_built(site: Path) -> None:  # noqa: F811
    for page in ("index.html", "responders/index.html", "maintainers/rules.html",
                 "playbooks/database-failover.html", "changelog.html"):  # fmt: skip
        assert (site / page).is_file(), page


def test_changelog_page_is_the_repository_changelog(site: Path) -> None:  # noqa: F811
    html = (site / "changelog.html").read_text()
    assert "Keep a Changelog" in html
    assert "replaced by CHANGELOG.md" not in html


def test_no_page_loads_anything_from_the_internet(site: Path) -> None:  # noqa: F811
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert not EXTERNAL.search(html), page
        assert "fonts.googleapis" not in html, page
        assert 'class="mermaid"' not in html, page  # Material would fetch mermaid from a CDN


def test_search_index_is_local_and_prebuilt(site: Path) -> None:  # noqa: F811
    # Material's index keeps its configuration only: its documents are in ours, prebuilt
    material = json.loads((site / "search" / "search_index.json").read_text())
    assert material["docs"] == []
    assert material["config"]["lang"] == ["en"]
    ours = (site / "search" / "incidentctl_index.js").read_text()
    prefix, suffix = "self.__incidentctlSearch = JSON.parse(", ");\n"
    assert ours.startswith(prefix)
    assert ours.endswith(suffix)
    data = json.loads(json.loads(ours[len(prefix) : -len(suffix)]))
    titles = {d["title"] for d in data["docs"]}
    assert "Fail over the orders database" in titles  # a playbook, from Material's documents
    assert "INC-2026-0001: Mobile app cannot connect after API certificate expired" in titles
    assert data["index"]["version"] == "2.3.9"  # lunr.js's serialized format


def test_record_pages_carry_a_slim_chrome_and_unused_assets_are_left_out(site: Path) -> None:  # noqa: F811
    incident = (site / "incidents" / "INC-2026-0001" / "index.html").read_text()
    postmortem = (site / "incidents" / "INC-2026-0001" / "postmortem.html").read_text()
    manual = (site / "responders" / "index.html").read_text()
    for page in (incident, postmortem):
        assert 'data-md-component="palette"' not in page
        assert "md-footer" not in page
        assert 'data-md-component="search"' in page  # the search box stays
    assert 'data-md-type="toc"' not in incident  # hide: [toc]
    assert 'data-md-type="toc"' in postmortem
    assert 'data-md-component="palette"' in manual  # Material's own pages keep theirs
    assets = {p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.is_file()}
    assert not [a for a in assets if a.endswith(".map") or "/workers/" in a or "/lunr/" in a]
    assert {"assets/incidentctl/search-worker.js", "assets/incidentctl/lunr.min.js"} <= assets
    assert '"search": "../../assets/incidentctl/search-worker.js"' in incident
