"""Pure pydantic models of every file the repository holds."""

from incidentctl.models.incident import ActionItem, Incident, TimelineEntry, Visibility
from incidentctl.models.playbook import Playbook
from incidentctl.models.postmortem import Postmortem, PostmortemStatus

__all__ = [
    "ActionItem",
    "Incident",
    "Playbook",
    "Postmortem",
    "PostmortemStatus",
    "TimelineEntry",
    "Visibility",
]
