"""The archive's folders against MkDocs' ``docs_dir`` (pure): what may be built, and from where.

MkDocs publishes every file under ``docs_dir`` as it is. The records (``incidents_dir``) and
the policy (``policy_dir``) must therefore lie outside it (``refusals``): inside, MkDocs would
copy every raw record, restricted ones included. The playbooks folder may lie inside it, but
nothing of it reaches the site raw: the site's archive folders (``sections``: ``incidents/``,
``playbooks/`` and the playbooks folder) publish the pages incidentctl generates, each
folder's index page sanitized like a playbook (``section_page``) and raster images; nothing
else (``section_pages`` says what it holds back).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath, PurePosixPath

from incidentctl.load.discovery import MARKDOWN_SUFFIXES, PLAYBOOK_INDEX_PAGES, is_playbook_path
from incidentctl.load.frontmatter import split
from incidentctl.site.markup import GeneratedPage
from incidentctl.site.sanitize import markdown_body, outside_images

# The site folders the generated pages live in (incident_page.incident_path, playbook_path).
ARCHIVE_SECTIONS = ("incidents", "playbooks")
# What MkDocs renders as a page (discovery's list; MkDocs compares them as written, so the
# site does too, where discovery warns whatever the case).
_PAGE_SUFFIXES = tuple(sorted(MARKDOWN_SUFFIXES))
# Images a page may show. No SVG: opened on its own, an SVG file runs its scripts.
IMAGE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"))
MAX_IMAGE_BYTES = 10 * 1024 * 1024
HELD_BACK = (
    "not published: from the archive's folders the site publishes only the playbooks "
    "(validated), each folder's index.md or README.md (sanitized) and PNG, JPEG, GIF, WebP or "
    "AVIF images of at most 10 MB, never a link"
)
_WHY = {
    "incidents_dir": (
        "MkDocs would publish every raw record, restricted ones included. Keep the records "
        "outside docs_dir (the default is incidents/)"
    ),
    "policy_dir": (
        "MkDocs would publish the raw policy files. Keep the policy outside docs_dir "
        "(the default is schemas/)"
    ),
    "playbooks_dir": (
        "every page of the site would be read as a playbook. Use a folder inside docs_dir "
        "(the default is docs/playbooks) or outside it"
    ),
}


def refusals(docs: PurePath, folders: Mapping[str, tuple[str, PurePath]]) -> list[str]:
    """Why this layout cannot be built, one line per setting; none when it can.

    ``docs``: MkDocs' docs directory; ``folders``: setting name -> (its value, the folder),
    all resolved. The records and the policy may not overlap ``docs`` either way; the
    playbooks folder may lie inside it, never hold it.
    """
    out = []
    for key, (value, folder) in sorted(folders.items()):
        if folder == docs:
            where = "is"
        elif docs.is_relative_to(folder):
            where = "holds"
        elif folder.is_relative_to(docs) and key != "playbooks_dir":
            where = "lies inside"
        else:
            continue
        why = _WHY.get(key, "MkDocs would publish it raw")
        out.append(
            f'[tool.incidentctl] {key} = "{value}" {where} MkDocs\' docs_dir ({docs}): {why}.'
        )
    return out


def within(docs: PurePath, folder: PurePath) -> str | None:
    """``folder`` relative to ``docs`` when it lies inside it, else None."""
    if folder == docs or not folder.is_relative_to(docs):
        return None
    return folder.relative_to(docs).as_posix()


def sections(playbooks: str | None) -> tuple[str, ...]:
    """The archive's folders: the generated pages' and the playbooks' (``within`` docs)."""
    return tuple(sorted({*ARCHIVE_SECTIONS, *([playbooks] if playbooks else [])}))


def in_section(rel: str, folders: tuple[str, ...]) -> bool:
    """Whether a path relative to the docs directory is, or lies in, one of the archive's folders."""
    return any(rel == folder or rel.startswith(f"{folder}/") for folder in folders)


def is_page(name: str) -> bool:
    """Whether MkDocs renders a file of this name as a page."""
    return name.endswith(_PAGE_SUFFIXES)


def is_image(name: str, size: int) -> bool:
    """Whether a file may be published as an image: a raster format, at most 10 MB."""
    return PurePosixPath(name).suffix.lower() in IMAGE_SUFFIXES and size <= MAX_IMAGE_BYTES


def page_key(path: str) -> str:
    """The page MkDocs writes for a source path: ``a/b.markdown`` and ``a/b.md`` are one."""
    if not is_page(path):
        return path
    stem = PurePosixPath(path).with_suffix("")
    return (stem.parent / "index").as_posix() if stem.name == "README" else stem.as_posix()


def section_page(path: str, source: str) -> GeneratedPage:
    """An archive folder's index page, sanitized as a playbook body is.

    Its front matter is dropped: MkDocs and Material write its values (a title, a template)
    into the page unescaped. The page keeps its path, so links to it still work.
    """
    dropped: list[str] = []
    body = markdown_body(split(source).body, dropped=dropped)
    return GeneratedPage(path, body or "\n", outside_images(path, dropped))


def section_pages(
    found: list[tuple[str, str]],
    held: list[str],
    generated: list[GeneratedPage],
    folders: tuple[tuple[str, ...], str | None],
) -> tuple[list[GeneratedPage], list[str]]:
    """The archive folders' index pages, sanitized, and a warning for each file held back.

    ``found``: (path, text) of the Markdown pages there; ``held``: the other files' paths;
    ``folders``: the archive's folders (``sections``) and the playbooks folder (``within``
    docs). A playbook is left out without a word (it is published from its validated form, or
    not at all); any other page is held back (``validate`` says it is not a playbook) but an
    index page directly in an archive folder (it is in the navigation), unless a generated
    page or an earlier one (``index.md`` and ``README.md``) is written where it would be.
    """
    sections, playbooks = folders
    taken = {page_key(p.path) for p in generated}
    out, warnings = [], [f"{rel} is {HELD_BACK}" for rel in held]
    for rel, source in found:
        path = PurePosixPath(rel)
        if playbooks and is_playbook_path(rel, playbooks):
            continue
        if path.name not in PLAYBOOK_INDEX_PAGES or path.parent.as_posix() not in sections:
            warnings.append(f"{rel} is {HELD_BACK}")
        elif page_key(rel) in taken:
            warnings.append(f"{rel} is not published: another page is written where it would be")
        else:
            taken.add(page_key(rel))
            out.append(section_page(rel, source))
    return out, warnings
