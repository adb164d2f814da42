"""A repository as a responder team has it: a roster, a service catalog, one open incident."""

from __future__ import annotations

from conftest import GitRepo
from records import SCHEMA_COMMENT, outage_record

ROSTER = """\
schema_version: 1
people:
  - handle: alice
    name: Alice Ng
    email: alice.ng@corp.example
    teams: [payments]
  - handle: bob
    name: Bob Li
    email: bob@corp.example
    teams: [payments]
  - handle: carol
    name: Carol Xu
    email: carol@corp.example
    teams: [platform]
teams:
  - id: payments
    escalation: [bob, alice]
  - id: platform
    escalation: [carol]
"""
SERVICES = """\
schema_version: 1
services:
  - id: checkout
    name: Checkout
  - id: payments-gateway
    name: Payments gateway
"""
REC = "incidents/INC-2026-0001/incident.yaml"
RECORD = outage_record(head=SCHEMA_COMMENT, services="[checkout]  # the catalog's name")


def team_repo(repo: GitRepo, record: str | None = RECORD) -> GitRepo:
    files: dict[str, str | bytes | None] = {
        "schemas/people.yaml": ROSTER, "schemas/services.yaml": SERVICES,
    }  # fmt: skip
    if record is not None:
        files[REC] = record
    repo.commit("the team's repository", files)
    return repo
