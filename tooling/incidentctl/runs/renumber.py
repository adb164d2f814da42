"""``renumber``: give an incident a new id, everywhere it is the incident's own name.

For the clash ``check`` reports when two branches opened the same id: the branch that merges
second renumbers. The record's ``id``, action item ids and proposed chat channel; the
postmortem's ``incident``, headings and action item ids (``runs.renumbertext``); other
records' ``related``. Every file is edited in memory first and the moved folder checked whole
(``recheck``: the record beside its postmortem, as ``validate`` will see them). Then, as one
``transaction``: the other records, the folder's files in place, the folder's rename last; a
failed step undoes the ones before it, so a refusal or a write error leaves everything as it
was. A mention left as written (prose, a comment, a record that cannot be edited) is listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding
from incidentctl.load.discovery import FOLDER_ID
from incidentctl.load.documents import Unit, record_paths
from incidentctl.load.frontmatter import split
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource, link_in, symlink_finding
from incidentctl.load.yaml import load as load_yaml
from incidentctl.runs.edit import build_context, incident_ids, record_path, stop
from incidentctl.runs.recheck import NewText, recheck
from incidentctl.runs.renumbertext import Left, leftovers, renamed_channel, rewrite_body
from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.transaction import transaction
from incidentctl.runs.writer import Change, SetValue, edit_front_matter, edit_record, locked


@dataclass(frozen=True)
class Renumbered:
    path: str
    findings: list[Finding]
    rewritten: list[str] = field(default_factory=list)  # other records' related: lists
    left: list[Left] = field(default_factory=list)  # mentions not rewritten
    refused: list[str] = field(default_factory=list)  # records that could not be edited

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
    old_dir, new_dir = (root / rel).parent, (root / new_rel).parent
    with locked(old_dir):
        source = FsSource(root)
        ctx = build_context(root, settings, source)
        unit, findings = load_unit(source, settings, old)
        if unit.incident is None or (unit.has_postmortem_file and unit.postmortem is None):
            where = rel if unit.incident is None else unit.postmortem_path
            return Renumbered(rel, [*findings, stop(where, (1, 1), "fix it first")])
        raw = _raw(root, rel)
        texts = [NewText(rel, new_rel, raw, edit_record(raw, _changes(unit, old, new)))]
        if unit.postmortem is not None:
            pm_old = _raw(root, unit.postmortem_path)
            texts.append(
                NewText(unit.postmortem_path, new_pm, pm_old, _postmortem(pm_old, old, new))
            )
        others, refused = _related(root, settings, (old, new))
        after = recheck(unit, ctx, *texts, moved=(new, new_rel, new_pm), history=False)
        if any(f.is_error for f in after):
            return Renumbered(rel, after)
        with transaction() as steps:  # each file in place first, the folder's rename last
            for path, other in others.items():
                steps.write(root / path, other)
            for t in texts:
                steps.write(root / t.old_path, t.new)
            steps.rename(old_dir, new_dir)
    left = [m for t in texts for m in leftovers(t.new, old, t.path)]
    left += _mentions(root, settings, (old, new))
    return Renumbered(new_rel, after, sorted(others), sorted(left), refused)


def _raw(root: Path, rel: str) -> str:
    return (root / rel).read_bytes().decode("utf-8")  # it loaded: it is UTF-8


def _changes(unit: Unit, old: str, new: str) -> list[Change]:
    """The record's own names of the incident: ``id``, action item ids, the chat channel."""
    assert unit.incident is not None
    inc = unit.incident.model
    changes: list[Change] = [SetValue(("id",), new)]
    changes += [
        SetValue(("action_items", i, "id"), a.id.replace(old, new, 1))
        for i, a in enumerate(inc.action_items)
        if a.id.startswith(old + "-")
    ]
    chat = inc.channels.chat if inc.channels else None
    if chat and (channel := renamed_channel(chat, old, new)) is not None:
        changes.append(SetValue(("channels", "chat"), channel))
    return changes


def _postmortem(raw: str, old: str, new: str) -> str:
    """The front matter's ``incident`` through the editor; headings and item ids as text."""
    edited = edit_front_matter(raw, [SetValue(("incident",), new)])
    body = split(edited.removeprefix("\ufeff")).body  # a BOM is allowed, as validate allows it
    return edited[: len(edited) - len(body)] + rewrite_body(body, old, new)


def _related(
    root: Path, settings: Settings, ids: tuple[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Other records whose ``relations`` name the old id: their new text; and the refused.

    ``related`` and ``duplicate_of`` are edited; a record that cannot be is listed, never
    half-edited.
    """
    (old, new), out, refused = ids, {}, []
    for path, raw in _others(root, settings, ids):
        if not path.endswith("/incident.yaml"):
            continue
        loaded, _ = load_yaml(raw, path)
        data = loaded.data if loaded is not None else None
        rel = data.get("relations") if isinstance(data, dict) else None
        related = rel.get("related") if isinstance(rel, dict) else None
        if loaded is None or not isinstance(related, list | None):
            refused.append(path)
            continue
        changes = [
            SetValue(("relations", "related", i), new)
            for i, r in enumerate(related or [])
            if r == old
        ]
        if isinstance(rel, dict) and rel.get("duplicate_of") == old:
            changes.append(SetValue(("relations", "duplicate_of"), new))
        try:
            if changes:
                out[path] = edit_record(raw, changes)
        except EditRefused:
            refused.append(path)
    return out, refused


def _others(root: Path, settings: Settings, ids: tuple[str, str]) -> Iterator[tuple[str, str]]:
    """Every other folder's record and postmortem that mentions the old id (a byte scan)."""
    needle = ids[0].encode()
    for folder in incident_ids(root, settings):
        for path in record_paths(settings.incidents_dir, folder) if folder not in ids else ():
            target = root / path
            if link_in(root, path) is not None or not target.is_file():
                continue
            data = target.read_bytes()
            if needle in data and (text := _text(data)) is not None:
                yield path, text


def _mentions(root: Path, settings: Settings, ids: tuple[str, str]) -> list[Left]:
    """What other files still say of the old id, once their ``related`` lists are written."""
    return [m for path, text in _others(root, settings, ids) for m in leftovers(text, ids[0], path)]


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
