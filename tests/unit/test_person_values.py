"""``rules.people.person_values``: every handle in a person field, however it is wrapped.

The models hold people as ``Person``, ``Person | None``, ``list[Person]`` and
``dict[Slug, Person]``; an optional list or map of people (``list[Person] | None``) must be
walked too, or a model that adds one would have its handles never checked against the roster.
"""

from __future__ import annotations

from pydantic import BaseModel

from incidentctl.models.base import Person
from incidentctl.rules.people import person_values


class Crew(BaseModel):
    lead: Person | None = None
    names: list[str] = []  # not people
    members: list[Person] | None = None
    by_role: dict[str, Person] | None = None
    nested: list[list[Person]] = []


def test_optional_lists_and_maps_of_people_are_walked() -> None:
    crew = Crew(
        lead="alice",
        names=["not-a-person"],
        members=["bob", "carol"],
        by_role={"scribe": "dave"},
        nested=[["erin"]],
    )
    assert list(person_values(crew, ("crew",))) == [
        (("crew", "lead"), "alice"),
        (("crew", "members", 0), "bob"),
        (("crew", "members", 1), "carol"),
        (("crew", "by_role", "scribe"), "dave"),
        (("crew", "nested", 0, 0), "erin"),
    ]


def test_no_handles_in_empty_fields() -> None:
    assert list(person_values(Crew())) == []
