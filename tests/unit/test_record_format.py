"""The record format for real incidents (#13): times as known, declared zones, indicators,
sections by alias, the policy's vocabularies. Both sides of each, on the models directly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from incidentctl.config.schema import validate_table
from incidentctl.errors import ConfigError
from incidentctl.load.positions import validate_model
from incidentctl.load.yaml import load
from incidentctl.models.impact import Effect
from incidentctl.models.incident import Incident
from incidentctl.models.security import Indicator, refanged
from incidentctl.models.timeline import TimePrecision, finer_digits, window
from incidentctl.policy.load import load_policy
from incidentctl.rules.postmortem import headings

UTC = dt.UTC
AT = dt.datetime(2017, 1, 31, 23, 0, tzinfo=UTC)


def _record(**extra: Any) -> dict[str, Any]:
    return {
        "schema_version": "1",
        "id": "INC-2017-0131",
        "title": "Database outage",
        "type": "outage",
        "status": "detected",
        **extra,
    }


def _findings(text: str, context: dict[str, Any] | None = None) -> tuple[Any, list[str]]:
    loaded, found = load(text, "incident.yaml")
    assert loaded is not None, found
    model, findings = validate_model(Incident, loaded, "incident.yaml", context)
    return model, [str(f) for f in findings]


def test_a_window_is_the_span_a_time_may_stand_for() -> None:
    day = window(dt.datetime(2017, 1, 31, tzinfo=UTC), TimePrecision.DAY)
    assert day == (
        dt.datetime(2017, 1, 31, tzinfo=UTC),
        dt.datetime(2017, 1, 31, 23, 59, 59, 999999, tzinfo=UTC),
    )
    assert window(AT) == (AT, AT)
    low, high = window(AT, TimePrecision.MINUTE, approximate=True)  # "~23:00"
    assert (low, high) == (
        AT - dt.timedelta(minutes=30),
        AT + dt.timedelta(minutes=30, seconds=59, microseconds=999999),
    )
    low, high = window(AT, TimePrecision.DAY, approximate=True)  # about a day: one day each way
    assert high - low > dt.timedelta(days=2)


@pytest.mark.parametrize(
    ("at", "precision", "finer"),
    [
        (AT, TimePrecision.HOUR, False),
        (AT.replace(minute=17), TimePrecision.HOUR, True),
        (AT.replace(second=5), TimePrecision.MINUTE, True),
        (AT, TimePrecision.DAY, True),
        (AT.replace(hour=0), TimePrecision.DAY, False),
        (AT.replace(microsecond=1), TimePrecision.EXACT, False),
    ],
)
def test_finer_digits(at: dt.datetime, precision: TimePrecision, finer: bool) -> None:
    assert finer_digits(at, precision) is finer


def test_naive_times_are_read_in_the_records_zone() -> None:
    text = """schema_version: 1
id: INC-2018-0228
title: S3 disruption
type: outage
status: detected
timezone: America/Los_Angeles
started_at: 2017-02-28T09:37
timeline:
  - {at: 2017-02-28T09:37, type: status_change, status: detected}
  - {at: 2017-02-28, precision: day, type: observation}
"""
    model, findings = _findings(text)
    assert findings == []
    assert model.started_at == dt.datetime(2017, 2, 28, 17, 37, tzinfo=UTC)  # 9:37AM PST
    assert model.timeline[1].at == dt.datetime(2017, 2, 28, 8, 0, tzinfo=UTC)  # its day in PST


def test_the_repository_zone_is_the_validation_context_and_the_record_comes_first() -> None:
    text = "schema_version: 1\nid: INC-2017-0131\ntitle: Database outage\ntype: outage\nstatus: detected\nstarted_at: 2017-01-31T23:30\n"
    model, findings = _findings(text, {"timezone": "Europe/Berlin"})
    assert findings == []
    assert model.started_at == dt.datetime(2017, 1, 31, 22, 30, tzinfo=UTC)
    model, _ = _findings(text + "timezone: UTC\n", {"timezone": "Europe/Berlin"})
    assert model.started_at == dt.datetime(2017, 1, 31, 23, 30, tzinfo=UTC)
    model, findings = _findings(text)  # no zone anywhere: the naive time stays refused
    assert findings == [
        (
            "incident.yaml:6:13: schema.naive-timestamp 'started_at' needs a time zone, "
            "e.g. 2026-03-04T10:15:00Z or +01:00"
        )
    ]


@pytest.mark.parametrize("local", ["2026-03-08T02:30", "2026-11-01T01:30"])
def test_a_local_time_a_daylight_saving_change_skips_or_repeats_is_refused(local: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Incident.model_validate(_record(timezone="America/New_York", started_at=local))
    assert caught.value.errors()[0]["type"] == "schema.timestamp"


def test_a_date_alone_is_a_time_only_where_it_is_known_to_the_day() -> None:
    ok = Incident.model_validate(
        _record(
            timezone="UTC",
            occurred_at="2022-12-16",
            time_precision={"occurred_at": {"precision": "day"}},
        )
    )
    assert ok.occurred_at == dt.datetime(2022, 12, 16, tzinfo=UTC)
    with pytest.raises(ValidationError):
        Incident.model_validate(_record(timezone="UTC", occurred_at="2022-12-16"))


def test_the_zone_setting_is_checked_like_display_timezone() -> None:
    assert validate_table({"timezone": "America/Los_Angeles"}).timezone == "America/Los_Angeles"
    assert validate_table({}).timezone is None
    with pytest.raises(ConfigError, match="timezone"):
        validate_table({"timezone": "Mars/Olympus_Mons"})


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("ip", "203.0.113.7", True),
        ("ip", "2001:db8::1", True),
        ("ip", "203.0.113.300", False),
        ("cidr", "198.51.100.0/24", True),
        ("domain", "potrax[.]com", True),
        ("domain", "not a domain", False),
        ("hash", "8913e38592228adc067d82f66c150d87004ec946e579d4a00c53b61444ff35bf", True),
        ("hash", "8913e385922", False),
        ("email", "it-support@login-examp1e.com", True),
        ("url", "hxxps://evil[.]example/x", True),
        ("file_path", "/private/tmp/.ptslog", True),
    ],
)
def test_an_indicator_has_the_shape_its_type_says(kind: str, value: str, ok: bool) -> None:
    if ok:
        assert Indicator.model_validate({"type": kind, "value": value}).value == value  # as written
    else:
        with pytest.raises(ValidationError):
            Indicator.model_validate({"type": kind, "value": value})


def test_refanged() -> None:
    assert refanged("hxxps://potrax[.]com") == "https://potrax.com"


@pytest.mark.parametrize("value", ["1.21e9", "5000000", "0.5", "-3", "0"])
def test_an_effect_value_is_a_plain_number(value: str) -> None:
    assert Effect.model_validate({"name": "queries lost", "value": value}).value == float(value)


@pytest.mark.parametrize("value", ["5,000,000", "1_000", "1.21B", "inf", "nan", "0x10", "true"])
def test_an_effect_value_in_another_form_is_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        Effect.model_validate({"name": "queries lost", "value": value})


def test_headings_at_any_level_and_setext_but_not_rules_or_code() -> None:
    body = "Overview\n========\n\ntext\n\n---\n\nImpact\n------\n#### Root Causes\n```\n# Not one\n```\n"
    assert headings(body) == ["overview", "impact", "root causes"]


def test_a_rule_first_in_the_body_or_after_a_code_block_is_no_heading() -> None:
    body = "---\n## Summary\n```\nlog\n```\n---\n## Impact\n"
    assert headings(body) == ["summary", "impact"]


def test_sections_per_severity_and_type(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "postmortem.yaml").write_text(
        "schema_version: 1\nrequired_sections:\n  - Summary\n  - {name: Where we got lucky, severities: [SEV1]}\n"
        "sections_by_type:\n  security: [{name: Containment, aliases: [Eradication]}]\n",
        encoding="utf-8",
    )
    policy = load_policy(tmp_path, "schemas").policy
    assert [s.name for s in policy.required_sections("outage", "SEV1")] == [
        "Summary",
        "Where we got lucky",
    ]
    assert [s.name for s in policy.required_sections("outage", "SEV2")] == ["Summary"]
    assert [s.headings for s in policy.required_sections("security", None)] == [
        ("Containment", "Eradication")
    ]


def test_the_vocabularies_translate_other_tools_names(tmp_path: Path) -> None:
    policy = load_policy(tmp_path, "schemas").policy  # the built-in vocabularies
    assert policy.translate("pagerduty", "states", "triggered") == "detected"
    assert policy.translate("alertmanager", "severities", " Critical ") == "SEV2"
    assert policy.translate("pagerduty", "roles", "incident commander") == "incident_commander"
    assert policy.translate("pagerduty", "severities", "P1") is None
    assert policy.translate("nagios", "states", "CRITICAL") is None
    assert policy.priority_ids == ["P0", "P1", "P2", "P3", "P4"]


@pytest.mark.parametrize(
    ("zone", "value", "rule"),
    [
        ("Pacific/Pago_Pago", "2017-02-30T10:00", "schema.type"),  # no such day
        ("Pacific/Pago_Pago", "9999-12-31T23:59", "schema.timestamp"),  # past UTC's range
    ],
)
def test_a_naive_time_no_zone_can_read_is_a_finding_not_a_crash(
    zone: str, value: str, rule: str
) -> None:
    text = (
        "schema_version: 1\nid: INC-2017-0131\ntitle: Database outage\ntype: outage\n"
        f"status: detected\ntimezone: {zone}\nstarted_at: '{value}'\n"
    )
    model, findings = _findings(text)
    assert model is None
    assert [f.split(": ")[1].split(" ")[0] for f in findings] == [rule]


def test_an_old_time_takes_its_zones_local_mean_time_offset() -> None:
    """1883 in Los Angeles was -7:52:58 (LMT): an offset with seconds, still a valid time."""
    model = Incident.model_validate(
        _record(timezone="America/Los_Angeles", started_at="1883-01-01T12:00")
    )
    assert model.started_at is not None
    assert model.started_at.utcoffset() == -dt.timedelta(hours=7, minutes=52, seconds=58)


CUSTODY = """schema_version: 1
id: INC-2023-1005
title: Credential stuffing
type: security
status: contained
security:
  evidence:
    - description: Failed and successful logins
      location: Exhibit V to counsel's letter
      custodian: 23andMe
      custody:
        - {to: ICO and OPC, at: 2024-10-14T00:00:00Z, reference: %s}
"""


def test_a_handover_says_what_it_was_filed_under() -> None:
    model, findings = _findings(CUSTODY % "Exhibit V")
    assert findings == []
    assert model.security.evidence[0].custody[0].reference == "Exhibit V"


def test_a_handover_reference_is_one_line() -> None:
    _, findings = _findings(CUSTODY % '"Exhibit V\\u0007"')
    assert findings == [
        (
            "incident.yaml:12:66: schema.control-character 'security.evidence[0].custody[0]."
            "reference': holds the invisible control or bidirectional character U+0007; delete it"
            " (such characters can hide or reorder what a reader sees)"
        )
    ]
