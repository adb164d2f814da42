"""Strict pydantic base and the shared field types (ids, handles, text, timestamps, numbers).

Why a form check before pydantic parses: the loader hands every scalar but true/false/null to
pydantic as a string, and pydantic's lax parsing reads far more than a reader sees ("0" as
1970-01-01, "1_000" as 1000, "20261126" as a date). Each type here first checks that a string
is written in its one plain form. Free text refuses control and bidi characters (Trojan
Source); ids and handles refuse them by their ASCII patterns.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
)
from pydantic import StringConstraints as Str
from pydantic_core import PydanticCustomError

__all__ = [
    "DIGITS_ONLY",
    "HANDLE_PATTERN",
    "NO_CONTROLS",
    "NO_CONTROLS_IN_TEXT",
    "NUMBER_FORM",
    "Date",
    "IncidentId",
    "Line",
    "Name",
    "Number",
    "Person",
    "Slug",
    "StrictBool",
    "StrictModel",
    "Text",
    "Timestamp",
    "Title",
    "UnclearLocalTime",
]


class StrictModel(BaseModel):
    """Every file-backed model: unknown keys are errors, values are immutable once loaded.

    ``defer_build``: a model's validator is built when it is first used, not when its module
    is imported, so a command pays only for the models it validates (a one-folder
    ``validate`` never builds the alert, security or report models).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=True,
        hide_input_in_errors=True,
        defer_build=True,
    )


# Trojan Source: C0 and C1 controls (DEL too) and the bidi embeddings, overrides and isolates.
# Multi-line text may hold a newline or a tab; every other string may hold neither.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def _refuse_controls(pattern: re.Pattern[str]) -> BeforeValidator:
    def check(value: object) -> object:
        found = pattern.search(value) if isinstance(value, str) else None
        if found is not None:
            raise PydanticCustomError(
                "schema.control-character",
                "holds the invisible control or bidirectional character U+{code}; delete it "
                "(such characters can hide or reorder what a reader sees)",
                {"code": f"{ord(found.group()):04X}"},
            )
        return value

    return BeforeValidator(check)


NO_CONTROLS_IN_TEXT = _refuse_controls(_CONTROL_IN_TEXT)
NO_CONTROLS = _refuse_controls(_CONTROL_IN_LINE)

# Every free-text type carries one of these two, last so that it runs first; a type with an
# ASCII pattern needs neither, as its pattern refuses such characters (a test holds both).
Text = Annotated[str, Str(max_length=20_000), NO_CONTROLS_IN_TEXT]
"""Prose: newlines and tabs allowed, other controls and bidi characters not."""
Title = Annotated[str, Str(min_length=3, max_length=200), NO_CONTROLS]
Name = Annotated[str, Str(min_length=1, max_length=100), NO_CONTROLS]
Line = Annotated[str, Str(max_length=500), NO_CONTROLS]
"""A one-line reference: an alert name, a tracker link, a change id."""


def _pattern(regex: str) -> Str:
    r"""ASCII-only, full-match (``[0-9]``, never ``\d``); never whitespace-stripped."""
    return Str(strip_whitespace=False, pattern=regex)


IncidentId = Annotated[str, _pattern(r"^[A-Z][A-Z0-9]{0,15}-[0-9]{4}-[0-9]{4,6}$")]
Slug = Annotated[str, _pattern(r"^[a-z0-9][a-z0-9_.-]{0,63}$")]


def _form(regex: str, rule: str, message: str, native: Callable[[object], bool]) -> BeforeValidator:
    """Accept a string only in the form ``regex`` spells, or a value built in code."""
    matches = re.compile(regex).fullmatch

    def check(value: object) -> object:
        if isinstance(value, str) and matches(value) is not None:
            return value
        if not isinstance(value, str) and native(value):
            return value
        raise PydanticCustomError(rule, message)

    return BeforeValidator(check)


HANDLE_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
# A person is a handle: one spelling per person, so "the same" compares equal everywhere.
Person = Annotated[
    str,
    _pattern(HANDLE_PATTERN),
    _form(
        HANDLE_PATTERN,
        "schema.pattern",
        "expected a handle such as ahmed.nasser: lower-case letters, digits, '.', '_' or '-' "
        "(at most 64), not a display name or an e-mail address",
        lambda _: False,
    ),
    NO_CONTROLS,  # runs first: a hidden character gets its own rule
]

_TIME = r"[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"


def _in_utc_range(value: dt.datetime) -> dt.datetime:
    """A time every rule can compare: 9999-12-31T23:59:59-01:00 has no UTC (OverflowError)."""
    try:
        value.astimezone(dt.UTC)
    except OverflowError:
        raise PydanticCustomError(
            "schema.timestamp", "is out of range once converted to UTC; check the year"
        ) from None
    return value


class UnclearLocalTime(str):
    """A naive time its declared zone cannot place (``models.zone``): refused where it stands."""

    __slots__ = ()


def _placeable(value: object) -> object:
    if isinstance(value, UnclearLocalTime):
        raise PydanticCustomError(
            "schema.timestamp",
            "this local time is repeated or skipped by a daylight-saving change in the "
            "declared timezone; write it with its offset, e.g. 2026-11-01T01:30:00-07:00",
        )
    return value


# The zone is optional here so that a naive time gets its own rule (schema.naive-timestamp).
Timestamp = Annotated[
    AwareDatetime,
    _form(
        rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[T ]{_TIME}(Z|[+-][0-9]{{2}}:[0-9]{{2}})?$",
        "schema.timestamp",
        "write an ISO 8601 timestamp with a time zone, e.g. 2026-11-26T06:20:00Z or "
        "2026-11-26T07:20:00+01:00",
        lambda v: isinstance(v, dt.datetime),
    ),
    BeforeValidator(_placeable),  # runs first
    AfterValidator(_in_utc_range),
]
Date = Annotated[
    dt.date,
    _form(
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "schema.timestamp",
        "write a date as YYYY-MM-DD, e.g. 2026-11-26",
        lambda v: type(v) is dt.date,
    ),
]


def _int_form(value: object) -> object:
    """Decimal digits only: no ``1e3``, ``0x10``, ``1_000``, ``5.0``, ``+5``, ``010`` or spaces."""
    if type(value) is int or (isinstance(value, str) and _DECIMAL.fullmatch(value)):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("schema.type", "input should be a valid integer")
    if any(c.isnumeric() for c in value):
        raise PydanticCustomError(
            "schema.type",
            "write a whole number in plain decimal digits, e.g. 1000 (no '+', exponent, "
            "'_', '.', leading zero, spaces or base prefix)",
        )
    raise PydanticCustomError(
        "schema.type", "input should be a valid integer, unable to parse string as an integer"
    )


_DECIMAL = re.compile(r"0|-?[1-9][0-9]*")
# Last in an Annotated, after any Field(ge=...), so that bounds stay in the JSON Schema.
DIGITS_ONLY = BeforeValidator(_int_form)
SchemaVersion = Annotated[
    int, Field(ge=1, le=1, description="Version of this file format."), DIGITS_ONLY
]


_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]{1,3})?")


def _number_form(value: object) -> object:
    """A plain decimal, or one with an exponent (1.21e9): no '_', ',', hex, 'inf' or 'nan'."""
    if type(value) in (int, float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        return value
    raise PydanticCustomError(
        "schema.type",
        "write a number in decimal digits, e.g. 5000000, 0.5 or 1.21e9 (no ',', '_', spaces "
        "or units: a unit has its own field)",
    )


NUMBER_FORM = BeforeValidator(_number_form)
Number = Annotated[float, Field(allow_inf_nan=False), NUMBER_FORM]
"""A measured quantity: "queries lost 1.21e9" is ``value: 1.21e9`` (the unit apart)."""
