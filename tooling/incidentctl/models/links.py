"""Typed links, ids in other tools, and related things that are not incidents here (pure).

Why typed: a reader (and the site) can tell the dashboard from the public write-up, and an
import keeps PagerDuty's incident, a Jira key or a GitHub issue as what they are.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from incidentctl.models.base import Line, Name, Slug, StrictModel, Text


class LinkKind(StrEnum):
    DASHBOARD = "dashboard"
    RUNBOOK = "runbook"
    TICKET = "ticket"
    CHAT = "chat"
    STATUS_PAGE = "status_page"
    WRITE_UP = "write_up"
    ALERT = "alert"
    LOGS = "logs"
    RECORDING = "recording"
    DOCUMENT = "document"
    CODE = "code"
    OTHER = "other"


class Link(StrictModel):
    kind: LinkKind
    url: Line
    title: Name | None = None


class ExternalRef(StrictModel):
    """An id in another system: ``{system: pagerduty, id: Q1ABC23}``, a Jira key, an issue."""

    system: Slug = Field(description="e.g. pagerduty, jira, github, opsgenie, statuspage.")
    id: Line
    url: Line | None = None
    title: Name | None = None
    description: Text | None = None
