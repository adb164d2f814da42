"""``list`` and ``show``: the working tree's incidents as rows, and one incident in full.

Why rows: ``list`` needs a few fields of every record, and a restricted record's row is cut
to what may be said of it anywhere (``Row.public``) before any reporter sees it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.load.documents import Unit
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource
from incidentctl.models.incident import Incident, Visibility
from incidentctl.policy.lifecycle import terminal_states
from incidentctl.policy.value import Policy
from incidentctl.runs.edit import incident_ids
from incidentctl.runs.transition import repo_policy

WITHHELD = "(restricted)"


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    type: str
    status: str
    severity: str | None
    services: tuple[str, ...]
    commander: str | None
    opened_at: dt.datetime | None
    visibility: Visibility
    open: bool

    def public(self) -> Row:
        """What ``list`` shows of a restricted record: its id, kind and state, no details."""
        if self.visibility is not Visibility.RESTRICTED:
            return self
        return Row(self.id, WITHHELD, self.type, self.status, self.severity, (), None,
                   self.opened_at, self.visibility, self.open)  # fmt: skip


@dataclass(frozen=True)
class Filters:
    open: bool = False
    severity: tuple[str, ...] = ()
    service: tuple[str, ...] = ()
    status: tuple[str, ...] = ()

    def keep(self, row: Row) -> bool:
        return (
            (not self.open or row.open)
            and (not self.severity or row.severity in self.severity)
            and (not self.service or bool(set(self.service) & set(row.services)))
            and (not self.status or row.status in self.status)
        )


def row(inc: Incident, policy: Policy) -> Row:
    lifecycle = policy.lifecycle_for(inc)
    ended = set(terminal_states(lifecycle)) if lifecycle else set()
    opened = min((e.at for e in inc.timeline), default=None)
    return Row(inc.id, inc.title, inc.type, inc.status, inc.severity, tuple(inc.services),
               inc.roles.get("incident_commander"), opened, policy.visibility(inc),
               inc.status not in ended)  # fmt: skip


def load_rows(root: Path, settings: Settings, filters: Filters) -> tuple[list[Row], list[str]]:
    """Rows of the records that load (restricted ones cut), newest first; ids that did not."""
    policy, source = repo_policy(root, settings), FsSource(root)
    rows, broken = [], []
    for incident_id in incident_ids(root, settings):
        unit, _ = load_unit(source, settings, incident_id)
        if unit.incident is None:
            broken.append(incident_id)
            continue
        # filtered on what is shown: a filter on a withheld field (a restricted record's
        # services) would tell what the row hides
        shown = row(unit.incident.model, policy).public()
        if filters.keep(shown):
            rows.append(shown)
    return sorted(rows, key=_newest_first), broken


def _newest_first(r: Row) -> tuple[float, str]:
    return (-(r.opened_at.timestamp() if r.opened_at else 0.0), r.id)


def load_one(root: Path, settings: Settings, incident_id: str) -> tuple[Unit, Policy]:
    """The unit of ``incident_id`` (UserError if it has no record) and the policy."""
    from incidentctl.runs.edit import record_path

    record_path(root, settings, incident_id)
    unit, _ = load_unit(FsSource(root), settings, incident_id)
    return unit, repo_policy(root, settings)


__all__ = ["WITHHELD", "Filters", "Row", "load_one", "load_rows", "row"]
