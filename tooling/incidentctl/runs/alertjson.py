"""Webhook JSON read strictly (pure): each field by its path and type, numbers and times checked.

Why: a payload is foreign input. A field of the wrong type (an object where text belongs), a
number JSON allows but a count cannot be (``NaN``, ``1e400``, 5,000 digits) or a time no
calendar holds is refused with the field's path, never written as a Python repr nor raised
as an internal error. A field the reader never asks for is never judged.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from incidentctl.errors import UserError

_DIGITS = 30  # a count, a priority: nothing a webhook sends has more digits
_SHOWN = 80  # characters of a bad value quoted in a message
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?"
)


class AlertError(UserError):
    """The payload is not a usable alert; the message names the field."""


@dataclass(frozen=True)
class BadNumber:
    """A JSON number no count can be, kept as written until a reader asks for the field."""

    text: str


def load(raw: bytes) -> Any:
    """The JSON document; NaN, infinities and huge numbers become ``BadNumber`` values."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AlertError(f"not JSON (UnicodeDecodeError: {exc})") from None
    try:
        return json.loads(text, parse_constant=BadNumber, parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise AlertError(f"not JSON ({exc.__class__.__name__}: {exc})") from None
    except RecursionError:
        raise AlertError("not a webhook payload: its arrays or objects nest too deep") from None


def _int(text: str) -> int | BadNumber:
    return int(text) if len(text.lstrip("-")) <= _DIGITS else BadNumber(text)


def _float(text: str) -> float | BadNumber:
    value = float(text)
    return value if math.isfinite(value) else BadNumber(text)


_KINDS: dict[type, str] = {str: "a string", dict: "an object", list: "a list", bool: "a boolean"}


def describe(value: object) -> str:
    """What a JSON value is, for a message: ``an object``, ``the number 1.5``."""
    if value is None:
        return "null"
    if isinstance(value, BadNumber):
        return value.text if len(value.text) <= 20 else f"a number of {len(value.text)} digits"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return quote(value)
    return "an object" if isinstance(value, dict) else "a list"


def quote(text: str) -> str:
    """The input as given, escaped (``repr``) and cut to a readable length."""
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


def required(obj: Any, key: str, kind: type, where: str) -> Any:
    """``obj[key]`` of JSON type ``kind``; absent, null or another type is refused."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None:
        raise AlertError(f"{where}{key}: missing (expected {_KINDS[kind]})")
    return _typed(value, kind, f"{where}{key}")


def optional(obj: Any, key: str, kind: type, where: str) -> Any:
    """``obj[key]`` of JSON type ``kind``, or None when absent or null."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return None if value is None else _typed(value, kind, f"{where}{key}")


def _typed(value: Any, kind: type, path: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise AlertError(f"{path}: not {_KINDS[kind]} ({describe(value)})")
    return value


def strings(obj: Any, key: str, where: str, needed: bool = False) -> dict[str, str]:
    """A map of strings (labels, annotations): every value a string, as its source sends it."""
    found = (required if needed else optional)(obj, key, dict, where) or {}
    for name, value in found.items():
        if not isinstance(value, str):
            raise AlertError(f"{where}{key}.{name}: not a string ({describe(value)})")
    return dict(found)


def objects(obj: Any, key: str, where: str) -> list[dict[str, Any]]:
    """An optional list of objects (PagerDuty's references)."""
    found = optional(obj, key, list, where) or []
    for n, item in enumerate(found):
        _typed(item, dict, f"{where}{key}[{n}]")
    return list(found)


def count(obj: Any, key: str, where: str) -> int:
    """A count (``truncatedAlerts``): a whole number, zero when absent."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None:
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 3.0: JSON has one number type
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise AlertError(
            f"{where}{key}: not a count (a whole number, 0 or more): {describe(value)}"
        )
    return value


def time(value: Any, path: str) -> dt.datetime:
    """An RFC 3339 time in UTC; nanoseconds (Go's) kept to the microsecond."""
    if not isinstance(value, str):
        raise AlertError(f"{path}: not a time ({describe(value)})")
    m = _RFC3339.fullmatch(value)
    if m is None:
        raise AlertError(f"{path}: {quote(value)} is not an RFC 3339 time")
    if m.group(8) is None:
        raise AlertError(f"{path}: {quote(value)} has no time zone")
    fraction = (m.group(7) or "")[:6].ljust(6, "0")
    zone = m.group(8)
    minutes = 0 if zone in "Zz" else int(zone[1:3]) * 60 + int(zone[4:6])
    y, mo, d, h, mi, sec = (int(p) for p in m.groups()[:6])
    try:
        offset = dt.timezone(dt.timedelta(minutes=-minutes if zone[0] == "-" else minutes))
        return dt.datetime(y, mo, d, h, mi, sec, int(fraction), tzinfo=offset).astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise AlertError(
            f"{path}: {quote(value)} is out of range (years 1 to 9999, in UTC)"
        ) from None


# What a record may not hold (models.base): controls and bidi marks, shown as escapes instead.
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LIMITS = {"title": 200, "alert_name": 500, "summary": 20_000}


def clean(text: str, field: str) -> str:
    r"""Foreign text made safe to record: controls as ``\\uXXXX``, cut to the field's limit."""
    unsafe = _UNSAFE_TEXT if field == "summary" else _UNSAFE_LINE
    shown = unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text).strip()
    limit = LIMITS[field]
    return shown if len(shown) <= limit else shown[: limit - 1].rstrip() + "…"


def first(*maps: tuple[str, dict[str, str]], key: str) -> tuple[str | None, str | None]:
    """The first non-empty ``key`` of the maps, and its path in the payload."""
    for where, found in maps:
        if found.get(key):
            return found[key], f"{where}.{key}"
    return None, None


def text(value: Any) -> str | None:
    """A string stripped, or None when empty or not a string."""
    return value.strip() or None if isinstance(value, str) else None
