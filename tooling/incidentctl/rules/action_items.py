"""Rules on an incident's action items: ids, reasons, dates, and facts an import may lack.

PASS: ``INC-2026-0003-AI-1`` on INC-2026-0003, a blocked item with notes saying why.
FAIL: ``INC-2026-0004-AI-1`` on INC-2026-0003 (``action-item.id-prefix``); a done item without
``completed_at`` (``action-item.completed-at-missing``; on an imported record the warning
``import.unknown-fact``, since the source never said).
"""

from __future__ import annotations

from collections.abc import Iterator

from incidentctl.findings import Finding
from incidentctl.load.documents import IncidentDoc
from incidentctl.models.incident import ActionStatus, ActionType
from incidentctl.rules.context import at


def check_action_items(doc: IncidentDoc) -> Iterator[Finding]:
    inc, ld, p = doc.model, doc.loaded, doc.path
    seen: set[str] = set()
    for i, item in enumerate(inc.action_items):
        loc = ("action_items", i)
        if not item.id.startswith(f"{inc.id}-AI-"):
            msg = f"action item ids start with the incident's id: {inc.id}-AI-<n>"
            yield at(ld, p, (*loc, "id"), "action-item.id-prefix", msg)
        if item.id in seen:
            yield at(ld, p, (*loc, "id"), "ref.duplicate-id", "this action item id is used twice")
        seen.add(item.id)
        yield from _unknown_facts(doc, i)
        if item.status in (ActionStatus.WONT_DO, ActionStatus.BLOCKED) and not item.notes:
            msg = f"a {item.status.value} action item needs notes saying why"
            yield at(ld, p, (*loc, "status"), "action-item.reason-missing", msg)
        if item.due and item.created_at and item.due < item.created_at.date():
            msg = "due is earlier than created_at"
            yield at(ld, p, (*loc, "due"), "action-item.due-before-created", msg)


def _unknown_facts(doc: IncidentDoc, i: int) -> Iterator[Finding]:
    """A type and a done item's completed_at: errors, or warnings where the source never said."""
    item, imported = doc.model.action_items[i], doc.model.imported is not None
    missing = []
    if item.type is None:
        missing.append(("type", "action-item.type-missing", "an action item needs a type"))
    if item.status is ActionStatus.DONE and item.completed_at is None:
        rule = "action-item.completed-at-missing"
        missing.append(("status", rule, "a done action item needs completed_at"))
    for key, rule, msg in missing:
        loc = ("action_items", i, key)  # an absent key: the item itself (nearest ancestor)
        if imported:
            what = "type" if key == "type" else "completed_at"
            text = f"{what} is not known: the imported source does not say it"
            yield at(doc.loaded, doc.path, loc, "import.unknown-fact", text)
        else:
            yield at(
                doc.loaded,
                doc.path,
                loc,
                rule,
                msg + ("; one of: " + _TYPES if key == "type" else ""),
            )


_TYPES = ", ".join(t.value for t in ActionType)
