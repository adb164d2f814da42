"""When an action item is due by default: the policy's SLO for its priority (pure).

Atlassian's priority actions get 4 or 8 weeks by the incident's severity
(``priority_action_due_days``); other items get their priority's days
(``due_days_by_priority``). No rule for it: no default, and none is invented.
"""

from __future__ import annotations

import datetime as dt

from incidentctl.models.policy import ActionItemPolicy


def default_due(
    policy: ActionItemPolicy,
    created: dt.date,
    priority: str | None,
    priority_action: bool,
    severity: str | None,
) -> tuple[dt.date, str] | None:
    """The due date and the rule that gave it, or None when the policy gives none."""
    if priority_action and severity in policy.priority_action_due_days:
        days = policy.priority_action_due_days[severity]
        return created + dt.timedelta(days=days), f"priority action, {severity}: {days} days"
    if priority is not None and priority in policy.due_days_by_priority:
        days = policy.due_days_by_priority[priority]
        return created + dt.timedelta(days=days), f"{priority}: {days} days"
    return None
