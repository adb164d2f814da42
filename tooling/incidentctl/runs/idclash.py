"""Two branches that opened the same incident id: found by ``check`` and ``validate``.

A folder the change adds (absent at the merge base) that the base branch has also added
since is a clash: merged, one incident would overwrite the other. The finding names the
next id free on both sides and the command that moves this branch's incident there;
``clash_finding`` builds it for both commands (``check`` reads git through ``GitRepo``,
``validate`` through two cheap ``ls-tree`` calls, ``history.worktree.base_listing``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.load.documents import Unit
from incidentctl.rules.context import finding
from incidentctl.runs.allocate import next_id

if TYPE_CHECKING:
    from incidentctl.history.git import GitRepo
    from incidentctl.history.worktree import BaseListing


def id_clashes(
    repo: GitRepo,
    units: list[tuple[Unit, Unit]],
    revs: tuple[str, str, str],
    base_name: str,
    settings: Settings,
) -> list[Finding]:
    """``incident.id-clash`` for each incident this change opens that the base also opened."""
    base, merge_base, head = revs
    opened = [new for old, new in units if not old.has_incident_file and new.has_incident_file]
    if base == merge_base or not opened:
        return []
    theirs = set(repo.children(base, settings.incidents_dir))
    taken = theirs | set(repo.children(head, settings.incidents_dir))
    out = []
    for unit in opened:
        if unit.folder not in theirs or not repo.tree(base, [unit.incident_path]):
            continue
        pos = unit.incident.loaded.value_pos(("id",)) if unit.incident else (1, 1)
        out.append(clash_finding(unit.incident_path, pos, unit.folder, base_name, settings, taken))
    return out


def clash_finding(
    path: str,
    pos: tuple[int, int],
    folder: str,
    base_name: str,
    settings: Settings,
    taken: set[str],
) -> Finding:
    """``incident.id-clash`` for ``folder``, naming the next id free of ``taken`` (then taken)."""
    year = folder.split("-")[-2]
    free = next_id(settings.id_prefix, int(year), taken)
    taken.add(free)
    msg = (
        f"{folder} was also opened on {base_name} since this branch started; renumber "
        f"this one: incidentctl renumber {folder} {free}"
    )
    return finding(path, pos, "incident.id-clash", msg)


def worktree_clashes(
    root: Path, settings: Settings, folders: list[str], base: BaseListing
) -> list[Finding]:
    """``validate``'s clashes: working-tree folders the merge base lacks and the base's tip has.

    Committed or not, they count. Only a clashing record is loaded (for its ``id:``).
    """
    ours = [f for f in folders if f not in base.merge_base and f in base.tip]
    if not base.moved or not ours:
        return []  # the common case, parsing nothing: a warm validate never imports the models
    from incidentctl.load.records import load_unit
    from incidentctl.load.sources import FsSource

    taken = set(base.tip) | set(folders)
    out = []
    for folder in ours:
        unit, _ = load_unit(FsSource(root), settings, folder)
        if not unit.has_incident_file or not base.has_file(root, unit.incident_path):
            continue
        pos = unit.incident.loaded.value_pos(("id",)) if unit.incident else (1, 1)
        out.append(clash_finding(unit.incident_path, pos, folder, base.name, settings, taken))
    return out


def branch_clashes(
    root: Path, settings: Settings, targets: list[Path], bases: tuple[str, ...]
) -> list[Finding] | None:
    """``validate``'s id-clash check against the first of ``bases`` that exists.

    For the folders the targets select; None when it was skipped (no git repository, no such base).
    """
    from incidentctl.history.worktree import base_listing
    from incidentctl.load.discovery import FOLDER_ID, select

    listing = base_listing(root, settings.incidents_dir, bases)
    if listing is None:
        return None
    sel = select(root, settings, targets)
    if sel.everything:
        try:
            names = [e.name for e in os.scandir(root / settings.incidents_dir) if e.is_dir()]
        except OSError:
            names = []
        folders = sorted(n for n in names if FOLDER_ID.match(n))
    else:
        folders = sorted(sel.folders)
    return worktree_clashes(root, settings, folders, listing)


def bases_of(option: str | None, setting: str | None) -> tuple[str, ...]:
    """Where to look for the base: ``--base``, else the setting, else the remote's default."""
    from incidentctl.history.worktree import DEFAULT_BASES

    name = option or setting
    if name is None:
        return DEFAULT_BASES
    return (name,) if "/" in name or option else (name, f"origin/{name}")
