"""Playbook front matter (``docs/playbooks/<slug>.md``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from incidentctl.models.base import DIGITS_ONLY, Date, Person, Slug, StrictModel, Text, Title
from incidentctl.models.incident import Severity


class PlaybookStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"


class AppliesTo(StrictModel):
    types: list[Slug] = []
    services: list[Slug] = []
    severities: list[Severity] = []


class Playbook(StrictModel):
    id: Slug
    title: Title
    status: PlaybookStatus
    owner: Person
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    triggers: list[Text] = []
    roles_needed: list[Slug] = []
    last_reviewed: Date
    last_tested: Date | None = None
    review_interval_days: Annotated[int, Field(ge=1, le=3650), DIGITS_ONLY] = 180
    related: list[Slug] = []
