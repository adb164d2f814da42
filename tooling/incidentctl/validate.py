"""Validation as a pure function of loaded documents: units and playbooks in, findings out."""

from __future__ import annotations

from dataclasses import dataclass, field

from incidentctl.documents import IncidentDoc, PlaybookDoc, Unit
from incidentctl.findings import Finding, sort_findings
from incidentctl.rules.context import Context, finding
from incidentctl.rules.incident import (
    Reference,
    check_incident,
    reference_finding,
    references,
    unresolved,
)
from incidentctl.rules.playbook import check_playbook
from incidentctl.rules.postmortem import check_postmortem, check_unit_postmortem


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def merged(self, other: CheckResult) -> CheckResult:
        return CheckResult(
            sort_findings([*self.findings, *other.findings]),
            self.files_checked + other.files_checked,
        )


@dataclass(frozen=True)
class UnitReport:
    """What a folder says on its own (cacheable), and what it points at (checked each run)."""

    findings: list[Finding]
    refs: list[Reference]
    incident_id: str | None


def check_unit(unit: Unit, ctx: Context) -> list[Finding]:
    """Every rule about one incident folder, the archive index included."""
    report = assess_unit(unit, ctx)
    return report.findings + reference_findings(report, unit.incident, ctx)


def reference_findings(report: UnitReport, doc: IncidentDoc | None, ctx: Context) -> list[Finding]:
    """Findings for the references the archive index cannot resolve, at their positions."""
    return [
        reference_finding(r, doc.loaded.value_pos(r.loc) if doc else (0, 0), ctx)
        for r in unresolved(report.refs, ctx, report.incident_id)
    ]


def assess_unit(unit: Unit, ctx: Context) -> UnitReport:
    """Every rule about one incident folder that does not depend on the rest of the archive."""
    out: list[Finding] = []
    if not unit.has_incident_file:
        msg = "an incident folder needs an incident.yaml (see docs/responders)"
        out.append(finding(unit.incident_path, (0, 0), "incident.missing-record", msg))
    if unit.incident is not None:
        out += check_incident(unit.incident, unit.folder, ctx)
    if unit.postmortem is not None:
        out += check_postmortem(unit.postmortem, unit, ctx)
    out += check_unit_postmortem(unit, ctx)
    doc = unit.incident
    return UnitReport(out, references(doc) if doc else [], doc.model.id if doc else None)


def check_playbooks(docs: list[PlaybookDoc], ctx: Context) -> list[Finding]:
    return [f for doc in docs for f in check_playbook(doc, ctx)]
