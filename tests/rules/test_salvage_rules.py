"""A schema error in one field hides only the checks that read it (#11).

Each case is a small repository validated in-process; every expected line is exact. The
"consequence" cases are the other side: a rule finding that would follow only from the
dropped part must not appear (each fails when the gate in rules.gate is broken).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.config import load_settings
from incidentctl.runs.validate import run_validate

TODAY = dt.date(2026, 11, 27)
REC = "incidents/INC-2026-0001/incident.yaml"
PM = "incidents/INC-2026-0001/postmortem.md"
HEAD = """\
schema_version: 1
id: INC-2026-0001
title: Checkout errors for card payments
type: outage
"""
DETECTED = """\
  - at: 2026-03-01T10:00:00Z
    type: status_change
    status: detected
"""
INVESTIGATING = """\
  - at: 2026-03-01T10:05:00Z
    type: status_change
    status: investigating
"""
SECTIONS = "".join(
    f"## {s}\n\nText.\n\n"
    for s in (
        "Summary", "Impact", "Timeline", "Contributing factors", "What went well",
        "What went wrong", "Where we got lucky", "Action items",
    )
)  # fmt: skip
PATTERN_HANDLE = (
    "expected a handle such as ahmed.nasser: lower-case letters, digits, '.', '_' or '-' "
    "(at most 64), not a display name or an e-mail address"
)


def validate(tmp_path: Path, files: dict[str, str]) -> list[str]:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    result = run_validate(tmp_path, load_settings(tmp_path), [], today=TODAY)
    return [str(f) for f in result.findings]


def record(status: str, middle: str, timeline: str) -> str:
    return f"{HEAD}status: {status}\n{middle}timeline:\n{timeline}"


def test_a_schema_error_and_a_rule_problem_in_other_fields_are_both_reported(
    tmp_path: Path,
) -> None:
    # the title is too short (schema); the status disagrees with the timeline (a rule)
    text = record(
        "mitigated",
        "severity: SEV2\nservices: [checkout]\nroles:\n  incident_commander: alice\n",
        DETECTED + INVESTIGATING,
    ).replace("title: Checkout errors for card payments", "title: ab")
    assert validate(tmp_path, {REC: text}) == [
        f"{REC}:3:8: schema.type 'title': string should have at least 3 characters",
        (
            f"{REC}:5:9: timeline.status-mismatch status must equal the last status_change in the "
            "timeline (line 16)"
        ),
    ]


def test_a_dropped_timeline_entry_never_makes_an_illegal_transition(tmp_path: Path) -> None:
    # without its investigating entry (a bad time) the path would read detected -> mitigated
    bad = INVESTIGATING.replace("2026-03-01T10:05:00Z", "2026-03-01T10:65:00Z")
    mitigated = "  - at: 2026-03-01T10:30:00Z\n    type: status_change\n    status: mitigated\n"
    text = record(
        "mitigated",
        "severity: SEV2\nservices: [checkout]\nroles:\n  incident_commander: alice\n",
        DETECTED + bad + mitigated,
    )
    assert validate(tmp_path, {REC: text}) == [
        (
            f"{REC}:14:9: schema.type 'timeline[1].at': input should be a valid datetime or date, "
            "unexpected extra characters at the end of the input"
        ),
    ]


def test_rules_on_intact_fields_still_run_beside_a_dropped_timeline_entry(
    tmp_path: Path,
) -> None:
    bad = INVESTIGATING.replace("2026-03-01T10:05:00Z", "2026-03-01T10:65:00Z")
    items = (
        "action_items:\n  - id: INC-2026-0001-AI-1\n    title: Add an alert\n"
        "    type: detect\n    status: done\n"
    )
    text = record("investigating", "severity: SEV2\n", DETECTED + bad) + items
    assert validate(tmp_path, {REC: text}) == [
        (
            f"{REC}:11:9: schema.type 'timeline[1].at': input should be a valid datetime or date, "
            "unexpected extra characters at the end of the input"
        ),
        f"{REC}:18:13: action-item.completed-at-missing a done action item needs completed_at",
    ]


def test_a_misspelt_key_hides_the_checks_of_the_field_it_meant(tmp_path: Path) -> None:
    # 'severty' is unknown; 'investigating' requires a severity, but the file meant one
    text = record(
        "investigating",
        "severty: SEV2\nservices: [checkout]\nroles:\n  incident_commander: alice\n",
        DETECTED + INVESTIGATING,
    )
    assert validate(tmp_path, {REC: text}) == [
        (
            f"{REC}:6:1: schema.unknown-field this key is not a field of this file; did you mean "
            "'severity'? check its spelling (see schemas/)"
        ),
    ]


def test_an_unknown_key_hides_nothing_else(tmp_path: Path) -> None:
    text = record(
        "investigating",
        "notes: x\nservices: [checkout]\nroles:\n  incident_commander: alice\n",
        DETECTED + INVESTIGATING,
    )
    assert validate(tmp_path, {REC: text}) == [
        f"{REC}:5:9: lifecycle.required-field state 'investigating' requires severity; fill it in",
        # 'roles' is the closest field, but it is there: nothing is taken as meant
        (
            f"{REC}:6:1: schema.unknown-field this key is not a field of this file; did you mean "
            "'roles'? check its spelling (see schemas/)"
        ),
    ]


def test_a_damaged_required_field_of_a_state_hides_the_lifecycle_checks(tmp_path: Path) -> None:
    # the incident commander is a display name; the status also disagrees with the timeline,
    # but the lifecycle check reads roles.incident_commander (required from 'investigating')
    text = record(
        "mitigated",
        "severity: SEV2\nservices: [checkout]\nroles:\n  incident_commander: Alice Smith\n",
        DETECTED + INVESTIGATING,
    )
    assert validate(tmp_path, {REC: text}) == [
        f"{REC}:9:23: schema.pattern 'roles.<key>': {PATTERN_HANDLE}",
    ]


def test_a_future_time_after_a_dropped_entry_is_reported_at_its_own_line(tmp_path: Path) -> None:
    bad = INVESTIGATING.replace("2026-03-01T10:05:00Z", "yesterday")
    future = "  - at: 2999-01-01T00:00:00Z\n    type: observation\n    text: Later.\n"
    text = record("investigating", "severity: SEV2\n", DETECTED + bad + future)
    assert validate(tmp_path, {REC: text}) == [
        (
            f"{REC}:11:9: schema.timestamp 'timeline[1].at': write an ISO 8601 timestamp with a "
            "time zone, e.g. 2026-11-26T06:20:00Z or 2026-11-26T07:20:00+01:00"
        ),
        (
            f"{REC}:14:9: time.future is later than now (allowing 5 minutes of clock skew); write "
            "when it happened, with its time zone"
        ),
    ]


PM_TEXT = f"""\
---
schema_version: 1
incident: INC-2026-0001
status: in_review
owner: alice
---

# Postmortem

{SECTIONS}"""
POSTMORTEM_STATE = record(
    "postmortem",
    "severity: SEV2\nservices: [checkout]\nimpact:\n  description: Card payments failed.\n"
    "roles:\n  incident_commander: alice\n",
    DETECTED
    + INVESTIGATING
    + "  - at: 2026-03-01T10:35:00Z\n    type: status_change\n    status: resolved\n"
    + "  - at: 2026-03-02T09:00:00Z\n    type: status_change\n    status: postmortem\n",
)


def test_the_fixtures_are_valid(tmp_path: Path) -> None:
    assert validate(tmp_path, {REC: POSTMORTEM_STATE, PM: PM_TEXT}) == []


def test_front_matter_schema_error_and_a_rule_problem_are_both_reported(tmp_path: Path) -> None:
    pm = PM_TEXT.replace("owner: alice", "owner: Alice Smith").replace(
        "incident: INC-2026-0001", "incident: INC-2026-0002"
    )
    assert validate(
        tmp_path, {REC: POSTMORTEM_STATE, PM: pm.replace("## Impact", "## Effect")}
    ) == [
        (
            f"{PM}:3:11: postmortem.incident-mismatch incident must name its folder's incident "
            "'INC-2026-0001'"
        ),
        f"{PM}:5:8: schema.pattern 'owner': {PATTERN_HANDLE}",
        f"{PM}:7:1: postmortem.missing-section the body needs a '## Impact' section",
    ]


def test_a_dropped_approver_never_makes_an_approver_finding(tmp_path: Path) -> None:
    # approved needs an approver other than the owner: the only one listed is malformed
    pm = PM_TEXT.replace("status: in_review", "status: approved\napprovers: [Bob Jones]")
    assert validate(tmp_path, {REC: POSTMORTEM_STATE, PM: pm}) == [
        f"{PM}:5:13: schema.pattern 'approvers[0]': {PATTERN_HANDLE}",
    ]


def test_a_damaged_front_matter_status_hides_the_how_far_along_check(tmp_path: Path) -> None:
    # 'closed' needs an approved postmortem; the status is misspelt, so nobody knows how far
    closed = POSTMORTEM_STATE.replace("status: postmortem\nseverity", "status: closed\nseverity")
    closed += "  - at: 2026-03-09T09:00:00Z\n    type: status_change\n    status: closed\n"
    closed = closed.replace("type: outage\n", "type: outage\nresolution: Fixed.\n")
    pm = PM_TEXT.replace("status: in_review", "status: aproved\napprovers: [bob]")
    lines = validate(tmp_path, {REC: closed, PM: pm})
    assert lines == [
        (
            f"{PM}:4:9: schema.enum 'status': did you mean 'approved'? input should be 'draft', "
            "'in_review', 'approved' or 'published'"
        ),
    ]
    # the other side: the same record with a draft postmortem that validates is refused
    assert validate(tmp_path, {PM: PM_TEXT}) == [
        (
            f"{REC}:6:9: postmortem.status-too-early state 'closed' needs the postmortem to be at "
            "least approved"
        ),
    ]


def test_a_salvaged_record_still_says_when_a_postmortem_is_needed(tmp_path: Path) -> None:
    text = POSTMORTEM_STATE.replace("title: Checkout errors for card payments", "title: ab")
    assert validate(tmp_path, {REC: text}) == [
        f"{REC}:3:8: schema.type 'title': string should have at least 3 characters",
        (
            f"{REC}:5:9: postmortem.required state 'postmortem' needs a postmortem "
            f"({PM}), at least draft"
        ),
    ]


def test_a_damaged_severity_hides_whether_a_postmortem_is_needed(tmp_path: Path) -> None:
    text = POSTMORTEM_STATE.replace("severity: SEV2", "severity: SEV 2")
    assert validate(tmp_path, {REC: text}) == [
        (
            f"{REC}:6:11: schema.pattern 'severity': string should match pattern "
            "'^[A-Za-z0-9_-]{1,16}$'"
        ),
    ]


def test_front_matter_damaged_elsewhere_still_says_the_postmortem_is_too_early(
    tmp_path: Path,
) -> None:
    # the owner is broken, the status is intact: 'closed' needs an approved postmortem
    closed = POSTMORTEM_STATE.replace("status: postmortem\nseverity", "status: closed\nseverity")
    closed += "  - at: 2026-03-09T09:00:00Z\n    type: status_change\n    status: closed\n"
    pm = PM_TEXT.replace("owner: alice", "owner: Alice Smith")
    assert validate(tmp_path, {REC: closed, PM: pm}) == [
        (
            f"{REC}:5:9: postmortem.status-too-early state 'closed' needs the postmortem to be at "
            "least approved"
        ),
        f"{PM}:5:8: schema.pattern 'owner': {PATTERN_HANDLE}",
    ]


def test_a_damaged_type_hides_whether_a_postmortem_is_needed(tmp_path: Path) -> None:
    # a type decides whether a postmortem is needed at all (always, never, by severity)
    text = POSTMORTEM_STATE.replace("type: outage", "type: Outage")
    assert validate(tmp_path, {REC: text}) == [
        (
            f"{REC}:4:7: schema.pattern 'type': string should match pattern "
            "'^[a-z0-9][a-z0-9_.-]{0,63}$'"
        ),
    ]


def test_a_damaged_lifecycle_hides_whether_a_postmortem_is_needed(tmp_path: Path) -> None:
    # the lifecycle named on the record decides which states need a postmortem
    text = POSTMORTEM_STATE.replace("type: outage", "type: outage\nlifecycle: Outage")
    assert validate(tmp_path, {REC: text}) == [
        (
            f"{REC}:5:12: schema.pattern 'lifecycle': string should match pattern "
            "'^[a-z0-9][a-z0-9_.-]{0,63}$'"
        ),
    ]


def test_values_of_a_salvaged_record_are_scanned_as_yaml_reads_them(tmp_path: Path) -> None:
    # a password folded across two lines is seen in the value only, not on either line
    folded = "    text: >\n      The admin password is\n      Tr0ub4dor&3, shared in chat.\n"
    text = record("investigating", "severity: SEV2\n", DETECTED + folded + INVESTIGATING)
    assert validate(tmp_path, {REC: text.replace("type: outage", "type: Outage")}) == [
        (
            f"{REC}:4:7: schema.pattern 'type': string should match pattern "
            "'^[a-z0-9][a-z0-9_.-]{0,63}$'"
        ),
        (
            f"{REC}:11:11: secret.password looks like a password in this value as YAML reads it "
            "(escapes decoded, lines joined); remove it (and change it)"
        ),
    ]
