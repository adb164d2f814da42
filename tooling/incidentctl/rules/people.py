"""Person fields name people the roster knows (``schemas/people.yaml``), when there is one.

PASS: ``roles: {incident_commander: ahmed.nasser}`` with ``ahmed.nasser`` in the roster, or any
handle in a repository without a roster.
FAIL: ``by: ahmed.naser`` when the roster knows ``ahmed.nasser`` (``ref.unknown-person``, with
the closest handles suggested).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from incidentctl.findings import Finding
from incidentctl.load.documents import IncidentDoc, PostmortemDoc
from incidentctl.models.base import Person
from incidentctl.rules.context import Context, at
from incidentctl.suggest import did_you_mean, known_list

Loc = tuple[str | int, ...]


def check_people(doc: IncidentDoc | PostmortemDoc, ctx: Context) -> list[Finding]:
    """A finding for each handle the roster lacks, at its value (none without a roster)."""
    known = ctx.policy.handles
    if known is None:
        return []
    return [
        at(doc.loaded, doc.path, loc, "ref.unknown-person", unknown_person(handle, known))
        for loc, handle in person_values(doc.model)
        if handle not in known
    ]


def unknown_person(handle: str, known: frozenset[str]) -> str:
    """The message for a handle the roster lacks, with the closest known ones."""
    hint = did_you_mean(handle, known) or f"known: {known_list(known)}; "
    return f"'{handle}' is not in the roster; {hint}or add them to schemas/people.yaml"


def person_values(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every handle a record holds in a person field, with where it is (any nesting)."""
    for name, info in type(model).model_fields.items():
        yield from _walk(getattr(model, name), info.annotation, (*loc, name))


def _walk(value: Any, annotation: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, BaseModel):
        yield from person_values(value, loc)
    elif isinstance(value, str):
        if _is_person(annotation):
            yield loc, value
    elif isinstance(value, list):
        item = _inner(annotation, list)
        for i, v in enumerate(value):
            yield from _walk(v, item, (*loc, i))
    elif isinstance(value, dict):
        item = _inner(annotation, dict)
        for k, v in value.items():
            yield from _walk(v, item, (*loc, k))


def _is_person(annotation: Any) -> bool:
    return annotation is Person or any(a is Person for a in typing.get_args(annotation))


def _inner(annotation: Any, container: type) -> Any:
    """The item (list) or value (dict) annotation of ``list[X] | None``, ``dict[K, V]``."""
    for option in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(option) is container:
            return typing.get_args(option)[-1]
    return None
