"""Every rule on one incident folder or playbook, as a pure function: documents in, findings out."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from incidentctl.findings import Finding
from incidentctl.load.documents import IncidentDoc, PlaybookDoc, Unit
from incidentctl.rules import secrets
from incidentctl.rules.clock import ctx_future_findings, pending_times
from incidentctl.rules.context import Context, finding
from incidentctl.rules.gate import Reads, offered
from incidentctl.rules.incident import check_incident, reference_finding, references
from incidentctl.rules.playbook import check_playbook
from incidentctl.rules.postmortem import check_postmortem, check_unit_postmortem
from incidentctl.rules.references import unresolved
from incidentctl.rules.results import UnitReport

if TYPE_CHECKING:
    from incidentctl.config import Settings
    from incidentctl.policy.value import Policy


def check_unit(unit: Unit, ctx: Context) -> list[Finding]:
    """Every rule about one incident folder, the archive index included."""
    report = assess_unit(unit, ctx)
    return report.findings + deferred_findings(report, unit.incident, ctx)


def deferred_findings(report: UnitReport, doc: IncidentDoc | None, ctx: Context) -> list[Finding]:
    """What depends on the run, not the folder: unresolved references and future times.

    A cached report is judged again by each run: the archive and the clock move on.
    """
    refs = [
        reference_finding(r, doc.loaded.value_pos(r.loc) if doc else (0, 0), ctx)
        for r in unresolved(report.refs, ctx.index, report.incident_id)
    ]
    return refs + ctx_future_findings(report.pending, ctx)


def assess_unit(unit: Unit, ctx: Context) -> UnitReport:
    """Every rule about one incident folder that does not depend on the rest of the archive.

    The folder's references and id (what the cache keeps of a record) come from a record that
    validated only: a salvaged one is for the rules in the tables (``rules.gate``).
    """
    out = [f for reads, check in UNIT_CHECKS for f in check(offered(unit, reads, ctx), ctx)]
    timed = offered(unit, FUTURE_TIMES, ctx)
    record = unit.incident or (unit.salvaged_incident.doc if unit.salvaged_incident else None)
    data = record.loaded.data if record else None
    pending = pending_times([timed.incident, timed.postmortem], ctx, data)
    doc = unit.incident
    return UnitReport(out, references(doc) if doc else [], doc.model.id if doc else None, pending)


def _missing_record(unit: Unit, _ctx: Context) -> list[Finding]:
    if unit.has_incident_file:
        return []
    msg = "an incident folder needs an incident.yaml (see docs/responders)"
    return [finding(unit.incident_path, (0, 0), "incident.missing-record", msg)]


def _incident_checks(unit: Unit, ctx: Context) -> list[Finding]:
    """The record's own checks: on a salvaged record, those its table lets run."""
    if unit.incident is not None:
        return check_incident(unit.incident, unit.folder, ctx)
    saved = unit.salvaged_incident
    return check_incident(saved.doc, unit.folder, ctx, saved.damaged) if saved else []


def _postmortem_checks(unit: Unit, ctx: Context) -> list[Finding]:
    """The front matter's and body's own checks: on a salvaged one, those its table lets run."""
    if unit.postmortem is not None:
        return check_postmortem(unit.postmortem, unit, ctx)
    saved = unit.salvaged_postmortem
    return check_postmortem(saved.doc, unit, ctx, saved.damaged) if saved else []


UnitCheck = Callable[[Unit, Context], list[Finding]]
# The folder-level checks, each with what it reads of the record and the postmortem (the
# per-document checks have their tables in rules.incident and rules.postmortem). A check sees
# a salvaged document only where its row allows it (rules.gate); not listed, it never does.
UNIT_CHECKS: tuple[tuple[Reads, UnitCheck], ...] = (
    (Reads(local=True), lambda unit, ctx: scan_unit(unit, ctx)),  # text, and each value alone
    (Reads(), _missing_record),  # which files exist
    (Reads(), _incident_checks),  # gated by rules.incident's table (salvaged documents too)
    (Reads(), _postmortem_checks),  # gated by rules.postmortem's table
    (
        Reads(("type", "lifecycle", "severity", "status", "timeline"), ("status",)),
        lambda unit, ctx: check_unit_postmortem(unit, ctx),
    ),
)
# Times later than now (rules.clock): each timestamp is judged on its own.
FUTURE_TIMES = Reads(local=True)
# Unresolved references (deferred_findings) are not listed: a salvaged record has none.


def scan_unit(unit: Unit, ctx: Context) -> list[Finding]:
    """Secrets and personal data in the folder's files as written (parsed or not) and as read."""
    if not ctx.settings.scan_secrets:
        return []
    allow = scan_allowlist(ctx)
    out: list[Finding] = []
    for raw, path, doc in (
        (unit.incident_raw, unit.incident_path, unit.incident),
        (unit.postmortem_raw, unit.postmortem_path, unit.postmortem),
    ):
        if raw is not None:  # undecodable bytes are reported by the loader (yaml.encoding)
            text = raw.decode("utf-8", errors="replace")
            out += secrets.scan(text, path, allow, doc.loaded if doc else None)
    return out


def scan_allowlist(ctx: Context) -> secrets.Allow:
    """The policy's allowlist (``secrets.yaml``) and the e-mail domains of the settings."""
    return allowlist(ctx.settings, ctx.policy)


def allowlist(settings: Settings, whole: Policy) -> secrets.Allow:
    """``scan_allowlist`` without a context: for text checked before it becomes a record."""
    policy = whole.secrets
    return _allow(
        tuple(settings.email_allowlist) + tuple(policy.email_allowlist),
        tuple(policy.allow_patterns),
    )


@cache
def _allow(emails: tuple[str, ...], patterns: tuple[str, ...]) -> secrets.Allow:
    return secrets.Allow(
        frozenset(e.lower() for e in emails), tuple(re.compile(p) for p in patterns)
    )


def check_playbooks(docs: list[PlaybookDoc], ctx: Context) -> list[Finding]:
    """Every playbook rule, and the secret scan: playbooks are published on the site."""
    out = [f for doc in docs for f in check_playbook(doc, ctx)]
    if ctx.settings.scan_secrets:
        allow = scan_allowlist(ctx)
        out += [f for doc in docs for f in secrets.scan(doc.text, doc.path, allow, doc.loaded)]
    return out
