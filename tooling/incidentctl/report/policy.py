"""The few numbers of the policy the reports compute with, as a plain value (pure).

Why not ``Policy`` itself: everything else a report needs of the policy is in each record's
facts already, so a warm report (every record cached) reads this small value from the cache
and never parses the policy files or imports pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from incidentctl.policy.value import Policy

__all__ = ["ReportPolicy"]


@dataclass(frozen=True)
class ReportPolicy:
    priority_action_due_days: Mapping[str, int]  # severity -> days (action-items.yaml)
    due_days_by_priority: Mapping[str, int]  # priority -> days (action-items.yaml)
    severity_order: tuple[str, ...]  # most severe first (severities.yaml)
    meeting_days: Mapping[str, int]  # severity -> business days to the postmortem meeting

    @classmethod
    def of(cls, policy: Policy) -> ReportPolicy:
        levels = policy.severities.severities
        return cls(
            dict(policy.action_items.priority_action_due_days),
            dict(policy.action_items.due_days_by_priority),
            tuple(s.id for s in levels),
            {
                s.id: s.postmortem_meeting_within_days
                for s in levels
                if s.postmortem_meeting_within_days is not None
            },
        )

    def to_row(self) -> list[Any]:
        return [
            dict(self.priority_action_due_days), dict(self.due_days_by_priority),
            list(self.severity_order), dict(self.meeting_days),
        ]  # fmt: skip

    @classmethod
    def from_row(cls, row: Any) -> ReportPolicy:
        """The inverse of ``to_row``; TypeError or ValueError when malformed."""
        pa, by_priority, order, meeting = row
        for table in (pa, by_priority, meeting):
            if not isinstance(table, dict) or not all(
                isinstance(k, str) and type(v) is int for k, v in table.items()
            ):
                raise TypeError("a malformed policy table in the cache")
        if not all(isinstance(s, str) for s in order):
            raise TypeError("a malformed severity order in the cache")
        return cls(pa, by_priority, tuple(order), meeting)
