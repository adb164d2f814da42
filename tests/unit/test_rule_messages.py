"""Small rule outputs pinned exactly: where an unresolved reference is reported, how an unknown
service is described around the twelve-name limit, and that merging keeps "nothing checked"."""

from __future__ import annotations

import datetime as dt

from conftest import REPO
from incidentctl.config import Settings
from incidentctl.load.documents import ArchiveIndex
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource
from incidentctl.policy.load import load_policy
from incidentctl.rules.check import check_unit
from incidentctl.rules.context import Context
from incidentctl.rules.incident import service_message
from incidentctl.rules.results import CheckResult
from incidentctl.suggest import SHOWN


def test_an_unresolved_reference_is_reported_at_its_value() -> None:
    # INC-2025-0042 names INC-2026-0003 under relations.related; an index without it makes
    # the reference unresolved, and check_unit must point at the value, not at line 0.
    ctx = Context(
        load_policy(FsSource(REPO), "schemas").policy,
        ArchiveIndex(frozenset({"INC-2025-0042"}), frozenset()),
        Settings(),
        dt.date(2026, 11, 27),
    )
    unit, _ = load_unit(FsSource(REPO), Settings(), "INC-2025-0042")
    refs = [f for f in check_unit(unit, ctx) if f.rule_id == "ref.unknown-incident"]
    assert [(f.line, f.col) for f in refs] == [(105, 13)]


def names(n: int) -> frozenset[str]:
    return frozenset(f"svc-{chr(ord('a') + i)}" for i in range(n))


def test_a_catalog_of_exactly_twelve_is_listed_whole() -> None:
    assert SHOWN == 12
    listed = ", ".join(sorted(names(12)))
    assert service_message("warehouse", names(12)) == (
        f"not in the service catalog (schemas/services.yaml: {listed})"
    )


def test_a_catalog_of_thirteen_is_not_listed() -> None:
    assert service_message("warehouse", names(13)) == (
        "not in the service catalog (schemas/services.yaml)"
    )


def test_a_close_service_is_suggested_after_a_semicolon() -> None:
    assert service_message("svc-q", frozenset({"svc-a", "payments"})) == (
        "not in the service catalog (schemas/services.yaml: payments, svc-a); did you mean 'svc-a'?"
    )


def test_merging_keeps_why_nothing_was_checked() -> None:
    why = "no incident folders"
    assert CheckResult([], 0, why).merged(CheckResult()).nothing == why
    assert CheckResult().merged(CheckResult([], 0, why)).nothing == why
    assert CheckResult().merged(CheckResult()).nothing is None
