"""The search index, prebuilt (pure): one document per incident plus Material's for the rest.

Why: Material's search worker builds a lunr index in the browser from ``search_index.json`` on
every page load (7 s at 10,000 incidents). Here lunr.py builds it once, at build time, in
lunr.js's serialized format; our worker (``static/search-worker.js``) loads it with
``lunr.Index.load`` and answers Material's search box with the same messages.

An incident is one document (id and title; summary, impact, services, type, tags and
recorded contributing factors as text), so a symptom search scores the words of its summary
and impact together, not section by section. Every other page keeps the documents Material's
search plugin wrote. Text shown in results is escaped here: the search box renders it as HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lunr.builder import Builder
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from incidentctl.site.values import Record

# Weights of a word by where it is; a document's own boost (incidents: ``INCIDENT_BOOST``)
# multiplies them. A title word counts 5 text words, a tag 3.
FIELDS = {"title": 5, "text": 1, "tags": 3}
INCIDENT_BOOST = 10  # an incident ranks above the manual for the same words
SHOWN_CHARS = 140  # text shown under a result (the search box clamps it to a few lines)
NEGLIGIBLE = 0.01
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def incident_doc(record: Record, location: str, factors: Sequence[str] = ()) -> dict[str, Any]:
    """The search document of an incident's page at ``location`` (plain text, not escaped)."""
    inc = record.incident
    parts = [inc.summary or ""]
    if inc.impact and inc.impact.description:
        parts.append(inc.impact.description)
    parts += [" ".join(inc.services), inc.type, *factors]
    return {
        "location": location,
        "title": f"{inc.id}: {inc.title}",
        "text": " ".join(p for p in parts if p),
        "tags": list(inc.tags),
        "boost": INCIDENT_BOOST,
    }


def from_material(docs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Material's search documents as plain text (its ``text`` is HTML, its title escaped)."""
    return [
        {
            "location": str(d.get("location", "")),
            "title": _plain(str(d.get("title", ""))),
            "text": _plain(str(d.get("text", ""))),
            "tags": [str(t) for t in d.get("tags") or []],
            "boost": float(d.get("boost", 1)),
        }
        for d in docs
    ]


def prebuilt(docs: Sequence[Mapping[str, Any]]) -> str:
    """A script that sets ``self.__incidentctlSearch``: the shown documents and the index.

    The index is ``compact``; the worker expands it into lunr.js's serialized form. The JSON
    goes in as one string literal for ``JSON.parse``, which browsers read several times
    faster than the same data as a JavaScript object literal.
    """
    data = {"docs": [_shown(d) for d in docs], "index": compact(build_index(docs))}
    literal = json.dumps(json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    return f"self.__incidentctlSearch = JSON.parse({literal});\n"


def build_index(docs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """lunr.js's serialized index of ``docs``, each referenced by its position."""
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, stemmer)
    builder.search_pipeline.add(stemmer)
    builder.metadata_whitelist = []
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for i, doc in enumerate(docs):
        fields = {"ref": str(i), "title": doc["title"], "text": doc["text"]}
        fields["tags"] = " ".join(doc.get("tags") or [])
        builder.add(fields, {"boost": doc.get("boost", 1)})
    index: dict[str, Any] = builder.build().serialize()
    return index


def compact(index: Mapping[str, Any]) -> dict[str, Any]:
    """The serialized index in a third of its size, for ``expand`` in search-worker.js.

    Why: at 10,000 incidents lunr's form is 10 MB, and reading it is most of a search's
    first second. The inverted index is left out (every posting is also in a field vector,
    so the worker rebuilds it); a field vector becomes ``[field, ref, Δterm, score, ...]``
    with term numbers as differences and scores to three significant digits (lunr keeps
    three decimals; the order of results does not need them). Scores under ``NEGLIGIBLE``
    (a word in every document, such as the year of every id) and empty vectors are dropped.
    """
    fields: list[str] = list(index["fields"])
    terms = [""] * len(index["invertedIndex"])
    for term, posting in index["invertedIndex"]:
        terms[posting["_index"]] = term
    vectors = []
    for field_ref, elements in index["fieldVectors"]:
        if not elements:
            continue
        field, ref = field_ref.split("/", 1)
        row: list[Any] = [fields.index(field), int(ref)]
        previous = 0
        for k in range(0, len(elements), 2):
            if elements[k + 1] < NEGLIGIBLE:
                continue
            row += [elements[k] - previous, _rounded(elements[k + 1])]
            previous = elements[k]
        if len(row) > 2:
            vectors.append(row)
    return {"version": index["version"], "fields": fields, "terms": terms, "vectors": vectors}


def _rounded(score: float) -> float | int:
    value = float(f"{score:.3g}")
    return int(value) if value.is_integer() else value


def _shown(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What a result shows, escaped: location, title, the start of the text, tags."""
    text = doc["text"]
    if len(text) > SHOWN_CHARS:
        text = text[:SHOWN_CHARS].rsplit(" ", 1)[0] + " …"
    out: dict[str, Any] = {
        "location": doc["location"],
        "title": html.escape(doc["title"]),
        "text": html.escape(text),
    }
    if doc.get("tags"):
        out["tags"] = [html.escape(t) for t in doc["tags"]]
    return out


def _plain(markup: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", markup))).strip()
