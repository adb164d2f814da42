"""The incident record many tests start from: an outage of checkout, moved on by alice.

Why one builder: the same record (a SEV2 outage, detected at 10:00 and investigating at 10:05,
commanded by alice) was written out by hand in several test modules, each with its own small
variation; a change of the format then had to be made in each. Tests that need another shape
say only what differs: the id, the severity, the statuses it went through, a block before ``roles``.
"""

from __future__ import annotations

from collections.abc import Sequence

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/incident.schema.json\n"
OPENED = (("10:00", "detected"), ("10:05", "investigating"))


def outage_record(
    *,
    id: str = "INC-2026-0001",
    severity: str = "SEV2",
    statuses: Sequence[tuple[str, str]] = OPENED,
    services: str = "[checkout]",
    extra: str = "",
    head: str = "",
) -> str:
    """The record's YAML; its status is the last of ``statuses`` (times on 2026-03-01, UTC).

    ``extra``: whole lines placed before ``roles`` (``impact``, ``relations``); ``head``: lines
    before everything (a schema comment).
    """
    timeline = "".join(
        f"  - at: 2026-03-01T{at}:00Z\n    type: status_change\n    status: {status}\n    by: alice\n"
        for at, status in statuses
    )
    return (
        f"{head}schema_version: 1\nid: {id}\ntitle: Checkout errors for card payments\n"
        f"type: outage\nstatus: {statuses[-1][1]}\nseverity: {severity}\nservices: {services}\n"
        f"{extra}roles:\n  incident_commander: alice\ntimeline:\n{timeline}"
    )
