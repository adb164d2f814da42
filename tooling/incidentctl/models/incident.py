"""The incident record (``incidents/<ID>/incident.yaml``).

Its parts live beside it: ``timeline`` (entries, precision), ``impact`` (window and measured
effects), ``links`` (typed links, external ids), ``security`` (NIST SP 800-61), ``provenance``
(imported records) and ``zone`` (naive times read in a declared zone).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationInfo, model_validator

from incidentctl.models.base import (
    NO_CONTROLS,
    Date,
    IncidentId,
    Line,
    Name,
    Person,
    SchemaVersion,
    Slug,
    StrictBool,
    StrictModel,
    Text,
    Timestamp,
    Title,
)
from incidentctl.models.impact import Effect, Impact
from incidentctl.models.links import ExternalRef, Link
from incidentctl.models.provenance import Imported
from incidentctl.models.security import Security
from incidentctl.models.timeline import KnownTime, TimelineEntry, TimelineType, TimePrecision
from incidentctl.models.vocab import Priority, Severity
from incidentctl.models.zone import (
    ZoneName,
    context_zone,
    read_naive_times,
    record_zone,
    time_keys,
)

__all__ = [
    "ActionItem",
    "ActionStatus",
    "ActionType",
    "Effect",
    "Impact",
    "Incident",
    "Priority",
    "Severity",
    "TimePrecision",
    "TimelineEntry",
    "TimelineType",
    "Visibility",
]

ActionItemId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=False, pattern=r"^[A-Z][A-Z0-9]{0,15}-[0-9]{4}-[0-9]{4,6}-AI-[0-9]{1,4}$"
    ),
]
# A timestamp field of the record, outside the timeline: started_at, impact.effects[0].ended_at
TimePath = Annotated[
    str, StringConstraints(pattern=r"^[a-z_]+(\[[0-9]{1,4}\])?(\.[a-z_]+(\[[0-9]{1,4}\])?)*$")
]


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"

    @property
    def rank(self) -> int:
        """Higher is more confidential."""
        return {"public": 0, "internal": 1, "restricted": 2}[self.value]


class Audience(StrEnum):
    INTERNAL = "internal"
    CUSTOMERS = "customers"
    EXECUTIVES = "executives"


class DetectionSource(StrEnum):
    MONITORING_ALERT = "monitoring_alert"
    CUSTOMER_REPORT = "customer_report"
    INTERNAL = "internal"
    PARTNER = "partner"
    SECURITY_TOOL = "security_tool"


class ActionType(StrEnum):
    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"
    RESPOND = "respond"
    PROCESS = "process"
    DOCUMENTATION = "documentation"
    OTHER = "other"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    WONT_DO = "wont_do"


class Update(StrictModel):
    """A stakeholder communication, as sent."""

    at: Timestamp
    audience: Audience
    channel: Name
    text: Text


class ActionItem(StrictModel):
    id: ActionItemId
    title: Title
    description: Text | None = None
    owner: Person | None = None
    team: Slug | None = None
    type: ActionType | None = Field(
        None, description="Required (action-item.type-missing), unless the record is imported."
    )
    priority: Priority | None = None
    priority_action: StrictBool = False
    status: ActionStatus = ActionStatus.OPEN
    source: Annotated[str, StringConstraints(pattern=r"^(response|postmortem)$")] | None = None
    created_at: Timestamp | None = None
    due: Date | None = None
    completed_at: Timestamp | None = None
    tracker: Line | None = None
    success_criteria: Text | None = None
    notes: Text | None = Field(None, description="Why it is blocked or won't be done.")


class Detection(StrictModel):
    source: DetectionSource
    alert: Line | None = None


class Channels(StrictModel):
    chat: Annotated[str, StringConstraints(max_length=200), NO_CONTROLS] | None = None
    bridge: Line | None = None
    status_page: Line | None = None


class Relations(StrictModel):
    duplicate_of: IncidentId | None = None
    related: list[IncidentId] = []
    playbooks_used: list[Slug] = []
    caused_by_change: Line | None = None
    external: list[ExternalRef] = Field(
        [], description="Related things that are not incidents of this repository."
    )


class Release(StrictModel):
    """An explicit decision to publish a record more widely than its type's default."""

    approved_by: Person
    approved_at: Timestamp
    reason: Text | None = None


class Incident(StrictModel):
    """One incident. Field names are the repository contract; see docs/responders."""

    schema_version: SchemaVersion
    id: IncidentId
    title: Title
    summary: Text | None = None
    type: Slug
    lifecycle: Slug | None = Field(None, description="Defaults from the type (policy).")
    status: Slug
    severity: Severity | None = None
    priority: Priority | None = None
    visibility: Visibility | None = Field(None, description="Defaults from the type (policy).")
    release: Release | None = None
    imported: Imported | None = Field(None, description="Where an imported record came from.")
    timezone: ZoneName | None = Field(
        None, description="The zone this record's naive times were written in (IANA name)."
    )
    services: list[Slug] = []
    impact: Impact | None = None
    detection: Detection | None = None
    occurred_at: Timestamp | None = Field(None, description="When it happened (or began).")
    discovered_at: Timestamp | None = Field(None, description="When the team learned of it.")
    started_at: Timestamp | None = None
    time_precision: dict[TimePath, KnownTime] = Field(
        {}, description="How far times outside the timeline are known, by field path."
    )
    roles: dict[Slug, Person] = {}
    responders: list[Person] = []
    channels: Channels | None = None
    resolution: Text | None = Field(None, description="Why it ended as declined, cancelled, ...")
    reopen_reason: Text | None = None
    timeline: list[TimelineEntry] = []
    updates: list[Update] = []
    action_items: list[ActionItem] = []
    relations: Relations = Field(default_factory=Relations)  # a factory: no deepcopy per record
    links: list[Link] = []
    external_ids: list[ExternalRef] = Field([], description="This incident in other tools.")
    security: Security | None = None
    tags: list[Slug] = []

    @model_validator(mode="before")
    @classmethod
    def _naive_times_in_declared_zone(cls, data: Any, info: ValidationInfo) -> Any:
        """Read naive times in the record's zone, else the repository's (see ``models.zone``)."""
        if not isinstance(data, dict):
            return data
        zone = record_zone(data, context_zone(info))
        return read_naive_times(data, zone, time_keys(cls), _day_paths(data))

    def status_changes(self) -> list[tuple[int, TimelineEntry]]:
        """The status_change entries with their index in ``timeline``, in file order."""
        return [(i, e) for i, e in enumerate(self.timeline) if e.type is TimelineType.STATUS_CHANGE]


def _day_paths(data: dict[str, Any]) -> frozenset[str]:
    known = data.get("time_precision")
    if not isinstance(known, dict):
        return frozenset()
    return frozenset(
        path
        for path, how in known.items()
        if isinstance(how, dict) and how.get("precision") == "day"
    )
