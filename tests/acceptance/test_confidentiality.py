"""A restricted record's content never reaches output that could be public (CI logs, JSON,
annotations): messages name rules, field paths, positions and the policy's vocabulary only."""

from __future__ import annotations

import pytest

from conftest import CliRunner, GitRepo

CANARY = "zqxcanary"
RECORD = f"""schema_version: 1
id: INC-2026-0001
title: Leaked {CANARY} credentials in the payroll export
summary: The {CANARY} secret was in a public bucket.
type: security
status: {CANARY}state
severity: {CANARY.upper()}
services: [{CANARY}-svc]
roles:
  incident_commander: {CANARY}-person
impact:
  customers_affected: {CANARY}
  slo_breached: {CANARY}
relations:
  related: [INC-2099-{CANARY[:4]}]
  duplicate_of: INC-2099-9999
  playbooks_used: [{CANARY}-pb]
timeline:
  - at: 2026-03-01T10:00:00Z
    type: status_change
    status: reported
    text: {CANARY} found in logs
  - at: 2026-03-01T09:00:00Z
    type: status_change
    status: {CANARY}state
  - at: 2026-03-01T11:00:00
    type: {CANARY}type
action_items:
  - id: INC-2026-0001-AI-1
    title: Rotate the {CANARY} key
    type: prevent
    status: {CANARY}
"""
POSTMORTEM = f"""---
schema_version: 1
incident: INC-2026-0001
status: draft
owner: {CANARY}-owner
contributing_factors:
  - category: {CANARY}-cat
    description: {CANARY}
---

# {CANARY}
"""
REC = "incidents/INC-2026-0001/incident.yaml"


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_output_never_echoes_restricted_content(
    cli: CliRunner, git_repo: GitRepo, fmt: str
) -> None:
    git_repo.write({REC: RECORD, "incidents/INC-2026-0001/postmortem.md": POSTMORTEM,
                    "schemas/services.yaml": "schema_version: 1\nservices:\n  - id: payroll\n    name: Payroll\n"})  # fmt: skip
    run = cli("validate", "--repo", git_repo.path, "--format", fmt)
    assert run.code == 1
    assert run.out.count("\n") >= 8, run.out  # many rules fired
    assert CANARY not in (run.out + run.err).lower()
    assert "9999" not in run.out


def test_check_output_never_echoes_restricted_content(cli: CliRunner, git_repo: GitRepo) -> None:
    clean = RECORD.replace(CANARY, "x")  # a base version, then the canary edit on a branch
    git_repo.commit("base", {REC: clean})
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.commit("edit", {REC: RECORD, "incidents/INC-2026-0001/postmortem.md": POSTMORTEM})
    for fmt in ("text", "json", "github"):
        run = cli("check", "--base", "main", "--repo", git_repo.path, "--format", fmt)
        assert run.code == 1
        assert CANARY not in (run.out + run.err).lower()
