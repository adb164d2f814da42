"""Naive times read in a declared zone: the record's ``timezone``, else the repository's.

Why before validation: a time written as the source wrote it ("6:30 PM PST" becomes
``2018-10-21T18:30``) is read in the zone the record (or ``[tool.incidentctl] timezone``,
passed as the validation context ``{"timezone": ...}``) declares, so an import never guesses
silently. With no declared zone a naive time stays ``schema.naive-timestamp``. A wall time a
daylight-saving change makes ambiguous or skips is refused: no zone can say which instant it is.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from incidentctl.models.annotations import leaves
from incidentctl.models.base import UnclearLocalTime

_NAIVE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)


def _known_zone(value: str) -> str:
    if zone_info(value) is None:
        raise PydanticCustomError(
            "schema.type", "expected an IANA time zone name such as America/Los_Angeles or UTC"
        )
    return value


@cache
def zone_info(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


ZoneName = Annotated[
    str,
    StringConstraints(strip_whitespace=False, pattern=r"^[A-Za-z][A-Za-z0-9_+/-]{0,63}$"),
    AfterValidator(_known_zone),
]


def record_zone(data: Any, setting: str | None) -> str | None:
    """The zone an incident's naive times are read in: its own ``timezone``, else the setting.

    Its postmortem's front matter is read in the same zone (the loader passes it on), so a
    ``meeting_at`` written as the team wrote it means what the record's times mean.
    """
    own = data.get("timezone") if type(data) is dict else None
    return own if isinstance(own, str) else setting


def context_zone(info: Any) -> str | None:
    """The zone a validation context names (``{"timezone": ...}``), if any."""
    context = getattr(info, "context", None)
    zone = context.get("timezone") if isinstance(context, dict) else None
    return zone if isinstance(zone, str) else None


def read_naive_times(
    data: Any, zone: str | None, keys: frozenset[str], days: frozenset[str] = frozenset()
) -> Any:
    """``data`` with each naive time under a timestamp key written with its offset in ``zone``.

    A date alone (``2017-01-31``) is read as the start of that day only where it is known to
    the day: its mapping says ``precision: day``, or its dotted path is in ``days``; anywhere
    else a date is not a time and stays for the schema to refuse.
    """
    info = zone_info(zone) if zone else None
    if info is None:
        return data
    return _walk(data, info, keys, "", days)


def _walk(node: Any, info: ZoneInfo, keys: frozenset[str], path: str, days: frozenset[str]) -> Any:
    if type(node) is list:
        return [_walk(v, info, keys, f"{path}[{i}]", days) for i, v in enumerate(node)]
    if type(node) is not dict:
        return node
    day = node.get("precision") == "day"
    out = {}
    for key, value in node.items():
        here = f"{path}.{key}" if path else str(key)
        if key in keys and type(value) is str and _NAIVE.fullmatch(value):
            out[key] = _aware(value, info, day or here in days)
        else:
            out[key] = _walk(value, info, keys, here, days)
    return out


def _aware(text: str, info: ZoneInfo, day: bool) -> str | dt.datetime:
    """The wall time in ``info`` as an aware value (not text: old zones have odd offsets)."""
    if len(text) == 10 and not day:
        return text
    try:
        local = dt.datetime.fromisoformat(text)
    except ValueError:  # no such day: the schema says so, at its place
        return text
    first, second = local.replace(tzinfo=info), local.replace(tzinfo=info, fold=1)
    if first.utcoffset() != second.utcoffset():
        return UnclearLocalTime(text)
    try:
        round_trip = first.astimezone(dt.UTC).astimezone(info).replace(tzinfo=None)
    except OverflowError:  # no instant in UTC: the schema's range check says so
        return first
    return UnclearLocalTime(text) if round_trip != local else first


@cache
def time_keys(model: type) -> frozenset[str]:
    """The names of every timestamp field of ``model`` and the models inside it."""
    from pydantic import AwareDatetime

    names: set[str] = set()
    seen: set[type] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen or not hasattr(current, "model_fields"):
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            for leaf in leaves(info.annotation):
                if leaf is AwareDatetime or (
                    isinstance(leaf, type) and issubclass(leaf, dt.datetime)
                ):
                    names.add(name)
                elif hasattr(leaf, "model_fields"):
                    todo.append(leaf)
    return frozenset(names)
