"""An alert delivery's episode (pure): the words that tell it apart, and whether a record has it.

Why episodes: a sender retries a notification it saw fail and repeats a firing group, and an
alert that resolved and fires again is the same alert (fingerprint) with a new ``startsAt``.
Each ``alert`` entry ends with its episode, so the record itself says what it has seen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from incidentctl.runs.alertparse import SOURCES_SHOWN, AlertEvent


def episode(event: AlertEvent) -> str | None:
    """The words that tell this delivery's episode, the same in every redelivery of it.

    Alertmanager and Grafana: the latest ``startsAt`` of the alerts firing (an alert that
    resolved and fires again starts anew), or once resolved the latest ``endsAt``;
    PagerDuty: the event's id. None when the payload gives nothing to tell it by.
    """
    if event.source == "pagerduty":
        return f"event {event.event_id}" if event.event_id else None
    if event.firing:
        return f"started {iso(_latest_start(event))}" if event.alerts else None
    ends = [a.ends for a in event.alerts if a.ends is not None]
    return f"ended {iso(max(ends))}" if ends else None


def _latest_start(event: AlertEvent) -> dt.datetime:
    return max([a.starts for a in event.alerts if a.firing] or [a.starts for a in event.alerts])


_STARTED = re.compile(r"; started (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z)$")


def _started(text: str) -> dt.datetime | None:
    """The start an entry's text ends with (as ``episode`` writes it), if any."""
    m = _STARTED.search(text)
    try:
        return dt.datetime.fromisoformat(m.group(1)) if m else None
    except ValueError:  # a hand-written entry: year 0, month 13
        return None


def recorded(event: AlertEvent, texts: Sequence[str], entry: str, back: bool = False) -> bool:
    """Whether the record's alert entries (``texts``, in order) already tell this delivery.

    By its episode: a firing that started no later than the latest start recorded (a retry,
    a repeat, or an alert of the group gone), or the same end. Else (a resolution without
    ``endsAt``, a record written before episodes were named) by the group's last entry: the
    same words, or a firing never resolved (unless ``back``: the incident had recovered).
    """
    who = f"{SOURCES_SHOWN[event.source]}: "
    mine = [t for t in texts if t.startswith(who)]
    mark = episode(event)
    if mark is not None and any(t.endswith(f"; {mark}") for t in mine):
        return True
    if event.source == "pagerduty" or not mine:
        return False
    if event.firing:
        starts = [when for t in mine if (when := _started(t)) is not None]
        if starts:
            return _latest_start(event) <= max(starts)
        return not back and " resolved" not in mine[-1]  # a record from before episodes
    return mine[-1] in (entry, entry.removesuffix(f"; {mark}"))


def iso(when: dt.datetime) -> str:
    """A time as the entries write it: UTC, ``Z``, milliseconds when there are any."""
    spec = "milliseconds" if when.microsecond else "seconds"
    return when.astimezone(dt.UTC).isoformat(timespec=spec).replace("+00:00", "Z")
