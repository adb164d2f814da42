"""Postmortem front matter (``incidents/<ID>/postmortem.md``).

Its times (``meeting_at``, ``published_at``) written without an offset are read in its
incident's zone: the record's ``timezone``, else the repository's (``models.zone``), which the
loader passes as the validation context. Why: a postmortem is written with its record, by the
same people, in the same zone; reading its naive times any other way would shift them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationInfo, model_validator

from incidentctl.models.base import (
    IncidentId,
    Person,
    SchemaVersion,
    Slug,
    StrictModel,
    Text,
    Timestamp,
)
from incidentctl.models.zone import context_zone, read_naive_times, time_keys


class PostmortemStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def rank(self) -> int:
        return list(PostmortemStatus).index(self)


class ContributingFactor(StrictModel):
    category: Slug
    description: Text


class Postmortem(StrictModel):
    schema_version: SchemaVersion
    incident: IncidentId
    status: PostmortemStatus
    owner: Person | None = Field(
        None, description="Required (postmortem.owner-missing), unless the incident is imported."
    )
    authors: list[Person] = []
    reviewers: list[Person] = []
    approvers: list[Person] = []
    meeting_at: Timestamp | None = None
    published_at: Timestamp | None = None
    trigger: Text | None = None
    contributing_factors: list[ContributingFactor] = []
    tags: list[Slug] = []

    @model_validator(mode="before")
    @classmethod
    def _naive_times_in_incident_zone(cls, data: Any, info: ValidationInfo) -> Any:
        """Read naive times in the incident's zone (the context's; see the module docstring)."""
        if not isinstance(data, dict):
            return data
        return read_naive_times(data, context_zone(info), time_keys(cls))
