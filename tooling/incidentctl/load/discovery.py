"""What is in the archive: incident folders, playbooks, what a path names, the archive index.

Discovery reads names (and, for the folders a run covers, their entries) but parses nothing;
it reports what does not belong there (symlinks, submodules, stray files, bad folder names).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path, PurePosixPath

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding, Level
from incidentctl.load.documents import ASSETS_DIR, INCIDENT_FILE, POSTMORTEM_FILE, ArchiveIndex

FOLDER_ID = re.compile(r"^[A-Z][A-Z0-9]{0,15}-[0-9]{4}-[0-9]{4,6}\Z")
PLAYBOOK_INDEX_PAGES = frozenset(("index.md", "README.md"))
_IGNORED = frozenset((".gitkeep", ".DS_Store", "README.md", "index.md"))
_RECORDS = frozenset((INCIDENT_FILE, POSTMORTEM_FILE))


@dataclass
class Inventory:
    folders: list[str] = field(default_factory=list)
    playbooks: list[str] = field(default_factory=list)  # repo-relative paths
    findings: list[Finding] = field(default_factory=list)


def discover(root: Path, settings: Settings, only: set[str] | None = None) -> Inventory:
    """Every incident folder's name; the contents only of ``only`` (all when None)."""
    inv = Inventory()
    _scan_incidents(root, settings.incidents_dir, inv, only)
    inv.playbooks = playbook_paths(root, settings.playbooks_dir)
    return inv


def folder_of(path: str, incidents_dir: str, *, entry: bool = False) -> str | None:
    """The incident folder a repository path lies in: ``incidents/<folder>/...`` -> ``<folder>``.

    With ``entry``, ``incidents/<name>`` itself counts too (a finding about the entry).
    The name is not checked against the id pattern; callers that need an id check ``FOLDER_ID``.
    """
    rest = path.removeprefix(incidents_dir + "/")
    if rest == path:
        return None
    name, sep, _ = rest.partition("/")
    return name if sep or entry else None


def archive_index(folders: Iterable[str], playbooks: Iterable[str]) -> ArchiveIndex:
    """The index cross-file rules consult, from names alone (no parsing).

    Folders count when named like incident ids; playbooks by the stem of their file (names or
    paths; index pages aside).
    """
    return ArchiveIndex(
        frozenset(n for n in folders if FOLDER_ID.match(n)),
        frozenset(
            PurePosixPath(p).stem
            for p in playbooks
            if p.endswith(".md") and PurePosixPath(p).name not in PLAYBOOK_INDEX_PAGES
        ),
    )


def worktree_index(root: Path, settings: Settings) -> ArchiveIndex:
    """The working tree's index: a listing of names, no folder's contents."""
    inv = discover(root, settings, only=set())
    return archive_index(inv.folders, inv.playbooks)


@dataclass
class Selection:
    """What a validation covers: everything, or the incident folders and playbooks named."""

    everything: bool = False
    folders: set[str] = field(default_factory=set)
    playbooks: set[str] = field(default_factory=set)


def select(root: Path, settings: Settings, targets: list[Path]) -> Selection:
    """Map path arguments onto incident folders and playbooks; a path outside them is an error."""
    sel = Selection(everything=not targets)
    for target in targets:
        _select_one(root, settings, target, sel)
    return sel


def _select_one(root: Path, settings: Settings, target: Path, sel: Selection) -> None:
    path = target.absolute()
    if not path.exists() and not path.is_symlink():
        raise UserError(f"{target}: no such file or directory")
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise UserError(f"{target}: is outside the repository {root}") from None
    inc, pbs, pol = (tuple(d.split("/")) for d in (
        settings.incidents_dir, settings.playbooks_dir, settings.policy_dir))  # fmt: skip
    if len(parts) == 0 or parts == inc:
        sel.everything = True
    elif parts[: len(inc)] == inc and FOLDER_ID.match(parts[len(inc)]):
        sel.folders.add(parts[len(inc)])
    elif parts == pbs:
        sel.playbooks.update(playbook_paths(root, settings.playbooks_dir))
    elif parts[: len(pbs)] == pbs and len(parts) == len(pbs) + 1 and parts[-1].endswith(".md"):
        if parts[-1] not in PLAYBOOK_INDEX_PAGES:
            sel.playbooks.add("/".join(parts))
    elif parts[: len(pol)] != pol:  # policy files are always checked
        msg = f"{target}: not an incident, postmortem, playbook or policy file of this repository"
        raise UserError(msg)


def is_playbook_path(path: str, playbooks_dir: str) -> bool:
    """A playbook is a Markdown file directly in the playbooks folder, index pages aside."""
    rest = path.removeprefix(playbooks_dir + "/")
    return (
        rest != path
        and "/" not in rest
        and rest.endswith(".md")
        and rest not in PLAYBOOK_INDEX_PAGES
    )


def playbook_paths(root: Path, playbooks_dir: str) -> list[str]:
    base = root / playbooks_dir
    if not base.is_dir():
        return []
    return sorted(
        f"{playbooks_dir}/{e.name}"
        for e in os.scandir(base)
        if e.name.endswith(".md") and e.name not in PLAYBOOK_INDEX_PAGES and not e.is_symlink()
    )


def _scan_incidents(root: Path, incidents_dir: str, inv: Inventory, only: set[str] | None) -> None:
    # Plain strings and os.scandir: this walk is most of a warm validate (pathlib was 3x slower).
    base = os.path.join(root, incidents_dir)
    if not os.path.isdir(base):
        return
    lower: dict[str, str] = {}
    for entry in sorted(os.scandir(base), key=attrgetter("name")):
        name = entry.name
        first = lower.setdefault(name.lower(), name)
        if first == name and entry.is_dir(follow_symlinks=False) and FOLDER_ID.match(name):
            inv.folders.append(name)  # the common case, kept cheap: 10,000 of these
            if only is None or name in only:
                _scan_folder(entry.path, f"{incidents_dir}/{name}", inv)
            continue
        rel = f"{incidents_dir}/{name}"
        if first != name:  # one folder on case-insensitive checkouts (macOS, Windows)
            msg = f"differs only in case from {incidents_dir}/{first}"
            inv.findings.append(Finding(rel, 0, 0, "discovery.case-collision", msg))
        if entry.is_symlink():
            inv.findings.append(_symlink(rel))
        elif not entry.is_dir():
            if entry.name not in _IGNORED:
                inv.findings.append(_unexpected(rel, "incident records live in folders"))
        elif not FOLDER_ID.match(entry.name):
            msg = "folder name must be an incident id such as INC-2026-0007"
            inv.findings.append(Finding(rel, 0, 0, "incident.folder-name", msg))
        # else: the second spelling of a case collision, reported above and not validated


def _scan_folder(folder: str, rel: str, inv: Inventory) -> None:
    for entry in os.scandir(folder):
        name = entry.name
        path = f"{rel}/{name}"
        if entry.is_symlink():
            inv.findings.append(_symlink(path))
        elif name in _RECORDS:
            continue  # read by the loader; a non-file is reported there as unreadable
        elif entry.is_dir() and os.path.exists(os.path.join(entry.path, ".git")):
            inv.findings.append(_submodule(path))
        elif name == ASSETS_DIR and entry.is_dir():
            _scan_assets(Path(entry.path), path, inv)
        elif name not in _IGNORED:
            hint = f"expected {INCIDENT_FILE}, {POSTMORTEM_FILE} or {ASSETS_DIR}/"
            inv.findings.append(_unexpected(path, hint))


def _scan_assets(folder: Path, rel: str, inv: Inventory) -> None:
    for dirpath, dirnames, filenames in os.walk(folder):
        base = rel + dirpath[len(str(folder)) :].replace(os.sep, "/")
        for name in (*dirnames, *filenames):
            if Path(dirpath, name).is_symlink():
                inv.findings.append(_symlink(f"{base}/{name}"))
            elif name in dirnames and Path(dirpath, name, ".git").exists():
                inv.findings.append(_submodule(f"{base}/{name}"))
        dirnames[:] = [d for d in dirnames if not Path(dirpath, d, ".git").exists()]


def _symlink(path: str) -> Finding:
    msg = "symbolic links are not allowed in the archive; commit the file itself"
    return Finding(path, 0, 0, "discovery.symlink", msg)


def _submodule(path: str) -> Finding:
    return Finding(path, 0, 0, "discovery.submodule", "submodules are not allowed in the archive")


def _unexpected(path: str, hint: str) -> Finding:
    return Finding(path, 0, 0, "discovery.unexpected-file", hint, Level.WARNING)
