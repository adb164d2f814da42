"""The prebuilt search index (incidentctl.site.search): documents, escaping, lunr's format."""

from __future__ import annotations

import json

from test_pages import record

from incidentctl.models.incident import Visibility
from incidentctl.site import pages, search
from incidentctl.site.values import Archive, publishable

PREFIX, SUFFIX = "self.__incidentctlSearch = JSON.parse(", ");\n"


def loaded(script: str) -> dict:  # type: ignore[type-arg]
    assert script.startswith(PREFIX)
    assert script.endswith(SUFFIX)
    return json.loads(json.loads(script[len(PREFIX) : -len(SUFFIX)]))  # type: ignore[no-any-return]


def test_an_incident_is_one_document_of_its_symptom_text() -> None:
    r = record(
        "INC-2026-0001", Visibility.PUBLIC, summary="The apps failed.",
        impact={"description": "Android apps failed to load."},
    )  # fmt: skip
    doc = search.incident_doc(r, "incidents/INC-2026-0001/index.html", ["config bad push"])
    assert doc == {
        "location": "incidents/INC-2026-0001/index.html",
        "title": "INC-2026-0001: Title of INC-2026-0001",
        "text": "The apps failed. Android apps failed to load. checkout outage config bad push",
        "tags": ["db"],
        "boost": search.INCIDENT_BOOST,
    }


def test_only_published_incidents_get_a_document() -> None:
    records = [
        record("INC-2026-0001", Visibility.PUBLIC),
        record("INC-2026-0002", Visibility.INTERNAL),
        record("INC-2026-0003", Visibility.RESTRICTED),
    ]
    shown = publishable(Archive(records), internal=False)
    docs = pages.search_docs(shown, pages.SiteOptions())
    assert [d["location"] for d in docs] == ["incidents/INC-2026-0001/index.html"]
    shown = publishable(Archive(records), internal=True)
    assert len(pages.search_docs(shown, pages.SiteOptions(internal=True))) == 2


def test_shown_text_is_escaped_and_material_markup_is_made_plain() -> None:
    material = search.from_material(
        [{"location": "a.html", "title": "A &amp; B", "text": "<p>x <code>&lt;b&gt;</code></p>"}]
    )
    assert material[0]["title"] == "A & B"
    assert material[0]["text"] == "x <b>"
    hostile = {
        "location": "b.html",
        "title": "<img src=x onerror=1>",
        "text": "<script>",
        "tags": ["<i>"],
    }
    data = loaded(search.prebuilt([*material, hostile]))
    assert data["docs"][0] == {"location": "a.html", "title": "A &amp; B", "text": "x &lt;b&gt;"}
    assert data["docs"][1] == {
        "location": "b.html", "title": "&lt;img src=x onerror=1&gt;", "text": "&lt;script&gt;",
        "tags": ["&lt;i&gt;"],
    }  # fmt: skip


def test_the_index_is_lunr_js_format_stemmed_without_stop_words() -> None:
    docs = [
        {"location": "a.html", "title": "Apps", "text": "Android apps failed to load", "tags": []},
        {"location": "b.html", "title": "Token", "text": "the token cache", "tags": ["auth"]},
    ]
    index = search.build_index(docs)
    assert index["version"] == "2.3.9"
    assert index["fields"] == ["title", "text", "tags"]
    terms = {t for t, _ in index["invertedIndex"]}
    assert {"android", "app", "fail", "load", "token", "cach", "auth"} <= terms
    assert not terms & {"to", "the"}
    refs = {ref for ref, _ in index["fieldVectors"]}
    assert refs == {"title/0", "text/0", "title/1", "text/1", "tags/1"}  # no empty vectors


def test_long_text_is_cut_at_a_word_for_display() -> None:
    doc = {"location": "a.html", "title": "A", "text": "word " * 200, "tags": []}
    shown = loaded(search.prebuilt([doc]))["docs"][0]["text"]
    assert shown.endswith("word …")
    assert len(shown) <= search.SHOWN_CHARS + 2
