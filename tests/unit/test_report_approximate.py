"""Metrics say when an input was known only roughly (#13): an approximate or coarse start or
status change marks the incident, and its figures, as approximate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from incidentctl.models.incident import Incident
from incidentctl.policy.load import load_policy
from incidentctl.report import facts_of, metrics_report, zone
from incidentctl.report.rows import decode, encode


def incident(top: dict[str, Any] | None = None, **changes: dict[str, Any]) -> Incident:
    timeline = [
        {"at": "2026-03-01T10:05:00Z", "type": "status_change", "status": "detected"},
        {"at": "2026-03-01T10:10:00Z", "type": "status_change", "status": "investigating"},
        {"at": "2026-03-01T11:00:00Z", "type": "status_change", "status": "resolved"},
    ]
    for i, extra in changes.items():
        timeline[int(i[1:])] |= extra
    return Incident.model_validate(
        {"schema_version": 1, "id": "INC-2026-0001", "title": "Checkout errors", "type": "outage",
         "status": "resolved", "severity": "SEV2", "started_at": "2026-03-01T10:00:00Z",
         "timeline": timeline, **(top or {})}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "inexact"),
    [
        ({}, ()),
        # resolved straight from investigating: mitigated then too, just as roughly
        ({"e2": {"approximate": True}}, ("mitigated", "resolved")),
        ({"e0": {"at": "2026-03-01T10:00:00Z", "precision": "hour"}}, ("detected",)),
        # an exact later change does not make the earlier milestones rough
        ({"e1": {"precision": "minute"}}, ()),
    ],
)
def test_rough_inputs_are_named(
    tmp_path: Path, changes: dict[str, Any], inexact: tuple[str, ...]
) -> None:
    policy = load_policy(tmp_path, "schemas").policy
    facts = facts_of(incident(**changes), None, policy)
    assert facts.inexact == inexact
    assert decode(encode(facts)) == facts  # the warm cache keeps it
    report = metrics_report([facts], zone("UTC"))
    assert report.approximate == (("INC-2026-0001",) if inexact else ())


def test_a_rough_start_is_named(tmp_path: Path) -> None:
    policy = load_policy(tmp_path, "schemas").policy
    inc = incident({"time_precision": {"started_at": {"approximate": True}}})
    assert facts_of(inc, None, policy).inexact == ("started_at",)
