"""Every rule on one incident folder or playbook, as a pure function: documents in, findings out."""

from __future__ import annotations

from incidentctl.findings import Finding
from incidentctl.load.documents import IncidentDoc, PlaybookDoc, Unit
from incidentctl.rules import secrets
from incidentctl.rules.context import Context, finding
from incidentctl.rules.incident import check_incident, reference_finding, references
from incidentctl.rules.playbook import check_playbook
from incidentctl.rules.postmortem import check_postmortem, check_unit_postmortem
from incidentctl.rules.references import unresolved
from incidentctl.rules.results import UnitReport


def check_unit(unit: Unit, ctx: Context) -> list[Finding]:
    """Every rule about one incident folder, the archive index included."""
    report = assess_unit(unit, ctx)
    return report.findings + reference_findings(report, unit.incident, ctx)


def reference_findings(report: UnitReport, doc: IncidentDoc | None, ctx: Context) -> list[Finding]:
    """Findings for the references the archive index cannot resolve, at their positions."""
    return [
        reference_finding(r, doc.loaded.value_pos(r.loc) if doc else (0, 0), ctx)
        for r in unresolved(report.refs, ctx.index, report.incident_id)
    ]


def assess_unit(unit: Unit, ctx: Context) -> UnitReport:
    """Every rule about one incident folder that does not depend on the rest of the archive."""
    out = scan_unit(unit, ctx)
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


def scan_unit(unit: Unit, ctx: Context) -> list[Finding]:
    """Secrets and personal data in the folder's files as written (parsed or not)."""
    settings = ctx.settings
    if not settings.scan_secrets:
        return []
    allow = frozenset(settings.email_allowlist)
    out: list[Finding] = []
    for raw, path in (
        (unit.incident_raw, unit.incident_path),
        (unit.postmortem_raw, unit.postmortem_path),
    ):
        if raw is not None:  # undecodable bytes are reported by the loader (yaml.encoding)
            out += secrets.scan(raw.decode("utf-8", errors="replace"), path, allow)
    return out


def check_playbooks(docs: list[PlaybookDoc], ctx: Context) -> list[Finding]:
    return [f for doc in docs for f in check_playbook(doc, ctx)]
