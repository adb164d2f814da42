"""Pointers from one record to another incident or a playbook, resolved against the index.

Kept apart from the other rules (and free of models) so that cached results stay valid when
incidents are added, and a warm run resolves them without parsing anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidentctl.load.documents import ArchiveIndex


@dataclass(frozen=True, slots=True)
class Reference:
    path: str
    loc: tuple[str | int, ...]
    kind: str  # "incident" | "playbook"
    target: str


def unresolved(refs: list[Reference], index: ArchiveIndex, self_id: str | None) -> list[Reference]:
    """The references whose target is not in the archive (self-references are reported apart)."""
    return [
        r for r in refs
        if (r.kind == "incident" and r.target != self_id and r.target not in index.incident_ids)
        or (r.kind == "playbook" and r.target not in index.playbook_ids)
    ]  # fmt: skip
