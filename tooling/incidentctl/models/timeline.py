"""Timeline entries, and times as they are known: to the second, minute, hour or day, or about.

Why a precision and not a made-up time: real timelines say "~01:30", "around 23:30" or only
the day. An entry keeps the digits it has (finer ones are zero) and says how far they go;
``window`` gives the span of instants it may stand for, which order checks and metrics use.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from incidentctl.models.base import Person, Slug, StrictBool, StrictModel, Text, Timestamp
from incidentctl.models.vocab import Severity


class TimelineType(StrEnum):
    STATUS_CHANGE = "status_change"
    OBSERVATION = "observation"
    ACTION = "action"
    DECISION = "decision"
    COMMUNICATION = "communication"
    ALERT = "alert"
    DEPLOY = "deploy"
    ESCALATION = "escalation"
    ROLE_CHANGE = "role_change"
    SEVERITY_CHANGE = "severity_change"


class TimePrecision(StrEnum):
    """How far a time's digits are known; the finer digits are written as zero."""

    EXACT = "exact"
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"

    @property
    def unit(self) -> dt.timedelta:
        """The span one value of this precision covers (exact: none)."""
        return _UNIT[self]


_UNIT = {
    TimePrecision.EXACT: dt.timedelta(0),
    TimePrecision.MINUTE: dt.timedelta(minutes=1),
    TimePrecision.HOUR: dt.timedelta(hours=1),
    TimePrecision.DAY: dt.timedelta(days=1),
}
APPROXIMATE_SLACK = dt.timedelta(minutes=30)
"""How far "about" reaches beyond a time's own span (each way): at least this, or one unit."""


def window(
    at: dt.datetime, precision: TimePrecision = TimePrecision.EXACT, approximate: bool = False
) -> tuple[dt.datetime, dt.datetime]:
    """The earliest and latest instant a time as written may stand for (inclusive).

    ``2017-01-31T00:00Z`` at day precision is any instant of that UTC day; "~01:30" at minute
    precision is 01:00 to 02:00 (about: 30 minutes or one unit each way, whichever is more).
    """
    unit = precision.unit
    low, high = at, at + unit - (dt.timedelta(microseconds=1) if unit else dt.timedelta(0))
    if approximate:
        slack = max(unit, APPROXIMATE_SLACK)
        low, high = low - slack, high + slack
    return low, high


def finer_digits(at: dt.datetime, precision: TimePrecision) -> bool:
    """Whether ``at`` has non-zero digits finer than ``precision`` (digits it cannot know)."""
    parts = {
        TimePrecision.EXACT: (),
        TimePrecision.MINUTE: (at.second, at.microsecond),
        TimePrecision.HOUR: (at.minute, at.second, at.microsecond),
        TimePrecision.DAY: (at.hour, at.minute, at.second, at.microsecond),
    }[precision]
    return any(parts)


class KnownTime(StrictModel):
    """How a time other than a timeline entry's is known (see ``Incident.time_precision``)."""

    precision: TimePrecision = TimePrecision.EXACT
    approximate: StrictBool = False


class TimelineEntry(StrictModel):
    """One event. ``status_change`` entries are the single source of truth for ``status``."""

    at: Timestamp
    precision: TimePrecision = Field(
        TimePrecision.EXACT,
        description="How far 'at' is known: exact, minute, hour or day (finer digits zero).",
    )
    approximate: StrictBool = Field(False, description="'at' is about right (~01:30).")
    type: TimelineType
    by: Person | None = None
    text: Text = ""
    status: Slug | None = Field(None, description="The new state; only on status_change.")
    severity: Severity | None = Field(None, description="The new severity; on severity_change.")

    @model_validator(mode="after")
    def _status_only_on_status_change(self) -> TimelineEntry:
        is_change = self.type is TimelineType.STATUS_CHANGE
        if is_change and self.status is None:
            raise PydanticCustomError(
                "timeline.status-field", "a status_change entry needs 'status: <state>'"
            )
        if not is_change and self.status is not None:
            raise PydanticCustomError(
                "timeline.status-field", "only status_change entries may carry 'status'"
            )
        if self.severity is not None and self.type is not TimelineType.SEVERITY_CHANGE:
            # read by nothing there: a responder who wrote it expects it to count
            raise PydanticCustomError(
                "timeline.severity-field",
                "only severity_change entries may carry 'severity'; make it a severity_change"
                " entry or drop the field",
            )
        return self

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """The instants this entry's time may stand for (see ``window``)."""
        return window(self.at, self.precision, self.approximate)


class Known(NamedTuple):
    """A time as a record states it: its instant, how far it is known, whether it said so.

    ``declared``: the precision was written (an entry without ``precision`` never said it).
    """

    at: dt.datetime
    precision: TimePrecision = TimePrecision.EXACT
    approximate: bool = False
    declared: bool = False

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        return window(self.at, self.precision, self.approximate)

    def show(self) -> str:
        """``about 2017-01-31T00:00:00+00:00 to the day``: for messages."""
        exact = self.precision is TimePrecision.EXACT
        return (
            ("about " if self.approximate else "")
            + self.at.isoformat()
            + ("" if exact else f" to the {self.precision.value}")
        )


def known_entry(entry: TimelineEntry) -> Known:
    declared = "precision" in entry.model_fields_set
    return Known(entry.at, entry.precision, entry.approximate, declared)


def rewrite(old: Known, new: Known) -> str | None:
    """Why changing ``old`` into ``new`` rewrites what was recorded; None when it does not.

    Not a rewrite (a refinement): the same time; a time at least as precise whose span lies
    within the old one's window (``2017-01-31`` to the day becomes ``14:22`` that day);
    marking a time approximate; removing "approximate" from a time that keeps its instant;
    writing the precision of a time that never said it, keeping its digits (``00:00:00``
    becomes ``precision: day``). A rewrite: a time moved outside its window, a stated
    precision made coarser, "approximate" removed from a time that moves. Why a window and
    not the digits: what a record once said may be narrowed as facts come in, never contradicted.
    """
    if old == new or old[:3] == new[:3]:
        return None
    if new.precision.unit > old.precision.unit:
        if old.declared:
            return (
                f"its precision was made coarser ({old.precision.value} -> "
                f"{new.precision.value}), but a stated precision may only become finer"
            )
        if new.at != old.at:
            return (
                f"it moved from {old.show()} while stating a coarser precision"
                f" ({new.precision.value}): state the precision of the time as written, then refine it"
            )
        return None  # the precision of digits already written, said for the first time
    low, high = old.window()
    span = window(new.at, new.precision)
    slack = window(new.at, new.precision, new.approximate)
    inside = low <= span[0] and span[1] <= high
    narrower = low <= slack[0] and slack[1] <= high
    if not inside or (new.approximate and old.approximate and not narrower):
        return f"it moved outside what the base version said ({old.show()})"
    if old.approximate and not new.approximate and new.at != old.at:
        return (
            f"it was {old.show()}, and 'approximate' may be removed only from a time that"
            " keeps its instant"
        )
    return None
