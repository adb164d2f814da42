"""Salvage seen from the command line (#11): rules run on the rest of a record that fails the
schema, and every command that uses a record as a record still sees one that failed."""

from __future__ import annotations

from pathlib import Path

from conftest import CliRunner, GitRepo, run_subprocess

FOLDER = "incidents/INC-2026-0003"
REC = f"{FOLDER}/incident.yaml"
PM = f"{FOLDER}/postmortem.md"
# Two schema errors in the record, one in the front matter; rule problems elsewhere in each.
RECORD_EDITS = (
    ("started_at: 2026-03-10T12:06:00Z", "started_at: 2026-03-10 12:06"),
    ("    audience: executives\n", "    audience: execs\n"),
    ("web-storefront, mobile-api]", "web-store, mobile-api]"),
    ("    completed_at: 2026-04-02T10:30:00Z\n", ""),
    ("  related: [INC-2025-0042]", "  related: [INC-2025-0042, INC-2026-0003]"),
    ("    due: 2026-06-12\n", "    due: 2026-03-01\n"),
)
POSTMORTEM_EDITS = (
    ("meeting_at: 2026-03-13T14:00:00Z", "meeting_at: March 13, 14:00"),
    ("  - category: monitoring\n", "  - category: observability\n"),
    ("## Where we got lucky", "## Lucky breaks"),
)
EXPECTED = """\
incidents/INC-2026-0003/incident.yaml:14:37: ref.unknown-service not in the service catalog (schemas/services.yaml); did you mean 'web-storefront'?
incidents/INC-2026-0003/incident.yaml:25:13: schema.naive-timestamp 'started_at' needs a time zone, e.g. 2026-03-04T10:15:00Z or +01:00
incidents/INC-2026-0003/incident.yaml:114:15: schema.enum 'updates[1].audience': did you mean 'executives'? input should be 'internal', 'customers' or 'executives'
incidents/INC-2026-0003/incident.yaml:129:13: action-item.completed-at-missing a done action item needs completed_at
incidents/INC-2026-0003/incident.yaml:156:10: action-item.due-before-created due is earlier than created_at
incidents/INC-2026-0003/incident.yaml:169:28: ref.self-reference an incident cannot refer to itself
incidents/INC-2026-0003/postmortem.md:9:13: schema.timestamp 'meeting_at': write an ISO 8601 timestamp with a time zone, e.g. 2026-11-26T06:20:00Z or 2026-11-26T07:20:00+01:00
incidents/INC-2026-0003/postmortem.md:17:15: ref.unknown-factor unknown contributing-factor category; expected one of: capacity, change, dependency, hardware, human-factors, monitoring, process, security, software-defect, time
incidents/INC-2026-0003/postmortem.md:21:1: postmortem.missing-section the body needs a '## Where we got lucky' section
"""


def _edit(path: Path, edits: tuple[tuple[str, str], ...]) -> None:
    text = path.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text)


def test_schema_errors_no_longer_hide_the_rest_of_a_real_record(archive: Path) -> None:
    _edit(archive / REC, RECORD_EDITS)
    _edit(archive / PM, POSTMORTEM_EDITS)
    summary = "failed: 2 files checked, 9 errors, 0 warnings\n"
    cold = run_subprocess("validate", "--no-cache", FOLDER, cwd=archive)
    assert (cold.code, cold.out, cold.err) == (1, EXPECTED + summary, "")
    for _ in range(2):  # the run that fills the cache, then a warm one: the same answer
        run = run_subprocess("validate", FOLDER, cwd=archive)
        assert (run.code, run.out, run.err) == (cold.code, cold.out, cold.err)


def test_transition_still_refuses_a_record_with_a_schema_error(
    cli: CliRunner, archive: Path
) -> None:
    # the salvaged record would be movable; the record itself is not, as before salvage
    _edit(archive / REC, RECORD_EDITS[:2])
    before = (archive / REC).read_bytes()
    run = cli("transition", "INC-2026-0003", "--to", "investigating", "--repo", archive)
    assert (run.code, run.out, run.err.splitlines()) == (
        1,
        "",
        [
            (
                f"{REC}:25:13: schema.naive-timestamp 'started_at' needs a time zone, e.g. "
                "2026-03-04T10:15:00Z or +01:00"
            ),
            (
                f"{REC}:114:15: schema.enum 'updates[1].audience': did you mean 'executives'? input "
                "should be 'internal', 'customers' or 'executives'"
            ),
            f"{REC}:1:1: transition.refused fix the record first",
            f"incidentctl: nothing written; {REC} is unchanged",
        ],
    )
    assert (archive / REC).read_bytes() == before


BASE_RECORD = """\
schema_version: 1
id: INC-2026-0001
title: Checkout errors for card payments
type: outage
status: investigating
severity: SEV2
services: [checkout]
roles:
  incident_commander: alice
timeline:
  - at: 2026-03-01T10:00:00Z
    type: status_change
    status: detected
    text: Paged.
  - at: 2026-03-01T10:05:00Z
    type: status_change
    status: investigating
"""
ONE = "incidents/INC-2026-0001/incident.yaml"


def test_check_compares_no_history_with_a_record_that_failed(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    git_repo.commit("open", {ONE: BASE_RECORD})
    git_repo.git("checkout", "-q", "-b", "edit")
    # rewrites a recorded entry (history refuses that of a record that loads), breaks the
    # title (schema) and makes the status disagree with the timeline (a rule, on the salvage)
    head = (
        BASE_RECORD.replace("text: Paged.", "text: Paged twice.")
        .replace("title: Checkout errors for card payments", "title: ab")
        .replace("status: investigating\nseverity", "status: mitigated\nseverity")
    )
    git_repo.commit("edit", {ONE: head})
    lines = [
        f"{ONE}:3:8: schema.type 'title': string should have at least 3 characters",
        (
            f"{ONE}:5:9: timeline.status-mismatch status must equal the last status_change in the "
            "timeline (line 17)"
        ),
    ]
    run = cli("check", "--base", "main", "--repo", git_repo.path)
    assert (run.code, run.out.splitlines()[:-1]) == (1, lines)
    # the same findings as validate's: the history comparison saw no record, as before
    valid = cli("validate", "--no-cache", "--repo", git_repo.path)
    assert valid.out.splitlines()[:-1] == lines
    # and with the title fixed, the record loads and history refuses the rewrite
    fixed = head.replace("title: ab", "title: Checkout errors for card payments")
    git_repo.commit("fix", {ONE: fixed})
    again = cli("check", "--base", "main", "--repo", git_repo.path)
    assert "history." in again.out
