"""Which checks run on a salvaged document: each declares the fields it reads (pure).

A record or front matter that failed the schema still has a salvaged document
(``load.salvage``) with the field paths that were dropped or filled. A check runs on it only
if none of the fields it declares (``Reads``) is among them, so a finding is never a
consequence of the dropped part: a dropped timeline entry hides every check that reads
``timeline``, never produces an "illegal transition". A check with no declaration never sees
a salvaged document (the safe default for a rule added later), and a check that reads another
document (the postmortem rules read the incident's type) is offered that one salvaged only if
the fields it reads of it are intact; otherwise it sees what it saw before salvage: None.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from incidentctl.load.documents import IncidentDoc, Salvaged, Unit

if TYPE_CHECKING:
    from incidentctl.models.incident import Incident
    from incidentctl.rules.context import Context

Names = tuple[str, ...]


@dataclass(frozen=True)
class Reads:
    """The fields a check reads, as dotted paths (``roles.incident_commander``, ``a[].b``).

    ``requires``: also the fields that the states on the record's lifecycle path require (the
    lifecycle path check reads them). ``local``: the check judges each value on its own (a timestamp in
    the future, a secret), so it runs on whatever validated and never on what was dropped.
    """

    incident: tuple[str, ...] = ()
    postmortem: tuple[str, ...] = ()
    requires: bool = False
    local: bool = False


def field_names(path: str) -> Names:
    """``action_items[].owner`` -> ``("action_items", "owner")``."""
    return tuple(part.removesuffix("[]") for part in path.split("."))


def intact(damaged: frozenset[Names], fields: Iterable[str]) -> bool:
    """Whether no field read is damaged, inside a damaged part, or holds a damaged part."""
    for field in fields:
        read = field_names(field)
        if any(read[: len(d)] == d[: len(read)] for d in damaged):
            return False
    return True


def reads_intact(reads: Reads, damaged: frozenset[Names], model: Incident, ctx: Context) -> bool:
    """Whether a check may read a salvaged record: nothing it reads of it is damaged.

    ``requires`` adds the fields the states on the record's path require; the path is read
    from the salvaged model only once its type, lifecycle and timeline are known intact.
    """
    if not intact(damaged, reads.incident):
        return False
    return not reads.requires or intact(damaged, required_on_path(model, ctx))


def required_on_path(model: Incident, ctx: Context) -> list[str]:
    """The fields required by the states the record's status_change entries visit."""
    lifecycle = ctx.policy.lifecycle_for(model)
    if lifecycle is None:
        return []
    visited = dict.fromkeys(e.status or "" for _, e in model.status_changes())
    return [f for s in visited if s in lifecycle.states for f in lifecycle.states[s].requires]


def _of(saved: Salvaged[IncidentDoc]) -> tuple[frozenset[Names], Incident]:
    return saved.damaged, saved.doc.model


def offered(unit: Unit, reads: Reads, ctx: Context) -> Unit:
    """The folder as a check may see it: salvaged documents where its row allows them.

    A salvaged document takes a failed one's place where the check declares what it reads of
    it and none of that is damaged; otherwise the check sees None, as it did before salvage.
    """
    incident, postmortem = unit.incident, unit.postmortem
    saved_inc, saved_pm = unit.salvaged_incident, unit.salvaged_postmortem
    declared_inc = reads.local or bool(reads.incident)
    declared_pm = reads.local or bool(reads.postmortem)
    if incident is None and saved_inc is not None and declared_inc:
        incident = saved_inc.doc if reads_intact(reads, *_of(saved_inc), ctx) else None
    if postmortem is None and saved_pm is not None and declared_pm:
        postmortem = saved_pm.doc if intact(saved_pm.damaged, reads.postmortem) else None
    if incident is unit.incident and postmortem is unit.postmortem:
        return unit
    return dataclasses.replace(unit, incident=incident, postmortem=postmortem)
