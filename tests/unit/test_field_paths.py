"""``rules.fields.is_known``: which field paths a lifecycle's ``requires`` or changes.yaml may name.

A table of paths through ``Incident``: through Optional models, lists with and without ``[]``,
the free keys under a dict field, and Annotated scalars. The policy cases under tests/data only
name a plain unknown field; this pins every kind of step.
"""

from __future__ import annotations

import pytest

from incidentctl.models.incident import Incident
from incidentctl.rules.fields import is_known

KNOWN = [
    "title",
    "severity",  # Optional scalar
    "impact.description",  # through an Optional model
    "impact.regions",  # a list, named whole
    "impact.regions[]",  # a list's items
    "action_items[].owner",  # into a list of models
    "timeline[].at",
    "roles.incident_commander",  # keys under a dict field are free
    "roles.anything_at_all",
    "roles.incident_commander.name",  # everything under a dict field is free
    "release.approved_by",
    "detection.alert",  # an Annotated Optional scalar
    "services[]",
]
UNKNOWN = [
    "nope",
    "impact.nope",  # no such field of the nested model
    "title.length",  # a scalar has no fields
    "title[]",  # and no items
    "action_items.owner",  # a list of models needs [] to step into its items
    "roles[].x",  # a dict's keys are names, not items
    "severity.level",  # Optional scalar: no fields
    "detection.alert.x",  # Annotated scalar: no fields
    "impact[]",  # an Optional model is not a list
    "impact.regions[].x",  # list items are scalars
]


@pytest.mark.parametrize("path", KNOWN)
def test_known_paths(path: str) -> None:
    assert is_known(Incident, path)


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_paths(path: str) -> None:
    assert not is_known(Incident, path)
