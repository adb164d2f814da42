"""Strict pydantic base and the shared field types (ids, names, timestamps)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StringConstraints

__all__ = [
    "AwareDatetime",
    "IncidentId",
    "Person",
    "Slug",
    "StrictBool",
    "StrictModel",
    "Text",
    "Title",
]


class StrictModel(BaseModel):
    """Every file-backed model: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=True,
        hide_input_in_errors=True,
    )


# ASCII-only, full-match patterns ([0-9], never \d, which admits other scripts' digits).
# Ids are never whitespace-stripped: "INC-2026-0001\n" is not an id.
IncidentId = Annotated[
    str,
    StringConstraints(strip_whitespace=False, pattern=r"^[A-Z][A-Z0-9]{0,15}-[0-9]{4}-[0-9]{4,6}$"),
]
Slug = Annotated[
    str, StringConstraints(strip_whitespace=False, pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")
]
Person = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Title = Annotated[str, StringConstraints(min_length=3, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
SchemaVersion = Annotated[int, Field(ge=1, le=1, description="Version of this file format.")]
