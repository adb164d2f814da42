"""The roster (``schemas/people.yaml``): who may be named in a record, and whom to escalate to.

Why handles and not names: a handle (``ahmed.nasser``) is stable, greppable and safe to publish;
a display name or an e-mail address is personal data and changes. The built-in roster is empty,
so a repository without one keeps working and its person fields are not checked.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from incidentctl.models.base import Name, Person, SchemaVersion, Slug, StrictModel, Text

# An e-mail address, matched against ``git config user.email`` (ASCII, compared case-blind).
Email = Annotated[
    str,
    StringConstraints(
        pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", max_length=254
    ),
]

# A PagerDuty object id as its API gives it (``PTUXL6G``): upper-case letters and digits.
PagerDutyId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,20}$")]


class Member(StrictModel):
    """One person: the handle records use, how to show them, how to recognise them."""

    handle: Person
    name: Name | None = Field(None, description="Display name (shown, never written to records).")
    email: Email | None = Field(
        None, description="Matched against git config user.email and alert payloads' e-mails."
    )
    pagerduty: PagerDutyId | None = Field(
        None, description="PagerDuty user id (PXXXXXX): a webhook's assignee is this handle."
    )
    teams: list[Slug] = []


class Team(StrictModel):
    """A team, and whom ``incidentctl escalate --team`` pages, first contact first."""

    id: Slug
    name: Name | None = None
    description: Text | None = None
    escalation: list[Person] = Field([], description="Handles paged on escalation, in order.")


class People(StrictModel):
    """``schemas/people.yaml``: the roster of handles and teams."""

    schema_version: SchemaVersion
    people: list[Member] = []
    teams: list[Team] = []
