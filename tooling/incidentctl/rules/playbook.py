"""Rules on playbooks.

PASS: ``docs/playbooks/database-failover.md`` with ``id: database-failover``, reviewed within its
interval. FAIL: ``id: db-failover`` in that file (``playbook.id-mismatch``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from incidentctl.findings import Finding
from incidentctl.load.documents import PlaybookDoc
from incidentctl.models.playbook import PlaybookStatus
from incidentctl.rules.context import Context, at
from incidentctl.rules.incident import service_message


def check_playbook(doc: PlaybookDoc, ctx: Context) -> list[Finding]:
    return list(_check(doc, ctx))


def _check(doc: PlaybookDoc, ctx: Context) -> Iterator[Finding]:
    pb, ld, p, pol = doc.model, doc.loaded, doc.path, ctx.policy
    if pb.id != doc.stem:
        msg = f"id must equal the file name '{doc.stem}'"
        yield at(ld, p, ("id",), "playbook.id-mismatch", msg)
    applies = pb.applies_to
    for i, t in enumerate(applies.types):
        if t not in pol.type_by_id:
            yield at(ld, p, ("applies_to", "types", i), "ref.unknown-type", "unknown incident type")
    for i, s in enumerate(applies.severities):
        if s not in pol.severity_by_id:
            yield at(
                ld, p, ("applies_to", "severities", i), "ref.unknown-severity", "unknown severity"
            )
    known = pol.service_ids
    for i, s in enumerate(applies.services):
        if known is not None and s not in known:
            msg = service_message(s, known)
            yield at(ld, p, ("applies_to", "services", i), "ref.unknown-service", msg)
    for i, r in enumerate(pb.related):
        if r not in ctx.index.playbook_ids:
            msg = f"no such playbook (expected a file in {ctx.settings.playbooks_dir}/)"
            yield at(ld, p, ("related", i), "ref.unknown-playbook", msg)
    due = pb.last_reviewed + dt.timedelta(days=pb.review_interval_days)
    if pb.status is PlaybookStatus.ACTIVE and due < ctx.today:
        msg = f"review was due on {due.isoformat()}; review it and update last_reviewed"
        yield at(ld, p, ("last_reviewed",), "playbook.review-overdue", msg)
