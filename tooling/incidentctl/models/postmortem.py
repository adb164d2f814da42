"""Postmortem front matter (``incidents/<ID>/postmortem.md``)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from incidentctl.models.base import (
    IncidentId,
    Person,
    SchemaVersion,
    Slug,
    StrictModel,
    Text,
    Timestamp,
)


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
