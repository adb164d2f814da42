"""What an edit would do to its whole incident folder, judged as ``validate`` and ``check`` would.

Every editing command (``run_edit``'s, ``postmortem``, ``renumber``) proves its new text here
before writing it. The edit is refused when a file it writes has an error, when a file of the
folder it does not write (the record beside an edited postmortem, or the reverse) gains an
error it did not have, or when ``check`` would refuse the change. The findings point into the
files as they are (``placed``): a line of the edited text is moved to the line it replaces, or
to where the new lines would go, and says so; a refusal never names a line that is not there.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable

from incidentctl.findings import Finding
from incidentctl.history.compare import compare_units
from incidentctl.load.documents import IncidentDoc, PostmortemDoc, Unit
from incidentctl.load.records import parse_markdown, parse_yaml, pm_context
from incidentctl.models.incident import Incident
from incidentctl.models.postmortem import Postmortem
from incidentctl.rules.check import check_unit
from incidentctl.rules.context import Context
from incidentctl.runs.textedit import Lines, same_lines

NOT_WRITTEN = " (in the text this edit would write here)"


@dataclasses.dataclass(frozen=True)
class NewText:
    """A file of the folder as the edit would write it; ``path`` differs when it is moved.

    ``old`` is None for a file the edit creates: its findings stay in the text it would have.
    """

    old_path: str
    path: str
    old: str | None
    new: str


def recheck(
    before: Unit, ctx: Context, *texts: NewText, moved: tuple[str, str, str] | None = None,
    history: bool = True,
) -> list[Finding]:  # fmt: skip
    """The findings that decide the edit: any error in them refuses it (nothing is written).

    ``texts`` are the files the edit writes (the record, the postmortem, or both);
    ``moved`` is the folder's new ``(name, record path, postmortem path)`` for ``renumber``.
    """
    folder, inc_path, pm_path = moved or (
        before.folder,
        before.incident_path,
        before.postmortem_path,
    )
    by_path = {t.path: t for t in texts}
    after, found = _edited(before, ctx, (folder, inc_path, pm_path), by_path)
    if after is not None:
        now, then = check_unit(after, ctx), check_unit(before, ctx)
        found = [f for f in now if f.path in by_path] + _gained(
            now, then, by_path, (before.folder, folder)
        )
        found += compare_units(before, after, ctx) if history else []
    return sorted(placed(found, by_path.values()))


def _edited(
    before: Unit, ctx: Context, paths: tuple[str, str, str], texts: dict[str, NewText]
) -> tuple[Unit | None, list[Finding]]:
    """The folder with the new texts parsed in; or None and what stopped them parsing."""
    folder, inc_path, pm_path = paths
    after = dataclasses.replace(before, folder=folder, incident_path=inc_path,
                                postmortem_path=pm_path)  # fmt: skip
    record = after.incident
    if (rec := texts.get(inc_path)) is not None:
        raw = rec.new.encode("utf-8")
        loaded, model, found = parse_yaml(raw, inc_path, Incident, ctx.settings.model_context())
        if loaded is None or model is None:
            return None, found
        record = IncidentDoc(inc_path, loaded, model)
        after = dataclasses.replace(after, incident=record, has_incident_file=True,
                                    incident_raw=raw, salvaged_incident=None)  # fmt: skip
    if (pm := texts.get(pm_path)) is not None:
        zone = pm_context(record.loaded.data if record else None, ctx.settings)
        raw = pm.new.encode("utf-8")
        loaded, parsed, split, found = parse_markdown(raw, pm_path, Postmortem, zone)
        if loaded is None or parsed is None or split is None:
            return None, found
        doc = PostmortemDoc(pm_path, loaded, parsed, split.body, split.body_line)
        after = dataclasses.replace(after, postmortem=doc, has_postmortem_file=True,
                                    postmortem_raw=raw, salvaged_postmortem=None)  # fmt: skip
    return after, []


def _gained(
    now: list[Finding], then: list[Finding], written: dict[str, NewText], folders: tuple[str, str]
) -> list[Finding]:
    """Errors of the files the edit does not write that they did not have before it."""
    was, goes = (f"/{name}/" for name in folders)

    def key(f: Finding) -> tuple[str, str]:
        return f.path.replace(was, goes, 1), f.rule_id

    others = [f for f in now if f.is_error and f.path not in written]
    gained = Counter(map(key, others)) - Counter(key(f) for f in then if f.is_error)
    return [f for f in others if gained[key(f)] > 0]


def placed(findings: Iterable[Finding], texts: Iterable[NewText]) -> list[Finding]:
    """Findings of the edited texts moved to the files as they are on disk (see the module)."""
    by_path = {t.path: t for t in texts}
    return [_place(f, by_path[f.path]) if f.path in by_path else f for f in findings]


def _place(f: Finding, text: NewText) -> Finding:
    if text.old is None:
        return f
    if f.line <= 0:  # the whole file
        return dataclasses.replace(f, path=text.old_path)
    old, new = Lines.split(text.old), Lines.split(text.new)
    same, row = same_lines(old, new), f.line - 1
    if row in same:
        return dataclasses.replace(f, path=text.old_path, line=same[row] + 1)
    prev = max((k for k in same if k < row), default=-1)
    nxt = min((k for k in same if k > row), default=len(new.body))
    before, after = same.get(prev, -1), same.get(nxt, len(old.body))
    if after - before == nxt - prev:  # as many lines edited in place: line for line
        at = before + row - prev  # the old line this one replaces
        start = _first_difference(old.body[at], new.body[row])  # where the edit starts on it
        if f.col <= start + 1:  # at or before the change: the same place in the file
            return dataclasses.replace(f, path=text.old_path, line=at + 1)
        message = f.message + NOT_WRITTEN
        return dataclasses.replace(f, path=text.old_path, line=at + 1, col=start + 1,
                                   message=message)  # fmt: skip
    if after > before + 1:  # the edit replaces old lines before+1 .. after-1: the first of them
        line, col = before + 1, min(f.col, len(old.body[before + 1]) + 1)
    elif before >= 0:  # new lines only, after line `before`: its end, where they would go
        line, col = before, len(old.body[before]) + 1
    else:
        line, col = 0, 1
    message = f.message + NOT_WRITTEN
    return dataclasses.replace(f, path=text.old_path, line=line + 1, col=col, message=message)


def _first_difference(a: str, b: str) -> int:
    """The first column (0-based) where ``a`` and ``b`` differ."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
