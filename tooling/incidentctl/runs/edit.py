"""One edit of one incident record, made the way ``transition`` makes its move.

A command supplies a planner: given the loaded record and the policy, the changes to make
(``writer.SetValue``, ``writer.Append``) or the reasons it cannot. This module finds the
record (never through a link), holds the folder lock, plans, edits round-trip, re-checks the
whole folder as ``validate`` would and the change as ``check`` would (``recheck``: a closed
record is frozen, the postmortem beside it must still pass), and only then replaces the file
atomically. Nothing is written when any step says no.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding
from incidentctl.load.discovery import FOLDER_ID
from incidentctl.load.documents import IncidentDoc, Unit, record_paths
from incidentctl.load.names import worktree_index
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource, link_in, symlink_finding
from incidentctl.policy.load import policy_to_edit_by
from incidentctl.rules.context import Context
from incidentctl.runs.recheck import NewText, recheck
from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.writer import Change, edit_record, locked, write_atomic
from incidentctl.suggest import did_you_mean

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Plan:
    """The changes to make, or why not: ``(where in the record, what to do about it)``."""

    changes: Sequence[Change] = ()
    refusals: Sequence[tuple[Loc, str]] = ()
    summary: str = ""  # what the command prints once written
    refused: str | None = None  # the message when the edit cannot be proved (else the writer's)


@dataclass(frozen=True)
class Edited:
    """What happened: the findings that stopped the edit (nothing written then), or none."""

    path: str
    findings: list[Finding]
    summary: str = ""
    text: str = field(default="", repr=False)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


Planner = Callable[[IncidentDoc, Unit, Context], Plan]


def format_time(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def record_path(root: Path, settings: Settings, incident_id: str) -> str:
    """The record's repository path; a UserError (with the closest ids) when there is none."""
    if not FOLDER_ID.match(incident_id):
        raise UserError(f"'{incident_id}' is not an incident id such as INC-2026-0007")
    rel = record_paths(settings.incidents_dir, incident_id)[0]
    folder = f"{settings.incidents_dir}/{incident_id}"
    if (root / folder / ".git").exists():  # a checked-out submodule: another repository's files
        raise UserError(f"{folder}: a git submodule, not an incident folder; nothing is written")
    if link_in(root, rel) is None and not (root / rel).is_file():
        known = sorted(str(i) for i in incident_ids(root, settings))
        hint = did_you_mean(incident_id, known).rstrip()
        raise UserError(f"{rel}: no such incident record{'; ' + hint if hint else ''}")
    return rel


def incident_ids(root: Path, settings: Settings) -> list[str]:
    """The ids of the working tree's incident folders (names only, nothing parsed)."""
    folder = root / settings.incidents_dir
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if FOLDER_ID.match(p.name) and p.is_dir())


def run_edit(
    root: Path, settings: Settings, incident_id: str, planner: Planner, rule: str = "edit.refused"
) -> Edited:
    """Plan, make, prove, re-validate and write one edit of ``incident_id``'s record."""
    rel = record_path(root, settings, incident_id)
    if (link := link_in(root, rel)) is not None:
        return Edited(rel, [symlink_finding(link)])
    path = root / rel
    with locked(path.parent):
        source = FsSource(root)
        ctx = build_context(root, settings, source)
        unit, findings = load_unit(source, settings, incident_id)
        if unit.incident is None:
            return Edited(rel, [*findings, stop(rel, (1, 1), "fix the record first", rule)])
        doc = unit.incident
        plan = planner(doc, unit, ctx)
        if plan.refusals:
            return Edited(
                rel, [stop(rel, doc.loaded.value_pos(loc), m, rule) for loc, m in plan.refusals]
            )
        text = path.read_bytes().decode("utf-8")
        if not plan.changes:  # the record already says it: nothing to write
            return Edited(rel, [], plan.summary, text)
        try:
            new_text = edit_record(text, plan.changes, *([plan.refused] if plan.refused else []))
        except EditRefused as exc:  # the edit would change more than it says: write nothing
            where = doc.loaded.value_pos(exc.path) if exc.path else _where(doc, plan.changes)
            return Edited(rel, [stop(rel, where, str(exc), rule)])
        after = recheck(unit, ctx, NewText(rel, rel, text, new_text))
        if any(f.is_error for f in after):
            return Edited(rel, after)
        write_atomic(path, new_text)
        return Edited(rel, after, plan.summary, new_text)


def _where(doc: IncidentDoc, changes: Sequence[Change]) -> tuple[int, int]:
    first = changes[0] if changes else None
    loc: Loc = getattr(first, "path", None) or (getattr(first, "key", "id"),)
    return doc.loaded.value_pos(loc)


def stop(path: str, pos: tuple[int, int], message: str, rule: str = "edit.refused") -> Finding:
    return Finding(path, pos[0], pos[1], rule, message)


def build_context(root: Path, settings: Settings, source: FsSource) -> Context:
    """The policy and index of the working tree, for a command that edits one record."""
    policy = policy_to_edit_by(source, settings.policy_dir)
    now = dt.datetime.now(dt.UTC)
    return Context(policy, worktree_index(root, settings), settings, now.date(), now)


def entry(when: dt.datetime, kind: str, by: str | None, **fields: str) -> dict[str, str]:
    """A timeline entry in the order records write them: at, type, (status), by, text."""
    out = {"at": format_time(when), "type": kind}
    out |= {k: v for k, v in fields.items() if k != "text"}
    out |= {"by": by} if by else {}
    out |= {"text": fields["text"]} if fields.get("text") else {}
    return out
