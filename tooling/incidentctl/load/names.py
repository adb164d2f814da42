"""The archive's incident folders asked about one name at a time, for runs about a few folders.

A run about one incident needs to know whether the incidents it refers to exist and what the
listing says of its own folder; listing 50,000 names for that made its cost grow with the
archive. Here each name costs an ``lstat`` or two, and the answer is the listing's, exactly:
an id (capitals, digits, dashes) sorts before every other spelling of itself, so it is never
the second spelling of a case collision, and a listed entry is an incident folder exactly when
``lstat`` says directory. Where ``lstat`` could answer otherwise, the listing decides: the
incidents folder is a link or cannot be listed, or the file system ignores case (there
``lstat`` answers for any spelling, the listing only for the one on disk).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.load.discovery import (
    FOLDER_ID,
    Inventory,
    archive_index,
    discover,
    playbook_paths,
    scan_folder,
    unexpected,
)
from incidentctl.load.documents import ArchiveIndex
from incidentctl.load.sources import link_in, symlink_finding


class Inexact(Exception):
    """Only the listing can tell (a linked or unlistable folder, a case-insensitive system)."""


class FolderNames:
    """A container of the incident folders' names: ``name in names`` is what the listing says.

    Picklable and cheap to copy: it holds paths, the settings and what it has looked up.
    """

    def __init__(self, root: Path, settings: Settings) -> None:
        self._root, self._settings = root, settings
        self._base = f"{root}/{settings.incidents_dir}"
        self._seen: dict[str, os.stat_result | None] = {}
        self._listable: bool | None = None
        self._listed: frozenset[str] | None = None

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or not FOLDER_ID.match(name):
            return False
        try:
            found = self.probe(name)
        except Inexact:
            return name in self.listed()
        return found is not None and stat.S_ISDIR(found.st_mode)

    def probe(self, name: str) -> os.stat_result | None:
        """``lstat`` of the entry spelled ``name`` (None: there is none); Inexact if unsure."""
        if name in self._seen:
            return self._seen[name]
        if self._listed is not None or not self._can_list():
            raise Inexact(name)
        found = _lstat(self.path(name))
        if found is not None:  # another spelling that is the same entry: case is ignored here
            other = _lstat(self.path(name.swapcase()))
            if other is not None and os.path.samestat(found, other):
                raise Inexact(name)
        self._seen[name] = found
        return found

    def path(self, name: str) -> str:
        return f"{self._base}/{name}"

    def listed(self) -> frozenset[str]:
        """The listing's incident folders (read once, when a name cannot be answered alone)."""
        if self._listed is None:
            inv = discover(self._root, self._settings, only=set())
            self._listed = frozenset(n for n in inv.folders if FOLDER_ID.match(n))
        return self._listed

    def _can_list(self) -> bool:
        if self._listable is None:
            try:  # opening the folder fails as listing it would; no entry is read
                with os.scandir(self._base):
                    pass
            except OSError:
                self._listable = False
            else:
                self._listable = link_in(self._root, self._settings.incidents_dir) is None
        return self._listable


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def discover_named(
    root: Path, settings: Settings, only: set[str]
) -> tuple[Inventory, ArchiveIndex]:
    """``discover(root, settings, only)`` for the folders in ``only``, and an index, unlisted.

    The inventory's folders are those of ``only`` that are incident folders (not every one in
    the archive); its findings are about them, the playbooks and (when it falls back to the
    listing) the listing itself, as ``discover``'s are. The index answers for every name.
    """
    names = FolderNames(root, settings)
    inv = Inventory()
    try:
        if not all(FOLDER_ID.match(n) for n in only):
            raise Inexact("not an id")
        entries = [(n, names.probe(n)) for n in sorted(only)]
    except Inexact:
        listed = discover(root, settings, only)  # its folders: every name the listing holds
        inv.playbooks, inv.folders = listed.playbooks, [f for f in listed.folders if f in only]
        inv.findings = listed.findings
        return inv, archive_index(listed.folders, listed.playbooks)
    for name, found in entries:
        rel = f"{settings.incidents_dir}/{name}"
        if found is None:
            continue
        if stat.S_ISDIR(found.st_mode):
            if scan_folder(names.path(name), rel, inv):
                inv.folders.append(name)
        elif stat.S_ISLNK(found.st_mode):
            inv.findings.append(symlink_finding(rel))
        else:
            inv.findings.append(unexpected(rel, "incident records live in folders"))
    inv.playbooks = playbook_paths(root, settings.playbooks_dir, inv.findings)
    return inv, named_index(names, inv.playbooks)


def named_index(names: FolderNames, playbooks: list[str]) -> ArchiveIndex:
    """The index with incident ids answered by ``names`` (playbooks: their listed paths)."""
    return ArchiveIndex(names, archive_index((), playbooks).playbook_ids)


def worktree_index(root: Path, settings: Settings) -> ArchiveIndex:
    """The working tree's index, for a command about one record: no listing of incidents/."""
    names = FolderNames(root, settings)
    return named_index(names, playbook_paths(root, settings.playbooks_dir))
