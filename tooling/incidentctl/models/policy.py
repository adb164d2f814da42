"""The repository's rules as data (``schemas/*.yaml``); each file has a built-in default.

Over 250 lines: one short model per policy file (the table in ``policy.files`` names them);
split, the table would point into a dozen modules.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from incidentctl.models.alerts import AlertRouting as AlertRouting  # noqa: PLC0414 (as People)
from incidentctl.models.base import (
    DIGITS_ONLY,
    NO_CONTROLS,
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
from incidentctl.models.incident import Visibility
from incidentctl.models.people import People as People  # noqa: PLC0414 (policy.files names it here)
from incidentctl.models.postmortem import PostmortemStatus
from incidentctl.models.vocab import Priority, Severity

# A dotted path into an incident; ``[]`` walks every item of a list: ``action_items[].owner``.
FieldPath = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\[\])?(\.[a-z_]+(\[\])?)*$")]


class SeverityLevel(StrictModel):
    id: Severity
    name: Name
    description: Text | None = None
    postmortem_required: StrictBool = False
    postmortem_meeting_within_days: Annotated[int, Field(ge=0), DIGITS_ONLY] | None = None


class Severities(StrictModel):
    """``schemas/severities.yaml``: the scale, most severe first."""

    schema_version: SchemaVersion
    severities: Annotated[list[SeverityLevel], Field(min_length=1)]


class PostmortemRule(StrEnum):
    BY_SEVERITY = "by_severity"
    ALWAYS = "always"
    NEVER = "never"


class IncidentType(StrictModel):
    id: Slug
    description: Text | None = None
    lifecycle: Slug
    default_visibility: Visibility = Visibility.INTERNAL
    postmortem: PostmortemRule = PostmortemRule.BY_SEVERITY
    exclude_from_metrics: StrictBool = Field(
        False, description="Leave this type out of response metrics (as Netflix Dispatch does)."
    )


class IncidentTypes(StrictModel):
    """``schemas/incident-types.yaml``."""

    schema_version: SchemaVersion
    types: Annotated[list[IncidentType], Field(min_length=1)]


class Guard(StrEnum):
    """Conditions an edge can carry; each is implemented in ``lifecycle.py``."""

    POSTMORTEM_NOT_REQUIRED = "postmortem_not_required"
    POSTMORTEM_REQUIRED = "postmortem_required"


class Transition(StrictModel):
    to: Slug
    when: Guard | None = None


class Milestone(StrEnum):
    """The response milestones ``report metrics`` measures, in the order they are reached."""

    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"


class State(StrictModel):
    """A lifecycle state. ``requires`` and ``postmortem`` hold from this state onwards."""

    description: Text | None = None
    phase: Name | None = None
    initial: StrictBool = False
    terminal: StrictBool = False
    requires: list[FieldPath] = []
    postmortem: PostmortemStatus | None = Field(
        None, description="Least postmortem status needed here, where the policy requires one."
    )
    transitions: list[Transition] = Field(
        [], description="Allowed next states: a name, or {to: name, when: guard}."
    )
    milestone: Milestone | None = Field(
        None, description="The response milestone entering this state marks (report metrics)."
    )
    max_hours: Annotated[int, Field(ge=1), DIGITS_ONLY] | None = Field(
        None, description="How long an incident may stay here before report compliance says stuck."
    )

    @field_validator("transitions", mode="before")
    @classmethod
    def _names_are_edges(cls, value: object) -> object:
        """``- investigating`` is short for ``- {to: investigating}``."""
        if isinstance(value, list):
            return [{"to": v} if isinstance(v, str) else v for v in value]
        return value

    def edges(self) -> list[Transition]:
        return list(self.transitions)


class Lifecycle(StrictModel):
    """``schemas/lifecycles/<name>.yaml``."""

    schema_version: SchemaVersion
    name: Slug
    title: Title
    description: Text | None = None
    states: Annotated[dict[Slug, State], Field(min_length=1)]


class Service(StrictModel):
    id: Slug
    name: Name
    owner: Person | None = None
    tier: Annotated[int, Field(ge=0, le=9), DIGITS_ONLY] | None = None
    description: Text | None = None


class ServiceCatalog(StrictModel):
    """``schemas/services.yaml``. Without it, service names are not checked."""

    schema_version: SchemaVersion
    services: list[Service]


class ActionItemPolicy(StrictModel):
    """``schemas/action-items.yaml``: due-date SLOs (Atlassian's priority actions)."""

    schema_version: SchemaVersion
    priority_action_due_days: dict[Severity, Annotated[int, Field(ge=1), DIGITS_ONLY]] = {}
    due_days_by_priority: dict[Priority, Annotated[int, Field(ge=1), DIGITS_ONLY]] = {}


class FactorCategory(StrictModel):
    id: Slug
    description: Text | None = None


class ContributingFactors(StrictModel):
    """``schemas/contributing-factors.yaml``: the taxonomy postmortems classify by."""

    schema_version: SchemaVersion
    categories: Annotated[list[FactorCategory], Field(min_length=1)]


class SectionRequirement(StrictModel):
    """A required section, the headings real templates give it, and where it is required."""

    name: Name
    aliases: list[Name] = Field([], description="Other headings that count, e.g. 'Overview'.")
    severities: list[Severity] = Field([], description="Only at these severities (empty: all).")


SectionEntry = Name | SectionRequirement


class PostmortemPolicy(StrictModel):
    """``schemas/postmortem.yaml``: the sections a postmortem body must have."""

    schema_version: SchemaVersion
    required_sections: list[SectionEntry]
    sections_by_type: dict[Slug, list[SectionEntry]] = {}
    sections_required_from: PostmortemStatus = Field(
        PostmortemStatus.IN_REVIEW,
        description="The first postmortem status that must have every section (a draft "
        "grows them).",
    )


class PriorityLevel(StrictModel):
    id: Priority
    name: Name
    description: Text | None = None


class Priorities(StrictModel):
    """``schemas/priorities.yaml``: the priority scale, most urgent first (like severities)."""

    schema_version: SchemaVersion
    priorities: Annotated[list[PriorityLevel], Field(min_length=1)]


ForeignName = Annotated[str, StringConstraints(min_length=1, max_length=100), NO_CONTROLS]


class ForeignVocabulary(StrictModel):
    """One other tool's names, each mapped to this repository's (compared case-insensitively)."""

    severities: dict[ForeignName, Severity] = {}
    priorities: dict[ForeignName, Priority] = {}
    states: dict[ForeignName, Slug] = {}
    roles: dict[ForeignName, Slug] = {}


class Vocabularies(StrictModel):
    """``schemas/vocabularies.yaml``: what other tools' severities, states and roles mean here.

    Why a table: an import or an alert says "P1", "critical", "triggered" or "Incident
    Commander"; the mapping says once, for reviewers to see, what each is in this repository.
    """

    schema_version: SchemaVersion
    systems: dict[Slug, ForeignVocabulary] = {}


class Role(StrictModel):
    id: Slug
    description: Text | None = None


class Roles(StrictModel):
    """``schemas/roles.yaml``: the role names ``roles:`` may use."""

    schema_version: SchemaVersion
    roles: Annotated[list[Role], Field(min_length=1)]


class ChangePolicy(StrictModel):
    """``schemas/changes.yaml``: what may still change once an incident is in a terminal state."""

    schema_version: SchemaVersion
    editable_after_close: list[FieldPath]


# An e-mail allowlist entry: one address (security@vendor.example), or a domain, which covers
# its subdomains too (vendor.example). ASCII; compared without regard to case.
EmailEntry = Annotated[
    str,
    StringConstraints(
        pattern=r"^([A-Za-z0-9._%+-]+@)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$", max_length=254
    ),
]

# A control character has an escape in a regular expression (\t, \x1b); written raw, it is hidden.
Regex = Annotated[str, StringConstraints(min_length=1, max_length=200), NO_CONTROLS]


class SecretScanPolicy(StrictModel):
    """``schemas/secrets.yaml``: what the secret and personal-data scan accepts as public.

    Why in the policy: a YAML comment cannot sit inside a block of text, and an allowlist that
    reviewers see in one file is one they can question.
    """

    schema_version: SchemaVersion
    email_allowlist: list[EmailEntry] = Field(
        [],
        description="Addresses (security@vendor.example) and domains (vendor.example, with "
        "its subdomains) that may appear in published text.",
    )
    allow_patterns: list[Regex] = Field(
        [],
        description="Regular expressions (Python syntax); a value the scan finds (a token, "
        "card number, IBAN or address) that one matches in full is not reported.",
    )

    @field_validator("allow_patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        import re

        from pydantic_core import PydanticCustomError

        for number, pattern in enumerate(value, start=1):
            try:
                re.compile(pattern)
            except re.error:
                msg = "pattern {n} is not a valid regular expression; fix its brackets and escapes"
                raise PydanticCustomError("schema.type", msg, {"n": number}) from None
        return value


CommitId = Annotated[str, StringConstraints(strip_whitespace=False, pattern=r"^[0-9a-f]{40}$")]
RuleId = Annotated[
    str, StringConstraints(strip_whitespace=False, pattern=r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$")
]
RepoPath = Annotated[
    str, StringConstraints(strip_whitespace=False, pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
]


class Acknowledgement(StrictModel):
    """One past finding a team has reviewed and accepted, instead of rewriting main."""

    commit: CommitId = Field(description="The full id of the commit audit names.")
    rule: RuleId
    path: RepoPath = Field(description="The file the finding is in, as audit prints it.")
    reason: Annotated[Text, StringConstraints(min_length=10)]
    approved_by: Person
    approved_at: Timestamp


class AuditBaseline(StrictModel):
    """``schemas/audit-baseline.yaml``: past findings ``audit`` reports as acknowledged.

    Why a file, as detect-secrets' and gitleaks' baselines: the only other way to clear a
    finding on main is to rewrite history, and a revert is itself reported. Being policy, a
    change to it is reported by ``check`` (``policy.changed``) for an owner's review.
    """

    schema_version: SchemaVersion
    acknowledged: list[Acknowledgement] = []
