"""``renumber``: give an incident a new id (its folder, ``id``, action item ids, postmortem).

For the clash ``check`` reports when two branches opened the same id: the branch that merges
second renumbers. Every file is edited and validated in memory first; the folder is then
renamed and the edited files written, so a refusal leaves everything as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding
from incidentctl.load.discovery import FOLDER_ID
from incidentctl.load.documents import Unit, record_paths
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource, link_in, symlink_finding
from incidentctl.runs.edit import build_context, record_path, stop, validate_text
from incidentctl.runs.writer import (
    Change,
    SetValue,
    WriteError,
    edit_front_matter,
    edit_record,
    write_atomic,
)


@dataclass(frozen=True)
class Renumbered:
    path: str
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def run_renumber(root: Path, settings: Settings, old: str, new: str) -> Renumbered:
    rel = record_path(root, settings, old)
    if not FOLDER_ID.match(new) or not new.startswith(settings.id_prefix + "-"):
        raise UserError(f"'{new}' is not an incident id such as {settings.id_prefix}-2026-0007")
    new_rel, new_pm = record_paths(settings.incidents_dir, new)
    if (root / new_rel).parent.exists():
        raise UserError(f"{new_rel.rsplit('/', 1)[0]} already exists; pick a free id")
    if (link := link_in(root, rel)) is not None:
        return Renumbered(rel, [symlink_finding(link)])
    source = FsSource(root)
    ctx = build_context(root, settings, source)
    unit, findings = load_unit(source, settings, old)
    if unit.incident is None:
        return Renumbered(rel, [*findings, stop(rel, (1, 1), "fix the record first")])
    inc = unit.incident.model
    changes: list[Change] = [SetValue(("id",), new)]
    changes += [
        SetValue(("action_items", i, "id"), a.id.replace(old, new, 1))
        for i, a in enumerate(inc.action_items)
        if a.id.startswith(old + "-")
    ]
    text = edit_record((root / rel).read_bytes().decode("utf-8"), changes)
    pm_text = None
    if unit.postmortem is not None:
        raw = (root / unit.postmortem_path).read_bytes().decode("utf-8")
        pm_text = edit_front_matter(raw, [SetValue(("incident",), new)])
    moved = Unit(new, new_rel, new_pm, None, None, True, False, text.encode(), None)
    after = validate_text(text, new_rel, moved, ctx)
    if any(f.is_error for f in after):
        return Renumbered(rel, after)
    old_dir, new_dir = (root / rel).parent, (root / new_rel).parent
    try:
        old_dir.rename(new_dir)
    except OSError as exc:
        raise WriteError(old_dir, f"be renamed to {new_dir.name}", exc) from None
    write_atomic(root / new_rel, text)
    if pm_text is not None:
        write_atomic(root / new_pm, pm_text)
    return Renumbered(new_rel, after)
