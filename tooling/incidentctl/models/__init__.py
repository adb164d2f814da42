"""Models. Take plain data from the strict loader; give typed, immutable values (pure pydantic).

One module per kind of file: ``incident``, ``postmortem``, ``playbook``, ``policy`` (every
file under ``schemas/``), on the strict ``base``; the incident's parts beside it (``timeline``,
``impact``, ``links``, ``security``, ``provenance``, ``zone``, ``vocab``). Cross-file checks are
rules, not validators.
"""

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
