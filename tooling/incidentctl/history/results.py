"""What an audit gives: refusals with the commit that introduced them, and one incident's trail.

Plain values and pure functions: ``runs.audit`` fills them from the history, the reporters
render them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from incidentctl.findings import Finding
from incidentctl.history.compare import added_entries
from incidentctl.history.git import Commit
from incidentctl.load.documents import IncidentDoc

if TYPE_CHECKING:
    from incidentctl.models.policy import AuditBaseline


@dataclass(frozen=True, slots=True)
class Refusal:
    """A finding, and the commit that introduced it."""

    finding: Finding
    commit: str
    author: str
    committed_at: str
    acknowledged: str | None = None  # the reason in schemas/audit-baseline.yaml, if listed

    @property
    def fails(self) -> bool:
        """An error nobody has acknowledged: what makes audit exit 1."""
        return self.finding.is_error and self.acknowledged is None


@dataclass
class AuditResult:
    refusals: list[Refusal] = field(default_factory=list)
    commits: int = 0
    unused: int = 0  # acknowledgements that matched no finding (the baseline can shrink)

    @property
    def ok(self) -> bool:
        return not any(r.fails for r in self.refusals)


def acknowledge(result: AuditResult, baseline: AuditBaseline) -> AuditResult:
    """Mark the refusals the baseline lists (same commit, rule and file) as acknowledged."""
    reasons = {(a.commit, a.rule, a.path): a.reason for a in baseline.acknowledged}
    used: set[tuple[str, str, str]] = set()
    refusals = []
    for r in result.refusals:
        key = (r.commit, r.finding.rule_id, r.finding.path)
        if key in reasons:
            used.add(key)
            r = dataclasses.replace(r, acknowledged=reasons[key])
        refusals.append(r)
    return AuditResult(refusals, result.commits, len(reasons) - len(used))


@dataclass(frozen=True, slots=True)
class TrailRow:
    """One commit that touched an incident: who moved it where, and when they said it happened."""

    commit: str
    author: str
    committed_at: str
    status_before: str | None
    status_after: str | None
    declared: list[tuple[str, str]]  # (new state, declared time) of added status changes
    remarks: list[str]


def trail_row(commit: Commit, old_doc: IncidentDoc | None, new_doc: IncidentDoc | None) -> TrailRow:
    committed = dt.datetime.fromisoformat(commit.committed_at)
    declared, remarks = [], []
    if new_doc is not None:
        added = (
            added_entries(old_doc.model, new_doc.model)
            if old_doc
            else list(enumerate(new_doc.model.timeline))
        )
        for _, e in added:
            if e.status is None:  # only status_change entries carry one (the model holds that)
                continue
            declared.append((e.status, e.at.isoformat()))
            remarks += _agreement(e.status, e.at, committed)
    elif old_doc is not None:
        remarks.append("the record was deleted or does not parse")
    return TrailRow(
        commit.sha, commit.author, commit.committed_at,
        old_doc.model.status if old_doc else None, new_doc.model.status if new_doc else None,
        declared, remarks,
    )  # fmt: skip


LATE = dt.timedelta(hours=24)
SKEW = dt.timedelta(minutes=5)


def _agreement(state: str, declared: dt.datetime, committed: dt.datetime) -> list[str]:
    if declared > committed + SKEW:
        return [f"'{state}' is declared after the commit that records it"]
    if committed - declared > LATE:
        days = (committed - declared).total_seconds() / 86400
        return [f"'{state}' was committed {days:.1f} days after its declared time"]
    return []
