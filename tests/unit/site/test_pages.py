"""Page generation on hand-made records: what is published, linked and counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from incidentctl.models.incident import Incident, Visibility
from incidentctl.models.playbook import Playbook
from incidentctl.models.postmortem import Postmortem
from incidentctl.site import pages
from incidentctl.site.markup import GeneratedPage, duration, rel
from incidentctl.site.stash import expand, squeeze, stash
from incidentctl.site.values import Archive, PlaybookRecord, Record, publishable

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def incident(iid: str, **extra: Any) -> Incident:
    base: dict[str, Any] = {
        "schema_version": 1, "id": iid, "title": f"Title of {iid}", "type": "outage",
        "status": "investigating", "severity": "SEV2", "services": ["checkout"], "tags": ["db"],
        "started_at": "2026-02-01T10:00:00Z",
        "timeline": [
            {"at": "2026-02-01T10:00:00Z", "type": "status_change", "status": "detected"},
            {"at": "2026-02-01T10:30:00Z", "type": "status_change", "status": "investigating"},
        ],
    }  # fmt: skip
    return Incident.model_validate({**base, **extra})


def record(iid: str, vis: Visibility, **extra: Any) -> Record:
    return Record(incident(iid, **extra), vis, phase="Respond", ongoing=True)


def build(records: list[Record], internal: bool = False) -> dict[str, str]:
    archive = publishable(Archive(records, now=NOW), internal)
    return {
        p.path: expand(expand(p.markdown), late=True)
        for p in pages.build_pages(archive, pages.SiteOptions(internal))
    }


def test_publishable_keeps_public_and_internal_only_when_asked_never_restricted() -> None:
    records = [record("INC-2026-0001", Visibility.PUBLIC), record("INC-2026-0002", Visibility.INTERNAL),
               record("INC-2026-0003", Visibility.RESTRICTED)]  # fmt: skip
    assert [r.id for r in publishable(Archive(records), False).records] == ["INC-2026-0001"]
    assert [r.id for r in publishable(Archive(records), True).records] == [
        "INC-2026-0001",
        "INC-2026-0002",
    ]


def test_a_restricted_record_is_on_no_page_not_even_as_a_related_link() -> None:
    public = record(
        "INC-2026-0001", Visibility.PUBLIC, relations={"related": ["INC-2026-0003"]}, tags=["db"]
    )
    secret = record("INC-2026-0003", Visibility.RESTRICTED, tags=["secret-tag"], services=["vault"])
    out = build([public, secret])
    everything = "\n".join(out.values())
    assert "INC-2026-0003" not in everything
    assert "secret-tag" not in everything
    assert "vault" not in everything
    assert "incidents/INC-2026-0001/index.md" in out


def test_index_rows_carry_the_filter_values() -> None:
    out = build([record("INC-2026-0001", Visibility.PUBLIC)])
    index = out["incidents/index.md"]
    assert (
        'data-year="2026" data-severity="SEV2" data-type="outage" data-status="investigating" data-service="checkout" data-tag="db"'
        in index
    )
    assert (
        '<select data-filter="service"><option value="">all</option><option value="checkout">checkout</option></select>'
        in index
    )


def test_per_year_service_and_severity_pages() -> None:
    out = build(
        [
            record("INC-2026-0001", Visibility.PUBLIC),
            record("INC-2025-0007", Visibility.PUBLIC, services=["search"]),
        ]
    )
    assert {"incidents/by-year/2025.md", "incidents/by-year/2026.md", "incidents/by-service/checkout.md",
            "incidents/by-service/search.md", "incidents/by-severity/SEV2.md"} <= set(out)  # fmt: skip
    assert "INC-2025-0007" in out["incidents/by-service/search.md"]
    assert "INC-2026-0001" not in out["incidents/by-service/search.md"]


def test_incident_page_shows_time_in_each_state() -> None:
    page = build([record("INC-2026-0001", Visibility.PUBLIC)])["incidents/INC-2026-0001/index.md"]
    assert "<td>30 min</td>" in page
    assert "<td>current</td>" in page


def test_draft_postmortems_are_public_only_in_an_internal_build() -> None:
    pm = Postmortem.model_validate(
        {"schema_version": 1, "incident": "INC-2026-0001", "status": "draft", "owner": "alice"}
    )
    r = Record(
        incident("INC-2026-0001"),
        Visibility.PUBLIC,
        postmortem=pm,
        postmortem_body="# PM\n\nBody.\n",
    )
    assert "incidents/INC-2026-0001/postmortem.md" not in build([r])
    assert "incidents/INC-2026-0001/postmortem.md" in build([r], internal=True)


def test_title_in_front_matter_is_html_escaped() -> None:
    r = record("INC-2026-0001", Visibility.PUBLIC, title="</title><script>x</script>")
    page = build([r])["incidents/INC-2026-0001/index.md"]
    assert (
        page.splitlines()[1]
        == 'title: "INC-2026-0001: &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"'
    )


def test_relative_links_between_pages() -> None:
    assert rel("incidents/INC-1/index.md", "incidents/by-service/db.md") == "../by-service/db.html"
    assert rel("incidents/INC-1/index.md", "playbooks/x.md") == "../../playbooks/x.html"
    assert rel("incidents/index.md", "incidents/INC-1/index.md") == "INC-1/index.html"
    assert rel("index.md", "metrics.md") == "metrics.html"


def test_durations() -> None:
    assert [duration(s) for s in (0, 59, 60 * 45, 3600 * 2 + 600, 86400 + 3600 * 7, 86400 * 3)] == [
        "0 min", "0 min", "45 min", "2 h 10 min", "1 d 7 h", "3 d"]  # fmt: skip


def test_stash_round_trips_and_cannot_be_closed_early() -> None:
    block = stash("<p>a --> b</p>")
    assert "-->" not in block[4:-4]
    assert expand(f"x{block}y") == "x<p>a --> b</p>\ny"
    assert expand(stash("<p>late</p>", late=True)) != "<p>late</p>\n"
    assert expand(stash("<p>late</p>", late=True), late=True) == "<p>late</p>\n"


def test_squeeze_keeps_preformatted_text_and_scripts() -> None:
    page = "<div>\n    <p>a\n\n   b</p>\n</div>\n<pre>  x\n    y</pre>\n  <script>\n  var a = 1\n</script>"
    assert (
        squeeze(page)
        == "<div>\n<p>a\nb</p>\n</div>\n<pre>  x\n    y</pre>\n<script>\n  var a = 1\n</script>"
    )


def test_an_unknown_postmortem_owner_is_said_to_be_unknown_never_made_up() -> None:
    pm = Postmortem.model_validate(
        {"schema_version": 1, "incident": "INC-2026-0001", "status": "draft"}
    )
    r = Record(incident("INC-2026-0001"), Visibility.PUBLIC, postmortem=pm, postmortem_body="B\n")
    page = build([r], internal=True)["incidents/INC-2026-0001/postmortem.md"]
    assert "Owner: not known" in page
    assert "None" not in page


OUTSIDE = "![chart](https://tracker.evil.example/pixel.png) <img src=//evil.example/x.gif>"
LOCAL = "![chart](assets/chart.png)"


def _pages(records: list[Record], playbooks: list[PlaybookRecord]) -> dict[str, GeneratedPage]:
    archive = publishable(Archive(records, playbooks, now=NOW), False)
    return {p.path: p for p in pages.build_pages(archive, pages.SiteOptions())}


def test_an_image_from_outside_the_site_is_left_out_with_a_warning_naming_the_page() -> None:
    pm = Postmortem.model_validate(
        {"schema_version": 1, "incident": "INC-2026-0001", "status": "published", "owner": "al"}
    )
    body = f"# PM\n\n{OUTSIDE}\n\n{LOCAL}\n"
    r = Record(incident("INC-2026-0001"), Visibility.PUBLIC, postmortem=pm, postmortem_body=body)
    playbook = Playbook.model_validate({
        "id": "pixel", "title": "Pixel", "status": "active", "owner": "team-a",
        "last_reviewed": "2026-01-01",
    })  # fmt: skip
    out = _pages([r], [PlaybookRecord("pixel", playbook, f"# Pixel\n\n{OUTSIDE}\n\n{LOCAL}\n")])
    for path in ("incidents/INC-2026-0001/postmortem.md", "playbooks/pixel.md"):
        page = out[path]
        html = expand(page.markdown)
        assert "evil.example" not in html
        assert '<img alt="chart" src="assets/chart.png">' in html
        assert page.warnings == tuple(
            f"{path}: an image from outside the site is not shown (a page loads nothing from "
            "the internet; put the image in the repository and refer to it by a relative "
            f"path): {url}"
            for url in ("https://tracker.evil.example/pixel.png", "//evil.example/x.gif")
        )
    assert [p for p, page in out.items() if page.warnings] == [
        "incidents/INC-2026-0001/postmortem.md", "playbooks/pixel.md"]  # fmt: skip
