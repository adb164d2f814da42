"""A small hand-made archive for the report tests, with every expectation computed by hand.

As of 2028-03-01 (a Wednesday) in Europe/Berlin; 2028-02-29 is a leap day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from incidentctl.models.incident import Incident
from incidentctl.models.postmortem import Postmortem
from incidentctl.policy.load import load_policy
from incidentctl.policy.value import Policy
from incidentctl.report import IncidentFacts, facts_of, zone

AS_OF = dt.date(2028, 3, 1)
TZ = zone("Europe/Berlin")


def _changes(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"at": at, "type": "status_change", "status": s} for s, at in pairs]


def _item(n: int, inc: str, **kw: Any) -> dict[str, Any]:
    base = {"id": f"{inc}-AI-{n}", "title": f"Item {n} of {inc}", "type": "prevent"}
    return {**base, **kw}


A = "INC-2028-0001"
B = "INC-2028-0002"
C = "INC-2028-0003"

RECORDS: list[dict[str, Any]] = [
    {  # SEV1, in postmortem; six items covering every outcome
        "id": A,
        "type": "outage",
        "status": "postmortem",
        "severity": "SEV1",
        "visibility": "public",
        "services": ["checkout-api"],
        "started_at": "2028-02-25T08:00:00Z",
        "timeline": _changes(
            ("detected", "2028-02-25T08:10:00Z"),
            ("investigating", "2028-02-25T08:20:00Z"),
            ("mitigated", "2028-02-25T09:00:00Z"),
            ("resolved", "2028-02-25T10:00:00Z"),
            ("postmortem", "2028-02-26T09:00:00Z"),
        ),
        "action_items": [
            _item(1, A, owner="ana", team="team-a", status="open", due="2028-03-01"),
            _item(
                2,
                A,
                owner="ana",
                team="team-a",
                status="in_progress",
                due="2028-02-29",
                priority_action=True,
                created_at="2028-02-26T10:00:00Z",
            ),
            # completed 23:30Z on the 28th: the 29th in Berlin, a day late
            _item(
                3,
                A,
                owner="bo",
                team="team-b",
                status="done",
                due="2028-02-28",
                priority_action=True,
                completed_at="2028-02-28T23:30:00Z",
            ),
            _item(
                4,
                A,
                owner="bo",
                team="team-b",
                status="done",
                due="2028-03-10",
                priority_action=True,
                completed_at="2028-02-27T10:00:00Z",
            ),
            _item(
                5,
                A,
                owner="bo",
                team="team-b",
                status="wont_do",
                due="2028-02-01",
                priority_action=True,
            ),
            _item(6, A, status="blocked", due="2028-01-31", tracker="https://t.example.com/6"),
        ],
    },
    {  # SEV2, restricted, closed; began 23:30 in Berlin on 31 January; never "mitigated"
        "id": B,
        "type": "degradation",
        "status": "closed",
        "severity": "SEV2",
        "visibility": "restricted",
        "services": ["checkout-api", "search"],
        "started_at": "2028-01-31T22:30:00Z",
        "timeline": _changes(
            ("detected", "2028-01-31T22:40:00Z"),
            ("investigating", "2028-01-31T22:50:00Z"),
            ("resolved", "2028-02-01T02:30:00Z"),
            ("closed", "2028-02-03T10:00:00Z"),
        ),
        "action_items": [
            _item(
                1,
                B,
                title="Rotate the leaked signing key",
                owner="cy",
                team="team-a",
                status="open",
                due="2028-02-15",
                tracker="https://t.example.com/SECRET-1",
            ),
            _item(2, B, status="done"),  # no owner, no due date, on a closed record
        ],
    },
    {  # SEV2, began on the leap day at 23:30Z: 1 March in Berlin
        "id": C,
        "type": "outage",
        "status": "resolved",
        "severity": "SEV2",
        "services": ["search"],
        "started_at": "2028-02-29T23:30:00Z",
        "timeline": _changes(
            ("detected", "2028-02-29T23:35:00Z"),
            ("investigating", "2028-02-29T23:40:00Z"),
            ("mitigated", "2028-03-01T00:30:00Z"),
            ("resolved", "2028-03-01T01:30:00Z"),
        ),
    },
    {  # a near miss: excluded from metrics by its type
        "id": "INC-2028-0004",
        "type": "near_miss",
        "status": "closed",
        "severity": "SEV4",
        "started_at": "2028-02-10T10:00:00Z",
        "timeline": _changes(
            ("detected", "2028-02-10T10:05:00Z"),
            ("investigating", "2028-02-10T10:10:00Z"),
            ("resolved", "2028-02-10T11:00:00Z"),
            ("closed", "2028-02-11T11:00:00Z"),
        ),
    },
    {  # a duplicate: ended without being resolved
        "id": "INC-2028-0005",
        "type": "outage",
        "status": "duplicate",
        "severity": "SEV3",
        "started_at": "2028-02-12T10:00:00Z",
        "timeline": _changes(
            ("detected", "2028-02-12T10:05:00Z"), ("duplicate", "2028-02-12T10:20:00Z")
        ),
    },
    {  # SEV3 investigating since 22:00Z on 27 Feb: 73 h by the end of 1 March in Berlin
        "id": "INC-2028-0006",
        "type": "outage",
        "status": "investigating",
        "severity": "SEV3",
        "services": ["search"],
        "started_at": "2028-02-27T21:00:00Z",
        "timeline": _changes(
            ("detected", "2028-02-27T21:30:00Z"),
            ("investigating", "2028-02-27T22:00:00Z"),
        ),
    },
]

POSTMORTEMS = {
    A: {
        "incident": A,
        "status": "draft",
        "owner": "ana",
        "contributing_factors": [
            {"category": "change", "description": "x"},
            {"category": "change", "description": "y"},
            {"category": "monitoring", "description": "z"},
        ],
    },
    C: None,
}


def policy(tmp_path: Path) -> Policy:
    """The built-in policy (an empty repository has no policy files of its own)."""
    return load_policy(tmp_path, "schemas").policy


def facts(tmp_path: Path) -> list[IncidentFacts]:
    pol = policy(tmp_path)
    out = []
    for rec in RECORDS:
        data = {"schema_version": 1, "title": f"Title of {rec['id']}", **rec}
        incident = Incident.model_validate(data)
        pm_data = POSTMORTEMS.get(rec["id"])
        pm = Postmortem.model_validate({"schema_version": 1, **pm_data}) if pm_data else None
        out.append(facts_of(incident, pm, pol))
    return out
