"""What is in the archive: incident folders, playbooks, what a path names, the archive index.

Discovery reads names (and, for the folders a run covers, their entries) but parses nothing;
it reports what does not belong there (symlinks, submodules, stray files, bad folder names)
and what cannot be listed. It follows no symbolic link, not even a linked ``incidents/``.

Over 250 lines: discovery and path selection apply the same naming rules (id folders,
playbook index pages, links) and must agree; they stay side by side.
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
from incidentctl.load.sources import link_in, symlink_finding, unreadable_finding

FOLDER_ID = re.compile(r"^[A-Z][A-Z0-9]{0,15}-[0-9]{4}-[0-9]{4,6}\Z")
PLAYBOOK_INDEX_PAGES = frozenset(("index.md", "README.md"))
IGNORED_FILES = frozenset((".gitkeep", ".DS_Store", "README.md", "index.md"))
RECORD_FILES = frozenset((INCIDENT_FILE, POSTMORTEM_FILE))


@dataclass
class Inventory:
    folders: list[str] = field(default_factory=list)
    playbooks: list[str] = field(default_factory=list)  # repo-relative paths
    findings: list[Finding] = field(default_factory=list)


def discover(root: Path, settings: Settings, only: set[str] | None = None) -> Inventory:
    """Every incident folder's name; the contents only of ``only`` (all when None)."""
    inv = Inventory()
    _scan_incidents(root, settings.incidents_dir, inv, only)
    inv.playbooks = playbook_paths(root, settings.playbooks_dir, inv.findings)
    return inv


def is_under(path: str, folder: str) -> bool:
    """Whether a repository path lies inside ``folder`` (not the folder itself)."""
    return path.startswith(folder.rstrip("/") + "/")


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


@dataclass
class Selection:
    """What a validation covers: everything, or the incident folders and playbooks named."""

    everything: bool = False
    folders: set[str] = field(default_factory=set)
    playbooks: set[str] = field(default_factory=set)
    policy: bool = False  # a policy file was named (policy files are checked on every run)


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
    elif parts == pbs and link_in(root, settings.playbooks_dir) is not None:
        sel.playbooks.add(settings.playbooks_dir)  # reading it reports the link
    elif parts == pbs:
        sel.playbooks.update(playbook_paths(root, settings.playbooks_dir))
    elif parts[: len(pbs)] == pbs and len(parts) == len(pbs) + 1 and parts[-1].endswith(".md"):
        if parts[-1] not in PLAYBOOK_INDEX_PAGES:
            sel.playbooks.add("/".join(parts))
    elif parts[: len(pol)] == pol:  # policy files are checked on every run anyway
        sel.policy = True
    else:
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


def playbook_paths(
    root: Path, playbooks_dir: str, findings: list[Finding] | None = None
) -> list[str]:
    """The playbooks' paths; links and listing problems go to ``findings`` when given."""
    out = findings if findings is not None else []
    entries = _listing(root, playbooks_dir, out)
    paths = []
    for e in entries:
        rel = f"{playbooks_dir}/{e.name}"
        if e.name.endswith(".md") and e.name not in PLAYBOOK_INDEX_PAGES:
            if e.is_symlink():
                out.append(symlink_finding(rel))
            else:
                paths.append(rel)
        elif findings is not None:
            _stray_playbook(e, rel, playbooks_dir, out)
    return sorted(paths)


def _stray_playbook(
    entry: os.DirEntry[str], rel: str, playbooks_dir: str, out: list[Finding]
) -> None:
    """Markdown in the playbooks folder that is no playbook: in a subfolder, or not ``.md``.

    Never validated, so never published either (``site.plugin``); said here so that a
    responder learns why their page is missing. Subfolders are walked with a stack and no
    link is followed. The folder's own index pages are pages, not strays.
    """
    stack = [(entry, rel)]
    while stack:
        e, here = stack.pop()
        if e.is_symlink():
            out.append(symlink_finding(here))
        elif e.is_dir():
            try:
                with os.scandir(e.path) as it:
                    stack += [(sub, f"{here}/{sub.name}") for sub in it]
            except OSError as exc:
                out.append(unreadable_finding(here, exc))
        elif is_markdown(here) and not (here == rel and e.name in PLAYBOOK_INDEX_PAGES):
            out.append(unexpected(here, not_a_playbook(playbooks_dir)))


# What MkDocs renders as a page (its default markdown extensions).
MARKDOWN_SUFFIXES = frozenset((".md", ".markdown", ".mdown", ".mkdn", ".mkd"))


def is_markdown(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in MARKDOWN_SUFFIXES


def not_a_playbook(playbooks_dir: str) -> str:
    return (
        f"is not read as a playbook: a playbook is a .md file directly in {playbooks_dir}/;"
        " move it there, or out of the playbooks folder"
    )


def _listing(root: Path, rel: str, findings: list[Finding]) -> list[os.DirEntry[str]]:
    """The entries of a top folder; none, with a finding, if it is a link or cannot be listed."""
    link = link_in(root, rel)
    if link is not None:
        findings.append(symlink_finding(link))
        return []
    try:
        with os.scandir(os.path.join(root, rel)) as it:
            return list(it)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        findings.append(unreadable_finding(rel, exc))
        return []


def _scan_incidents(root: Path, incidents_dir: str, inv: Inventory, only: set[str] | None) -> None:
    # Plain strings and os.scandir: this walk is most of a warm validate (pathlib was 3x slower).
    lower: dict[str, str] = {}
    for entry in sorted(_listing(root, incidents_dir, inv.findings), key=attrgetter("name")):
        name = entry.name
        first = lower.setdefault(name.lower(), name)
        if first == name and entry.is_dir(follow_symlinks=False) and FOLDER_ID.match(name):
            scanned = only is None or name in only
            if not scanned or scan_folder(entry.path, f"{incidents_dir}/{name}", inv):
                inv.folders.append(name)  # the common case, kept cheap: 10,000 of these
            continue
        rel = f"{incidents_dir}/{name}"
        if first != name:  # one folder on case-insensitive checkouts (macOS, Windows)
            msg = f"differs only in case from {incidents_dir}/{first}"
            inv.findings.append(Finding(rel, 0, 0, "discovery.case-collision", msg))
        if entry.is_symlink():
            inv.findings.append(symlink_finding(rel))
        elif not entry.is_dir():
            if entry.name not in IGNORED_FILES:
                inv.findings.append(unexpected(rel, "incident records live in folders"))
        elif not FOLDER_ID.match(entry.name):
            inv.findings.append(folder_name_finding(rel))
        # else: the second spelling of a case collision, reported above and not validated


def scan_folder(folder: str, rel: str, inv: Inventory) -> bool:
    """What does not belong in one incident folder (``folder`` on disk, ``rel`` in findings).

    False for a checked-out submodule (a ``.git`` inside): it is reported as one, and holds
    no record to load. (Not checked out, it is an empty folder here; ``check`` sees its mode.)
    """
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:  # the records' reads report their own problems
        inv.findings.append(unreadable_finding(rel, exc))
        return True
    if any(e.name == ".git" for e in entries):
        inv.findings.append(submodule_finding(rel))
        return False
    for entry in entries:
        name = entry.name
        path = f"{rel}/{name}"
        if entry.is_symlink():
            inv.findings.append(symlink_finding(path))
        elif name in RECORD_FILES:
            continue  # read by the loader; a non-file is reported there as unreadable
        elif entry.is_dir() and os.path.exists(os.path.join(entry.path, ".git")):
            inv.findings.append(submodule_finding(path))
        elif name == ASSETS_DIR and entry.is_dir():
            _scan_assets(entry.path, path, inv)
        elif name not in IGNORED_FILES:
            hint = f"expected {INCIDENT_FILE}, {POSTMORTEM_FILE} or {ASSETS_DIR}/"
            inv.findings.append(unexpected(path, hint))
    return True


def _scan_assets(folder: str, rel: str, inv: Inventory) -> None:
    """Every folder under assets/, with a stack, not recursion: any depth is only a long walk.

    A folder that cannot be listed (permissions, a path longer than the system allows) is a
    finding; links are reported and never entered.
    """
    stack = [(folder, rel)]
    while stack:
        path, here = stack.pop()
        try:
            with os.scandir(path) as it:
                entries = list(it)
        except OSError as exc:
            inv.findings.append(unreadable_finding(here, exc))
            continue
        for entry in entries:
            sub = f"{here}/{entry.name}"
            if entry.is_symlink():
                inv.findings.append(symlink_finding(sub))
            elif entry.is_dir():
                if os.path.lexists(os.path.join(entry.path, ".git")):
                    inv.findings.append(submodule_finding(sub))
                else:
                    stack.append((entry.path, sub))


def folder_name_finding(rel: str) -> Finding:
    """A folder under the incidents folder not named like an id: never loaded as a record."""
    msg = "folder name must be an incident id such as INC-2026-0007"
    return Finding(rel, 0, 0, "incident.folder-name", msg)


def submodule_finding(path: str) -> Finding:
    """A git submodule (a nested repository) where the archive holds only files."""
    return Finding(path, 0, 0, "discovery.submodule", "submodules are not allowed in the archive")


def unexpected(path: str, hint: str) -> Finding:
    """A file where the archive expects none (a warning: it may be harmless, never read)."""
    return Finding(path, 0, 0, "discovery.unexpected-file", hint, Level.WARNING)
