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


def test_the_compact_index_keeps_every_posting_with_its_term_and_score() -> None:
    docs = [
        {"location": "a.html", "title": "Apps", "text": "Android apps failed to load", "tags": []},
        {"location": "b.html", "title": "Token", "text": "the token cache", "tags": ["auth"]},
        {"location": "c.html", "title": "Cache", "text": "cache load", "tags": []},
    ]
    index = search.build_index(docs)
    small = search.compact(index)
    assert small["fields"] == index["fields"]
    # expanded back the way search-worker.js does: term numbers from their differences
    got = {}
    for row in small["vectors"]:
        term = 0
        for k in range(2, len(row), 2):
            term += row[k]
            got[(small["fields"][row[0]], str(row[1]), small["terms"][term])] = row[k + 1]
    want = {}
    for ref, elements in index["fieldVectors"]:
        field, doc = ref.split("/")
        for k in range(0, len(elements), 2):
            term = next(t for t, p in index["invertedIndex"] if p["_index"] == elements[k])
            want[(field, doc, term)] = elements[k + 1]
    assert got.keys() == want.keys()
    assert all(abs(got[k] - v) <= abs(v) * 0.005 for k, v in want.items())  # 3 digits
    postings = {
        (field, doc, term)
        for term, posting in index["invertedIndex"]
        for field in index["fields"]
        for doc in posting[field]
    }
    assert postings == set(got)  # the inverted index can be rebuilt from the vectors


def test_a_word_in_every_document_is_left_out_of_the_compact_index() -> None:
    # in 500 documents "inc" and "2026" weigh almost nothing; each id's number does
    docs = [
        {"location": f"{i}.html", "title": f"INC-2026-{i:04d}", "text": "x", "tags": []}
        for i in range(500)
    ]
    small = search.compact(search.build_index(docs))
    every = {small["terms"].index(t) for t in ("inc", "2026")}
    for row in small["vectors"]:
        term = 0
        for k in range(2, len(row), 2):
            term += row[k]
            assert term not in every
    assert len(small["vectors"]) == 500
    assert all(row[0] == 0 for row in small["vectors"])  # titles only: "x" is in every text too


def test_long_text_is_cut_at_a_word_for_display() -> None:
    doc = {"location": "a.html", "title": "A", "text": "word " * 200, "tags": []}
    shown = loaded(search.prebuilt([doc]))["docs"][0]["text"]
    assert shown.endswith("word …")
    assert len(shown) <= search.SHOWN_CHARS + 2
