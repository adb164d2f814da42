"""``load.salvage``: what is dropped, what is filled, what counts as damaged, and positions."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from incidentctl.load import yaml as yamlsource
from incidentctl.load.salvage import Salvage, names, salvage
from incidentctl.models.incident import Incident
from incidentctl.models.postmortem import Postmortem

RECORD = """\
schema_version: 1
id: INC-2026-0001
title: Checkout errors
type: outage
status: investigating
roles:
  incident_commander: alice
timeline:
  - at: 2026-03-01T10:00:00Z
    type: status_change
    status: detected
  - at: 2026-03-01T10:05:00Z
    type: status_change
    status: investigating
  - at: 2026-03-01T10:09:00Z
    type: observation
    text: Pool exhausted.
"""


def saved(text: str, model: type[Any] = Incident) -> Salvage[Any] | None:
    loaded, findings = yamlsource.load(text, "x")
    assert loaded is not None, findings
    with pytest.raises(ValidationError) as info:
        model.model_validate(loaded.data)
    return salvage(model, loaded, info.value)


def test_an_error_inside_a_list_item_drops_that_item_only() -> None:
    got = saved(RECORD.replace("10:05:00Z", "10:65:00Z"))
    assert got is not None
    assert got.damaged == {("timeline",)}
    assert [e.status for e in got.model.timeline] == ["detected", None]
    # the item after the dropped one is now timeline[1], and points at its own lines
    assert got.loaded.value_pos(("timeline", 1, "text")) == (17, 11)
    assert got.loaded.key_pos(("timeline", 1, "at")) == (15, 5)
    assert got.loaded.value_pos(("timeline", 0, "status")) == (11, 13)


def test_an_error_in_a_nested_list_drops_the_innermost_item() -> None:
    text = RECORD + "impact:\n  description: Slow.\n  regions: [eu-west, EU Central]\n"
    got = saved(text)
    assert got is not None
    assert got.damaged == {("impact", "regions")}
    assert got.model.impact is not None
    assert (got.model.impact.description, got.model.impact.regions) == ("Slow.", ["eu-west"])


def test_a_bad_optional_value_drops_its_key() -> None:
    got = saved(
        RECORD.replace(
            "status: investigating\nroles", "status: investigating\nseverity: SEV 1\nroles"
        )
    )
    assert got is not None
    assert got.damaged == {("severity",)}
    assert got.model.severity is None
    assert got.model.title == "Checkout errors"


def test_a_bad_key_of_a_free_mapping_drops_that_key_only() -> None:
    got = saved(RECORD.replace("roles:\n", "roles:\n  Tech Lead: bob\n"))
    assert got is not None
    assert got.damaged == {("roles", "Tech Lead")}
    assert got.model.roles == {"incident_commander": "alice"}


def test_a_missing_or_bad_required_field_is_filled_with_none() -> None:
    missing = saved(RECORD.replace("title: Checkout errors\n", ""))
    bad = saved(RECORD.replace("id: INC-2026-0001", "id: inc-1"))
    assert missing is not None
    assert bad is not None
    assert (missing.damaged, missing.model.title) == (frozenset({("title",)}), None)
    assert (bad.damaged, bad.model.id) == (frozenset({("id",)}), None)
    assert isinstance(bad.model, Incident)  # a subclass: every rule's type still holds
    assert bad.model.status == "investigating"


def test_a_nested_mapping_missing_a_field_is_dropped_whole() -> None:
    got = saved(RECORD + "detection:\n  alert: checkout-5xx\n")
    assert got is not None
    assert (got.damaged, got.model.detection) == (frozenset({("detection",)}), None)


def test_an_unknown_key_damages_the_absent_field_it_may_mean() -> None:
    typo = saved(RECORD + "sevrity: SEV1\n")
    other = saved(RECORD + "xyzzy: x\n")
    assert typo is not None
    assert other is not None
    assert typo.damaged == {("sevrity",), ("severity",)}
    assert other.damaged == {("xyzzy",)}


def test_the_front_matter_of_a_postmortem() -> None:
    text = "schema_version: 1\nincident: INC-2026-0001\nstatus: drafted\nowner: alice\n"
    got = saved(text + "approvers: [bob, Carol King]\n", Postmortem)
    assert got is not None
    assert got.damaged == {("status",), ("approvers",)}
    assert (got.model.status, got.model.approvers, got.model.owner) == (None, ["bob"], "alice")


class _Whole(BaseModel):  # not a StrictModel: the models' own tests enumerate those
    model_config = ConfigDict(extra="forbid")
    a: int
    b: int = 0

    @model_validator(mode="after")
    def _about_the_whole(self) -> _Whole:
        if self.a < 0:
            raise ValueError("a whole-document rule")
        return self


class _Needy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: str
    b: str = ""

    @model_validator(mode="after")
    def _reads_a(self) -> _Needy:
        self.a.upper()  # a validator that assumes the required field is there
        return self


def test_nothing_is_salvaged_from_an_error_about_the_whole_document() -> None:
    assert saved("a: '-1'\n", _Whole) is None


def test_nothing_is_salvaged_when_a_validator_needs_a_filled_field() -> None:
    assert saved("b: x\n", _Needy) is None


def test_names_leave_out_list_indexes() -> None:
    assert names(("timeline", 3, "at")) == ("timeline", "at")
