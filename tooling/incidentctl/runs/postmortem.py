"""``postmortem new|status``: write the draft beside the record; move it through its review.

``new`` never overwrites a postmortem; ``status`` edits the front matter in place (the body
is untouched) and checks the result as ``validate`` and ``check`` would: the move must be one
the review allows (``history.compare.POSTMORTEM_MOVES``), the file must then validate
(sections required from ``in_review``, an approver besides the owner from ``approved``), and
the record beside it must not start failing (a closed record needs it approved): ``recheck``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.history.compare import POSTMORTEM_MOVES
from incidentctl.load.documents import Unit
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource, link_in, symlink_finding
from incidentctl.models.postmortem import PostmortemStatus
from incidentctl.rules.context import Context
from incidentctl.runs.edit import Edited, build_context, format_time, record_path, stop
from incidentctl.runs.pmtemplate import render_postmortem
from incidentctl.runs.recheck import NewText, recheck
from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.writer import (
    Append,
    Change,
    SetValue,
    edit_front_matter,
    locked,
    write_atomic,
)


def _unit(root: Path, settings: Settings, incident_id: str) -> tuple[Unit, Context, str]:
    rel = record_path(root, settings, incident_id)
    source = FsSource(root)
    unit, _ = load_unit(source, settings, incident_id)
    if unit.incident is None:
        raise UserError(f"{rel} does not load; run 'incidentctl validate' and fix it first")
    return unit, build_context(root, settings, source), rel


def run_new_postmortem(
    root: Path, settings: Settings, incident_id: str, owner: str | None
) -> Edited:
    unit, ctx, _ = _unit(root, settings, incident_id)
    path = unit.postmortem_path
    if (link := link_in(root, path)) is not None:
        return Edited(path, [symlink_finding(link)])
    if unit.has_postmortem_file:
        raise UserError(f"{path} already exists; edit it, or move it with 'postmortem status'")
    assert unit.incident is not None
    inc = unit.incident.model
    text = render_postmortem(inc, owner, ctx.policy.required_sections(inc.type, inc.severity))
    findings = recheck(unit, ctx, NewText(path, path, None, text))
    if any(f.is_error for f in findings):
        return Edited(path, findings)
    with locked((root / path).parent):
        if (root / path).exists():
            raise UserError(f"{path} already exists")
        write_atomic(root / path, text)
    return Edited(path, findings, f"{incident_id}: postmortem draft written to {path}", text)


def run_pm_status(
    root: Path, settings: Settings, incident_id: str, target: str,
    approvers: tuple[str, ...], when: dt.datetime,
) -> Edited:  # fmt: skip
    unit, ctx, _ = _unit(root, settings, incident_id)
    path = unit.postmortem_path
    if unit.postmortem is None:
        hint = f"write one with 'incidentctl postmortem new {incident_id}'"
        raise UserError(
            f"{path} {'does not load' if unit.has_postmortem_file else 'is missing'}; {hint}"
        )
    doc = unit.postmortem
    old, new = doc.model.status, PostmortemStatus(target)
    if new not in POSTMORTEM_MOVES[old] or new is old:
        allowed = ", ".join(s.value for s in POSTMORTEM_MOVES[old] if s is not old) or "none"
        msg = f"'{old.value}' -> '{new.value}' is not a review step (from '{old.value}': {allowed})"
        return Edited(path, [stop(path, doc.loaded.value_pos(("status",)), msg)])
    changes: list[Change] = [SetValue(("status",), new.value)]
    fresh = [a for a in dict.fromkeys(approvers) if a not in doc.model.approvers]  # once each
    if fresh:
        changes.append(Append("approvers", fresh[0], tuple(fresh[1:])))
    if new is PostmortemStatus.PUBLISHED and doc.model.published_at is None:
        changes.append(SetValue(("published_at",), format_time(when)))
    with locked((root / path).parent):
        raw = (root / path).read_bytes().decode("utf-8")
        try:
            text = edit_front_matter(raw, changes)
        except EditRefused as exc:
            return Edited(path, [stop(path, doc.loaded.value_pos(("status",)), str(exc))])
        findings = recheck(unit, ctx, NewText(path, path, raw, text))
        if any(f.is_error for f in findings):
            return Edited(path, findings)
        write_atomic(root / path, text)
    return Edited(path, findings, f"{incident_id}: postmortem {old.value} -> {new.value}", text)
