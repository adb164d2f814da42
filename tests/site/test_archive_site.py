"""The example archive's site: what is published, what never is, and the feeds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitebuild import build, copy_repo, files_containing, site  # noqa: F401 (site: a fixture)

from conftest import REPO
from incidentctl.config import load_settings
from incidentctl.models.incident import Visibility
from incidentctl.site.collect import collect

ARCHIVE = collect(REPO, load_settings(REPO))
RESTRICTED = [r for r in ARCHIVE.records if r.visibility is Visibility.RESTRICTED]
INTERNAL = [r for r in ARCHIVE.records if r.visibility is Visibility.INTERNAL]


def unique_phrase(body: str) -> str:
    """The longest sentence of a postmortem, written nowhere else in the repository's docs."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(body.split()))
    return max(sentences, key=len)[:80]


def needles(records: list) -> list[str]:  # type: ignore[type-arg]
    out = []
    for r in records:
        out += [r.id, r.incident.title]
        if r.postmortem_body:
            out.append(unique_phrase(r.postmortem_body))
    return out


def test_the_example_archive_has_restricted_and_internal_records() -> None:
    assert RESTRICTED
    assert INTERNAL
    assert any(r.postmortem_body for r in RESTRICTED)


@pytest.mark.parametrize("needle", needles(RESTRICTED))
def test_no_restricted_id_title_or_phrase_in_any_output_file(site: Path, needle: str) -> None:  # noqa: F811
    assert (site / "search" / "search_index.json").is_file()
    assert files_containing(site, needle) == []


@pytest.mark.parametrize("needle", [r.id for r in INTERNAL])
def test_internal_records_are_not_in_the_default_public_build(site: Path, needle: str) -> None:  # noqa: F811
    assert files_containing(site, needle) == []


def test_an_internal_build_publishes_internal_but_never_restricted(tmp_path: Path) -> None:
    proc = build(REPO, tmp_path / "out", internal=True)
    assert proc.returncode == 0, proc.stderr
    for r in INTERNAL:
        assert (tmp_path / "out" / "incidents" / r.id / "index.html").is_file()
    for needle in needles(RESTRICTED):
        assert files_containing(tmp_path / "out", needle) == []


def test_every_public_incident_has_a_page_and_is_indexed(site: Path) -> None:  # noqa: F811
    index = (site / "incidents" / "index.html").read_text()
    for r in ARCHIVE.records:
        if r.visibility is Visibility.PUBLIC:
            assert (site / "incidents" / r.id / "index.html").is_file()
            assert f'href="{r.id}/index.html"' in index


def test_incident_page_has_badges_timeline_states_updates_actions_and_links(site: Path) -> None:  # noqa: F811
    html = (site / "incidents" / "INC-2026-0001" / "index.html").read_text()
    for part in ('ia-severity-sev2">SEV2', 'ia-status-closed">closed', "Time in each state",
                 "1 h 55 min", "Stakeholder updates", "INC-2026-0001-AI-2", 'href="postmortem.html"',
                 'href="../../playbooks/certificate-expiry.html"', 'href="../by-service/dns.html"'):  # fmt: skip
        assert part in html, part


def test_postmortem_page_is_under_the_incident_header(site: Path) -> None:  # noqa: F811
    html = (site / "incidents" / "INC-2026-0001" / "postmortem.html").read_text()
    assert 'ia-severity-sev2">SEV2' in html
    assert "zone clean-up deleted the ACME challenge record" in html


def test_playbook_pages_list_the_incidents_that_used_them(site: Path) -> None:  # noqa: F811
    html = (site / "playbooks" / "certificate-expiry.html").read_text()
    assert "Incidents that used this playbook" in html
    assert 'href="../incidents/INC-2026-0001/index.html"' in html


def test_status_json_holds_public_ongoing_incidents_with_customer_updates(site: Path) -> None:  # noqa: F811
    doc = json.loads((site / "status.json").read_text())
    assert doc["version"] == 1
    ids = {i["id"] for i in doc["incidents"]}
    ongoing = {r.id for r in ARCHIVE.records if r.ongoing and r.visibility is Visibility.PUBLIC}
    assert ongoing <= ids
    assert not ids & {r.id for r in RESTRICTED + INTERNAL}
    assert all(u["text"] for i in doc["incidents"] for u in i["updates"])


def test_atom_feed_lists_published_postmortems(site: Path) -> None:  # noqa: F811
    root = ET.fromstring((site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert any(t and t.startswith("INC-2026-0001:") for t in titles)
    assert len(titles) == sum(
        1 for r in ARCHIVE.records
        if r.visibility is Visibility.PUBLIC and r.postmortem and r.postmortem.status.value == "published"
    )  # fmt: skip


def test_search_index_for_file_urls_is_inlined(site: Path) -> None:  # noqa: F811
    assert (site / "search" / "search_index.js").is_file()


def test_an_invalid_incident_is_left_out_and_the_build_says_why(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    record = root / "incidents" / "INC-2026-0003" / "incident.yaml"
    record.write_text(record.read_text().replace("severity: SEV1", "severity: [SEV1"))
    proc = build(root, tmp_path / "out")
    # strict: the warning that names it fails the build, and says which record and why
    assert proc.returncode == 1
    assert (
        "incidents/INC-2026-0003 is not published: incidents/INC-2026-0003/incident.yaml:"
        in proc.stderr
    )


def test_post_build_scan_fails_the_build_when_a_page_names_a_restricted_id(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    leaked = RESTRICTED[0].id
    page = root / "docs" / "responders" / "index.md"
    page.write_text(page.read_text() + f"\n\nSee {leaked}.\n")
    # a maintainers' folder is published as it is: a raw record copied there is caught too
    raw = root / "incidents" / leaked / "incident.yaml"
    (root / "docs" / "responders" / "example.yaml").write_bytes(raw.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / ".git").mkdir()  # a gh-pages checkout: MkDocs keeps hidden entries, and so do we
    proc = build(root, out)
    assert proc.returncode == 1
    assert (
        "is named in the built site: responders/example.yaml, responders/index.html. Remove the "
        "mention of its id or title from the pages that name it. The output folder was emptied."
    ) in proc.stderr
    assert [p.name for p in out.iterdir()] == [".git"]  # a failed build leaves nothing to publish


HREF = re.compile(r'<a [^>]*href="([^"#?]+)(?:[#?][^"]*)?"')


def test_every_link_on_a_generated_page_resolves(site: Path) -> None:  # noqa: F811
    pages = [
        site / "index.html",
        site / "status.html",
        *site.glob("incidents/**/*.html"),
        *site.glob("playbooks/*.html"),
    ]
    checked = 0
    for page in pages:
        for href in HREF.findall(page.read_text()):
            if "://" in href or href.startswith("mailto:"):
                continue
            target = (page.parent / href).resolve()
            assert target.exists(), f"{page.relative_to(site)} -> {href}"
            checked += 1
    assert checked > 100


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_images_of_published_incidents_only_and_never_svg(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    public, secret = "INC-2026-0001", RESTRICTED[0].id
    for iid in (public, secret):
        assets = root / "incidents" / iid / "assets"
        assets.mkdir()
        (assets / "graph.png").write_bytes(PNG)
        (assets / "evil.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>')
    pm = root / "incidents" / public / "postmortem.md"
    pm.write_text(pm.read_text() + "\n\n![Error rate](assets/graph.png)\n")
    proc = build(root, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out" / "incidents"
    assert (out / public / "assets" / "graph.png").read_bytes() == PNG
    assert not (out / public / "assets" / "evil.svg").exists()
    assert not (out / secret).exists()
    assert (
        '<img alt="Error rate" src="assets/graph.png">'
        in (out / public / "postmortem.html").read_text()
    )


def test_a_policy_with_errors_stops_the_build_and_names_the_file(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    (root / "schemas" / "incident-types.yaml").write_text("schema_version: 1\ntypes: [\n")
    proc = build(root, tmp_path / "out")
    assert proc.returncode == 1
    assert (
        "the policy has errors, so nothing can be published safely: schemas/incident-types.yaml:"
        in proc.stderr
    )
    assert not (tmp_path / "out" / "incidents").exists()


def test_a_linked_assets_folder_or_image_is_not_followed(tmp_path: Path) -> None:
    from incidentctl.site.collect import _assets

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    folder = tmp_path / "INC-2026-0001"
    folder.mkdir()
    (folder / "assets").symlink_to(outside)
    assert _assets(folder / "assets") == ()
    (folder / "assets").unlink()
    (folder / "assets").mkdir()
    (folder / "assets" / "ok.png").write_bytes(PNG)
    (folder / "assets" / "link.png").symlink_to(outside / "secret.png")
    assert _assets(folder / "assets") == ("ok.png",)


def test_a_file_whose_path_names_a_restricted_id_fails_the_build(tmp_path: Path) -> None:
    """An image under docs/incidents/<restricted id>/ says the id in its URL, not its bytes."""
    root = copy_repo(tmp_path / "repo")
    leaked = RESTRICTED[0].id
    image = root / "docs" / "incidents" / leaked / "assets" / "ci-log.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    proc = build(root, tmp_path / "out")
    assert proc.returncode == 1
    assert f"is named in the built site: incidents/{leaked}/assets/ci-log.png" in proc.stderr
