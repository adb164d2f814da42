"""Values are what they say (issues #11, #12): each shared field type accepts one written form.

The data cases under tests/data show the findings in place; these tests pin each form, that
values built in code still pass, and (by walking every model's core schema) that no string,
number, date or boolean field anywhere is declared without its form check.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from pydantic import Field, TypeAdapter, ValidationError

import incidentctl.models
from incidentctl.config.schema import validate_table
from incidentctl.errors import ConfigError
from incidentctl.models.base import (
    DIGITS_ONLY,
    NO_CONTROLS,
    NO_CONTROLS_IN_TEXT,
    NUMBER_FORM,
    Date,
    Person,
    StrictModel,
    Text,
    Timestamp,
    Title,
)

Count = Annotated[int, Field(ge=0), DIGITS_ONLY]


def _error(kind: Any, value: object) -> tuple[str, str]:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(kind).validate_python(value)
    (err,) = info.value.errors(include_url=False)
    return err["type"], err["msg"]


# Each message is one fixed text: it says what to write and never repeats the value.
TIMESTAMP_MESSAGE = (
    "write an ISO 8601 timestamp with a time zone, e.g. 2026-11-26T06:20:00Z or "
    "2026-11-26T07:20:00+01:00"
)
NUMBER_MESSAGE = (
    "write a whole number in plain decimal digits, e.g. 1000 (no '+', exponent, '_', '.', "
    "leading zero, spaces or base prefix)"
)
HANDLE_MESSAGE = (
    "expected a handle such as ahmed.nasser: lower-case letters, digits, '.', '_' or '-' "
    "(at most 64), not a display name or an e-mail address"
)
UTC = dt.UTC
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26T06:20:00Z", dt.datetime(2026, 11, 26, 6, 20, tzinfo=UTC)),
        ("2026-11-26T07:20:00+01:00", dt.datetime(2026, 11, 26, 7, 20, tzinfo=PLUS_ONE)),
        ("2026-11-26 06:20:00Z", dt.datetime(2026, 11, 26, 6, 20, tzinfo=UTC)),  # YAML's space
        ("2026-11-26T06:20Z", dt.datetime(2026, 11, 26, 6, 20, tzinfo=UTC)),
        ("2026-11-26T06:20:00.5Z", dt.datetime(2026, 11, 26, 6, 20, 0, 500_000, tzinfo=UTC)),
    ],
)
def test_timestamps_in_iso_form_are_read(text: str, expected: dt.datetime) -> None:
    assert TypeAdapter(Timestamp).validate_python(text) == expected


@pytest.mark.parametrize(
    "value",
    [
        "0", "1732600000", "1.5", "-1", "", "2026-11-26", "20261126T062000Z",
        "2026-11-26t06:20:00z", "2026-11-26T06:20:00+0100", "2026-11-26T06:20:00+01",
        "2026-11-26T06:20:00.1234567Z", " 2026-11-26T06:20:00Z", "2026-11-26T06:20:00Z ",
        "2026-11-26T06:20:00 Z", "\uff12\uff10\uff12\uff16-11-26T06:20:00Z", 0, 1.5, True, None,
        dt.date(2026, 11, 26),
    ],
)  # fmt: skip
def test_anything_else_is_not_a_timestamp(value: object) -> None:
    assert _error(Timestamp, value) == ("schema.timestamp", TIMESTAMP_MESSAGE)


def test_a_naive_time_keeps_its_own_rule() -> None:
    assert _error(Timestamp, "2026-11-26T06:20:00")[0] == "timezone_aware"


@pytest.mark.parametrize(
    "value",
    ["20261126", "0", "1732600000", "2026-11-26T00:00:00Z", "2026-11-26 ", "26.11.2026", 0, True],
)
def test_a_date_is_yyyy_mm_dd(value: object) -> None:
    assert _error(Date, value) == (
        "schema.timestamp",
        "write a date as YYYY-MM-DD, e.g. 2026-11-26",
    )


def test_impossible_dates_are_still_refused_by_pydantic() -> None:
    assert _error(Date, "2026-02-30")[0] == "date_from_datetime_parsing"


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("5", 5), ("1000", 1000), ("-3", -3)])
def test_integers_in_decimal_digits_are_read(text: str, number: int) -> None:
    assert TypeAdapter(Annotated[int, DIGITS_ONLY]).validate_python(text) == number


@pytest.mark.parametrize(
    "value",
    ["1e3", "0x10", "0o7", "1_000", "5.0", " 5", "5 ", "+5", "010", "-0", "\u0665", "\uff15"],
)
def test_other_ways_to_write_a_number_are_refused(value: str) -> None:
    assert _error(Count, value) == ("schema.type", NUMBER_MESSAGE)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("many", "input should be a valid integer, unable to parse string as an integer"),
        (True, "input should be a valid integer"),
        (5.0, "input should be a valid integer"),
        (None, "input should be a valid integer"),
    ],
)
def test_non_numbers_are_not_integers(value: object, message: str) -> None:
    assert _error(Count, value) == ("schema.type", message)


def test_bounds_still_apply_and_stay_in_the_json_schema() -> None:
    assert _error(Count, "-1")[0] == "greater_than_equal"
    assert TypeAdapter(Count).json_schema() == {"minimum": 0, "type": "integer"}


def test_values_built_in_code_are_accepted() -> None:
    when = dt.datetime(2026, 11, 26, 6, 20, tzinfo=UTC)
    assert TypeAdapter(Timestamp).validate_python(when) == when
    assert TypeAdapter(Date).validate_python(dt.date(2026, 11, 26)) == dt.date(2026, 11, 26)
    assert TypeAdapter(Count).validate_python(7) == 7
    assert _error(Date, when)[0] == "schema.timestamp"  # a datetime is a date subclass


@pytest.mark.parametrize(
    "handle", ["alice", "ahmed.nasser", "team-data", "o_brien", "r2d2", "a", "a" * 64]
)
def test_handles_are_accepted(handle: str) -> None:
    assert TypeAdapter(Person).validate_python(handle) == handle


@pytest.mark.parametrize(
    "value",
    [
        "ahmed.nasser\u200b",  # a zero-width space
        "\u0430lice",  # a Cyrillic a (U+0430)
        "jane@corp.com",
        "Jane Doe <jane@corp.com>",
        "Alice",
        "ahmed nasser",
        " alice",
        ".alice",
        "a" * 65,
        "",
        "alice\u00a0",  # no-break space: not stripped into another person
        True,
    ],
)
def test_anything_but_a_handle_is_refused(value: object) -> None:
    assert _error(Person, value) == ("schema.pattern", HANDLE_MESSAGE)


CONTROLS = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\x00", "\x07", "\x1b", "\x0b", "\x0c", "\r", "\x7f", "\x80", "\x85", "\x9f",
]  # fmt: skip


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("kind", [Text, Title, Person], ids=["Text", "Title", "Person"])
def test_control_and_bidi_characters_are_refused_in_text(kind: Any, char: str) -> None:
    rule, message = _error(kind, f"abc{char}def")
    assert rule == "schema.control-character"
    assert f"U+{ord(char):04X}" in message
    assert "abc" not in message


@pytest.mark.parametrize("char", ["\n", "\t"], ids=["newline", "tab"])
def test_newline_and_tab_are_text_but_not_a_title(char: str) -> None:
    assert TypeAdapter(Text).validate_python(f"abc{char}def") == f"abc{char}def"
    assert _error(Title, f"abc{char}def")[0] == "schema.control-character"


def test_other_invisible_characters_stay_allowed_in_prose() -> None:
    prose = "\u05e9\u05dc\u05d5\u05dd\u200f, \U0001f468\u200d\U0001f4bb, zero\u200bwidth"
    assert TypeAdapter(Text).validate_python(prose) == prose


# -- Every field of every model declares its form ------------------------------------------

_TEXT_GUARDS = {NO_CONTROLS.func, NO_CONTROLS_IN_TEXT.func}


def _models() -> list[type[StrictModel]]:
    for info in pkgutil.iter_modules(incidentctl.models.__path__):
        importlib.import_module(f"incidentctl.models.{info.name}")
    found, todo = [], [StrictModel]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        found.append(cls)
    return sorted(found[1:], key=lambda c: c.__name__)


Leaf = tuple[dict[str, Any], frozenset[Any], str]
_SCALARS = ("str", "int", "float", "bool", "date", "datetime", "decimal", "bytes")
_NOT_SCHEMAS = ("metadata", "serialization", "default", "function", "ref", "type")


def _leaves(node: Any, guards: frozenset[Any] = frozenset(), at: str = "") -> Iterator[Leaf]:
    """Every scalar schema, the before-validators that wrap it within its model, and where."""
    if isinstance(node, list):
        for item in node:
            yield from _leaves(item, guards, at)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "model":
        guards, at = frozenset(), node["cls"].__name__
    elif kind == "function-before":
        guards |= {node["function"]["function"]}
    elif kind in _SCALARS:
        yield node, guards, at
    for key, child in node.items():
        if key == "fields" and kind == "model-fields":
            for name, field in child.items():
                yield from _leaves(field, guards, f"{at}.{name}")
        elif key not in _NOT_SCHEMAS:
            yield from _leaves(child, guards, at)


def _is_form_check(function: Any) -> bool:
    return getattr(function, "__qualname__", "") == "_form.<locals>.check"


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_scalar_field_checks_its_written_form(model: type[StrictModel]) -> None:
    problems = []
    for leaf, guards, at in _leaves(model.__pydantic_core_schema__):
        kind = leaf["type"]
        if kind == "str":
            ok = "pattern" in leaf or bool(guards & _TEXT_GUARDS)
        elif kind == "int":
            ok = DIGITS_ONLY.func in guards
        elif kind in ("date", "datetime"):
            ok = any(_is_form_check(g) for g in guards)
        elif kind == "bool":
            ok = leaf.get("strict") is True
        elif kind == "float":
            ok = NUMBER_FORM.func in guards  # a measured quantity (models.base.Number)
        else:
            ok = False  # decimals, bytes: no file field should be one
        if not ok:
            problems.append(f"{at}: {kind}")
    assert problems == [], "use the shared types of models/base.py (Text, Person, ...)"


def test_the_walk_sees_every_kind_of_field() -> None:
    from incidentctl.models.incident import Incident

    kinds = [leaf["type"] for leaf, _, _ in _leaves(Incident.__pydantic_core_schema__)]
    assert {"str", "int", "bool", "date", "datetime"} <= set(kinds)
    assert kinds.count("str") > 30


# -- The settings table is strict over TOML's own types -------------------------------------


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"scan_secrets": "yes"}, "scan_secrets"),
        ({"scan_secrets": "true"}, "scan_secrets"),
        ({"scan_secrets": 1}, "scan_secrets"),
        ({"id_prefix": 5}, "id_prefix"),
        ({"incidents_dir": dt.date(2026, 11, 26)}, "incidents_dir"),
        ({"display_timezone": "UTC\u202e"}, "display_timezone"),
        ({"email_allowlist": "corp.example"}, "email_allowlist"),
        ({"email_allowlist": [True]}, "email_allowlist.0"),
    ],
)
def test_the_settings_table_takes_no_lookalike_values(table: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError, match=f"] {key}: ") as info:
        validate_table(table)
    assert "\u202e" not in str(info.value)
