"""What a commit puts where the archive allows none, judged from git's modes alone.

``validate`` finds these by listing the working tree (``load.discovery``); ``check`` and
``audit`` read commits, where a folder's own entry never appears as a changed path's folder:
``incidents/INC-2026-0097`` committed as a symbolic link (mode 120000) or a submodule (160000)
is one path with no ``/`` after the folder, and nothing under it is ever read. Without this
rule both commands saw "nothing to check" where ``validate`` saw a link out of the repository.

The same for the playbooks folder: a playbook is a ``.md`` file directly in it; Markdown in
a subfolder, or under another extension MkDocs renders as a page, is never validated, so it is
reported where it lands (the site holds it back; ``site.plugin``).
"""

from __future__ import annotations

from collections.abc import Iterable

from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.load.discovery import (
    FOLDER_ID,
    IGNORED_FILES,
    PLAYBOOK_INDEX_PAGES,
    RECORD_FILES,
    folder_name_finding,
    is_markdown,
    is_playbook_path,
    is_under,
    not_a_playbook,
    submodule_finding,
    unexpected,
)
from incidentctl.load.sources import SUBMODULE, SYMLINK, BlobSource, symlink_finding


def _link(path: str, mode: str) -> Finding | None:
    """A symbolic link or a submodule, by git's mode; None for a file."""
    if mode == SYMLINK:
        return symlink_finding(path)
    return submodule_finding(path) if mode == SUBMODULE else None


def _index_page(path: str, playbooks_dir: str) -> bool:
    """The playbooks folder's own index page (``index.md``, ``README.md``), not a subfolder's."""
    rest = path[len(playbooks_dir) + 1 :]
    return rest in PLAYBOOK_INDEX_PAGES


def entry_findings(
    entries: Iterable[tuple[str, str]], settings: Settings, *, in_folders: bool
) -> list[Finding]:
    """Findings for committed ``(path, mode)`` entries the archive does not allow.

    ``in_folders``: also links and submodules inside incident folders, other than the two
    records (their loader reports those). ``check`` has its own walk of the folders it
    loads; the audit has none.
    """
    incidents, playbooks = settings.incidents_dir, settings.playbooks_dir
    out: list[Finding] = []
    for path, mode in entries:
        if path in (incidents, playbooks) and mode == SYMLINK:
            out.append(symlink_finding(path))
        elif is_under(path, incidents):
            name, sep, rest = path[len(incidents) + 1 :].partition("/")
            if sep and in_folders and not FOLDER_ID.match(name):
                out.append(folder_name_finding(f"{incidents}/{name}"))  # once: deduped below
                continue
            if sep and (not in_folders or rest in RECORD_FILES):
                continue
            if link := _link(path, mode):
                out.append(link)
            elif not sep and name not in IGNORED_FILES:
                out.append(unexpected(path, "incident records live in folders"))
        elif is_under(path, playbooks) and not is_playbook_path(path, playbooks):
            if link := _link(path, mode):
                out.append(link)
            elif is_markdown(path) and not _index_page(path, playbooks):
                out.append(unexpected(path, not_a_playbook(playbooks)))
    return list(dict.fromkeys(out))


def folder_links(head: BlobSource, incidents_dir: str, folder: str) -> list[Finding]:
    """Links and submodules anywhere in one committed incident folder (``check``'s walk)."""
    prefix = f"{incidents_dir}/{folder}/"
    found = (
        _link(path, entry[0]) for path, entry in head.entries.items() if path.startswith(prefix)
    )
    return [f for f in found if f is not None]
