"""The repository's policy as one value, with the lookups rules need (pure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from incidentctl.models.alerts import AlertRouting
from incidentctl.models.incident import Incident, Visibility
from incidentctl.models.people import Member, People, Team
from incidentctl.models.policy import (
    ActionItemPolicy,
    AuditBaseline,
    ChangePolicy,
    ContributingFactors,
    Guard,
    IncidentType,
    IncidentTypes,
    Lifecycle,
    PostmortemPolicy,
    PostmortemRule,
    Priorities,
    Roles,
    SecretScanPolicy,
    ServiceCatalog,
    Severities,
    SeverityLevel,
    Vocabularies,
)
from incidentctl.policy.lifecycle import GuardCheck
from incidentctl.policy.sections import Section, sections_for

DEFAULT_LIFECYCLE = "outage"


@dataclass(frozen=True)
class Policy:
    severities: Severities
    types: IncidentTypes
    lifecycles: dict[str, Lifecycle]
    action_items: ActionItemPolicy
    factors: ContributingFactors
    postmortem: PostmortemPolicy
    roles: Roles
    changes: ChangePolicy
    secrets: SecretScanPolicy
    baseline: AuditBaseline
    priorities: Priorities
    vocabularies: Vocabularies
    people: People
    alerts: AlertRouting
    services: ServiceCatalog | None = None
    # Which file each concern came from: a repo path, or "(built-in)".
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    @cached_property
    def severity_by_id(self) -> dict[str, SeverityLevel]:
        return {s.id: s for s in self.severities.severities}

    @cached_property
    def type_by_id(self) -> dict[str, IncidentType]:
        return {t.id: t for t in self.types.types}

    @cached_property
    def service_ids(self) -> frozenset[str] | None:
        """None when the repository has no service catalog (names are then not checked)."""
        return None if self.services is None else frozenset(s.id for s in self.services.services)

    @cached_property
    def priority_ids(self) -> list[str]:
        """The priority scale, most urgent first."""
        return [p.id for p in self.priorities.priorities]

    @cached_property
    def state_ids(self) -> frozenset[str]:
        """Every state of every lifecycle (what ``list --status`` may name)."""
        return frozenset(s for lc in self.lifecycles.values() for s in lc.states)

    @cached_property
    def role_ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.roles.roles)

    @cached_property
    def factor_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.factors.categories)

    @cached_property
    def handles(self) -> frozenset[str] | None:
        """The roster's handles; None when there is no roster (person fields are not checked)."""
        members = self.people.people
        return frozenset(m.handle for m in members) if members else None

    @cached_property
    def team_by_id(self) -> dict[str, Team]:
        return {t.id: t for t in self.people.teams}

    def member_by_email(self, email: str) -> Member | None:
        """The roster entry with this e-mail address (compared without regard to case)."""
        wanted = email.strip().casefold()
        return next((m for m in self.people.people if (m.email or "").casefold() == wanted), None)

    def lifecycle_name(self, incident: Incident) -> str:
        if incident.lifecycle:
            return incident.lifecycle
        itype = self.type_by_id.get(incident.type)
        return itype.lifecycle if itype else DEFAULT_LIFECYCLE

    def lifecycle_for(self, incident: Incident) -> Lifecycle | None:
        return self.lifecycles.get(self.lifecycle_name(incident))

    def default_visibility(self, incident: Incident) -> Visibility:
        itype = self.type_by_id.get(incident.type)
        return itype.default_visibility if itype else Visibility.INTERNAL

    def visibility(self, incident: Incident) -> Visibility:
        """The record's effective visibility: its own, else its type's default."""
        return incident.visibility or self.default_visibility(incident)

    def postmortem_required(self, incident: Incident) -> bool:
        itype = self.type_by_id.get(incident.type)
        rule = itype.postmortem if itype else PostmortemRule.BY_SEVERITY
        if rule is not PostmortemRule.BY_SEVERITY:
            return rule is PostmortemRule.ALWAYS
        level = self.severity_by_id.get(incident.severity or "")
        return bool(level and level.postmortem_required)

    def postmortem_reason(self, incident: Incident) -> str:
        """Why the policy does (or does not) ask this incident for a postmortem, in words."""
        itype = self.type_by_id.get(incident.type)
        rule = itype.postmortem if itype else PostmortemRule.BY_SEVERITY
        if rule is PostmortemRule.ALWAYS:
            return f"'{incident.type}' incidents always need a postmortem"
        if rule is PostmortemRule.NEVER:
            return f"'{incident.type}' incidents never need a postmortem"
        if not incident.severity:
            return "an incident without a severity needs no postmortem"
        need = "needs" if self.postmortem_required(incident) else "needs no"
        return f"a {incident.severity} incident {need} a postmortem (schemas/severities.yaml)"

    def guard_why(self, incident: Incident) -> Callable[[Guard], str]:
        """Why a guard does not hold for this incident (both guards ask about a postmortem)."""
        reason = self.postmortem_reason(incident)
        return lambda _guard: reason

    def guard_check(self, incident: Incident) -> GuardCheck:
        """How the lifecycle's guards evaluate for this incident (is a postmortem required?)."""
        required = self.postmortem_required(incident)
        return lambda guard: required if guard is Guard.POSTMORTEM_REQUIRED else not required

    def translate(self, system: str, kind: str, name: str) -> str | None:
        """Another tool's name in this repository's words (``vocabularies.yaml``), or None.

        ``kind`` is ``severities``, ``priorities``, ``states`` or ``roles``; names compare
        without regard to case or surrounding spaces ("Critical", "critical ").
        """
        vocab = self.vocabularies.systems.get(system)
        table: dict[str, str] = getattr(vocab, kind, {}) if vocab else {}
        wanted = name.strip().casefold()
        return next((ours for theirs, ours in table.items() if theirs.casefold() == wanted), None)

    def required_sections(
        self, incident_type: str | None, severity: str | None = None
    ) -> list[Section]:
        """The sections a postmortem of this type and severity needs, with their aliases."""
        return sections_for(self.postmortem, incident_type, severity)
