"""The incident record (``incidents/<ID>/incident.yaml``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from incidentctl.models.base import (
    DIGITS_ONLY,
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

ActionItemId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=False, pattern=r"^[A-Z][A-Z0-9]{0,15}-[0-9]{4}-[0-9]{4,6}-AI-[0-9]{1,4}$"
    ),
]
Priority = Annotated[str, StringConstraints(pattern=r"^P[0-4]$")]
Severity = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,16}$")]


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"

    @property
    def rank(self) -> int:
        """Higher is more confidential."""
        return {"public": 0, "internal": 1, "restricted": 2}[self.value]


class TimelineType(StrEnum):
    STATUS_CHANGE = "status_change"
    OBSERVATION = "observation"
    ACTION = "action"
    DECISION = "decision"
    COMMUNICATION = "communication"
    ALERT = "alert"
    DEPLOY = "deploy"
    ESCALATION = "escalation"
    ROLE_CHANGE = "role_change"
    SEVERITY_CHANGE = "severity_change"


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


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    WONT_DO = "wont_do"


class TimelineEntry(StrictModel):
    """One event. ``status_change`` entries are the single source of truth for ``status``."""

    at: Timestamp
    type: TimelineType
    by: Person | None = None
    text: Text = ""
    status: Slug | None = Field(None, description="The new state; only on status_change.")
    severity: Severity | None = Field(None, description="The new severity; on severity_change.")

    @model_validator(mode="after")
    def _status_only_on_status_change(self) -> TimelineEntry:
        is_change = self.type is TimelineType.STATUS_CHANGE
        if is_change and self.status is None:
            raise PydanticCustomError(
                "timeline.status-field", "a status_change entry needs 'status: <state>'"
            )
        if not is_change and self.status is not None:
            raise PydanticCustomError(
                "timeline.status-field", "only status_change entries may carry 'status'"
            )
        return self


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
    type: ActionType
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


class Impact(StrictModel):
    description: Text | None = None
    customers_affected: Annotated[int, Field(ge=0), DIGITS_ONLY] | None = None
    regions: list[Slug] = []
    slo_breached: StrictBool | None = None


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
    services: list[Slug] = []
    impact: Impact | None = None
    detection: Detection | None = None
    started_at: Timestamp | None = None
    roles: dict[Slug, Person] = {}
    responders: list[Person] = []
    channels: Channels | None = None
    resolution: Text | None = Field(None, description="Why it ended as declined, cancelled, ...")
    reopen_reason: Text | None = None
    timeline: list[TimelineEntry] = []
    updates: list[Update] = []
    action_items: list[ActionItem] = []
    relations: Relations = Field(default_factory=Relations)  # a factory: no deepcopy per record
    tags: list[Slug] = []

    def status_changes(self) -> list[tuple[int, TimelineEntry]]:
        """The status_change entries with their index in ``timeline``, in file order."""
        return [(i, e) for i, e in enumerate(self.timeline) if e.type is TimelineType.STATUS_CHANGE]
