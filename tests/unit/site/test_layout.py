"""Where the archive's folders may lie against MkDocs' docs_dir, and what their loose pages become."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from incidentctl.site import layout
from incidentctl.site.markup import GeneratedPage
from incidentctl.site.stash import expand

R = PurePosixPath("/repo")
DOCS = R / "docs"
RECORDS = "MkDocs would publish every raw record, restricted ones included. Keep the records outside docs_dir (the default is incidents/)."
POLICY = "MkDocs would publish the raw policy files. Keep the policy outside docs_dir (the default is schemas/)."
PLAYBOOKS = "every page of the site would be read as a playbook. Use a folder inside docs_dir (the default is docs/playbooks) or outside it."


def refusals(docs: PurePosixPath = DOCS, **folders: str) -> list[str]:
    """The refusals for the default layout with ``folders`` changed."""
    settings = {"incidents_dir": "incidents", "playbooks_dir": "docs/playbooks",
                "policy_dir": "schemas", **folders}  # fmt: skip
    return layout.refusals(docs, {k: (v, R / v) for k, v in settings.items()})


@pytest.mark.parametrize(
    "folders",
    [{}, {"incidents_dir": "records"}, {"playbooks_dir": "playbooks"},
     {"playbooks_dir": "docs/runbooks/team-a"}, {"policy_dir": "docs-policy"},
     {"incidents_dir": "docsincidents"}],
)  # fmt: skip
def test_a_layout_with_the_records_and_the_policy_outside_docs_may_be_built(
    folders: dict[str, str],
) -> None:
    assert refusals(DOCS, **folders) == []


@pytest.mark.parametrize(
    ("folders", "docs", "expected"),
    [
        ({"incidents_dir": "docs/incidents"}, DOCS,
         f'[tool.incidentctl] incidents_dir = "docs/incidents" lies inside MkDocs\' docs_dir (/repo/docs): {RECORDS}'),
        ({"incidents_dir": "docs"}, DOCS,
         f'[tool.incidentctl] incidents_dir = "docs" is MkDocs\' docs_dir (/repo/docs): {RECORDS}'),
        ({"incidents_dir": "archive"}, R / "archive" / "docs",
         f'[tool.incidentctl] incidents_dir = "archive" holds MkDocs\' docs_dir (/repo/archive/docs): {RECORDS}'),
        ({"policy_dir": "docs/schemas"}, DOCS,
         f'[tool.incidentctl] policy_dir = "docs/schemas" lies inside MkDocs\' docs_dir (/repo/docs): {POLICY}'),
        ({"playbooks_dir": "docs"}, DOCS,
         f'[tool.incidentctl] playbooks_dir = "docs" is MkDocs\' docs_dir (/repo/docs): {PLAYBOOKS}'),
        ({"playbooks_dir": "site"}, R / "site" / "docs",
         f'[tool.incidentctl] playbooks_dir = "site" holds MkDocs\' docs_dir (/repo/site/docs): {PLAYBOOKS}'),
    ],
)  # fmt: skip
def test_a_layout_mkdocs_would_publish_raw_files_from_is_refused(
    folders: dict[str, str], docs: PurePosixPath, expected: str
) -> None:
    assert refusals(docs, **folders) == [expected]


def test_every_setting_at_fault_is_named() -> None:
    found = refusals(incidents_dir="docs/incidents", policy_dir="docs/policy")
    assert [line.split(" = ")[0] for line in found] == [
        "[tool.incidentctl] incidents_dir", "[tool.incidentctl] policy_dir"]  # fmt: skip


def test_the_archive_folders_are_the_generated_pages_and_the_playbooks() -> None:
    assert layout.within(DOCS, DOCS / "playbooks") == "playbooks"
    assert layout.within(DOCS, DOCS / "a" / "b") == "a/b"
    assert layout.within(DOCS, DOCS) is None
    assert layout.within(DOCS, R / "playbooks") is None
    assert layout.sections(None) == ("incidents", "playbooks")
    assert layout.sections("runbooks") == ("incidents", "playbooks", "runbooks")
    assert layout.in_section("playbooks/old/x.md", ("playbooks",))
    assert not layout.in_section("playbooks-old/x.md", ("playbooks",))
    assert layout.in_section("playbooks", ("playbooks",))  # a file where the folder belongs


@pytest.mark.parametrize(
    ("name", "page"),
    [("a.md", True), ("a.markdown", True), ("a.mdown", True), ("a.mkdn", True), ("a.mkd", True),
     ("a.MD", False), ("a.html", False), ("a.svg", False), ("a.md.txt", False)],
)  # fmt: skip
def test_pages_are_what_mkdocs_renders_as_pages(name: str, page: bool) -> None:
    assert layout.is_page(name) is page


def test_images_are_raster_files_of_at_most_10_mb() -> None:
    assert layout.is_image("a.PNG", 10 * 1024 * 1024)
    assert not layout.is_image("a.png", 10 * 1024 * 1024 + 1)
    assert not layout.is_image("a.svg", 10)
    assert not layout.is_image("a.html", 10)


def test_page_key_is_the_page_mkdocs_writes() -> None:
    assert layout.page_key("playbooks/a.markdown") == layout.page_key("playbooks/a.md")
    assert layout.page_key("playbooks/README.md") == "playbooks/index"
    assert layout.page_key("playbooks/a.png") == "playbooks/a.png"


EVIL = (
    "---\ntitle: </title><script>window.__xss=1</script>\ntemplate: ../../evil.html\n---\n\n"
    '# Old <b>one</b>\n\n<script>window.__xss=2</script>\n<img src=x onerror="window.__xss=3">\n'
    "[x](javascript:window.__xss=4) ![p](https://evil.example/p.png)\n"
)


def test_an_index_page_is_sanitized_and_loses_its_front_matter() -> None:
    page = layout.section_page("playbooks/index.md", EVIL)
    assert page.path == "playbooks/index.md"
    assert page.markdown.startswith("# Old &#60;b&#62;one&#60;/b&#62;\n")  # no front matter
    html = expand(page.markdown)
    assert "__xss" not in html.replace('<img src="x">', "")
    assert "evil.example" not in html
    assert page.warnings == (
        (
            "playbooks/index.md: an image from outside the site is not shown (a page loads "
            "nothing from the internet; put the image in the repository and refer to it by a "
            "relative path): https://evil.example/p.png"
        ),
    )


def test_only_index_pages_are_published_from_the_archive_folders_and_the_rest_is_named() -> None:
    found = [
        ("playbooks/db.md", "# a playbook, published from its validated form\n"),
        ("playbooks/broken.md", "# a playbook that failed: not published at all\n"),
        ("playbooks/index.md", "# Playbooks\n"),
        ("playbooks/README.md", "# where the index is written\n"),
        ("playbooks/db.markdown", "# not a playbook\n"),
        ("playbooks/old/db.md", "# Old\n"),
        ("playbooks/old/index.md", "# Old playbooks\n"),
        ("incidents/index.md", "# where the generated index is written\n"),
        ("incidents/README.md", "# and so here too\n"),
        ("incidents/notes.mkd", "# Notes\n"),
    ]
    generated = [
        GeneratedPage("playbooks/db.md", "# DB\n"),
        GeneratedPage("incidents/index.md", ""),
    ]
    folders = (layout.sections("playbooks"), "playbooks")
    pages, warnings = layout.section_pages(found, ["playbooks/x.svg"], generated, folders)
    assert [p.path for p in pages] == ["playbooks/index.md"]
    held = f" is {layout.HELD_BACK}"
    taken = " is not published: another page is written where it would be"
    assert warnings == [
        f"playbooks/x.svg{held}", f"playbooks/README.md{taken}", f"playbooks/db.markdown{held}",
        f"playbooks/old/db.md{held}", f"playbooks/old/index.md{held}",
        f"incidents/index.md{taken}", f"incidents/README.md{taken}", f"incidents/notes.mkd{held}",
    ]  # fmt: skip
    # the playbooks folder elsewhere (outside docs): docs/playbooks/*.md are not playbooks
    pages, warnings = layout.section_pages(found[:1], [], [], (layout.sections(None), None))
    assert (pages, warnings) == ([], [f"playbooks/db.md{held}"])
