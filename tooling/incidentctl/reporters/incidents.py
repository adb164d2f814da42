"""``list`` and ``show`` output: a table and a JSON document of rows, one incident's view.

Every value from a record goes through ``escape.visible`` (text) or ``json_text`` (JSON).
Colour only when asked (the CLI decides: a terminal, and no ``NO_COLOR``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import click

from incidentctl.reporters.escape import json_text, visible

if TYPE_CHECKING:
    from incidentctl.models.incident import Incident, Visibility


class Row(Protocol):
    """What a listed incident offers (``runs.listing.Row``; reporters never import runs)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def severity(self) -> str | None: ...
    @property
    def services(self) -> tuple[str, ...]: ...
    @property
    def commander(self) -> str | None: ...
    @property
    def opened_at(self) -> dt.datetime | None: ...
    @property
    def visibility(self) -> Visibility: ...
    @property
    def open(self) -> bool: ...


LIST_VERSION = 1
_SEV_COLOUR = {"SEV1": "red", "SEV2": "yellow"}


def _time(when: dt.datetime | None) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if when else "-"


def render_list_text(rows: Sequence[Row], color: bool) -> str:
    if not rows:
        return "no incidents match\n"
    table = [("ID", "STATUS", "SEV", "OPENED (UTC)", "SERVICES", "TITLE")]
    table += [(r.id, r.status, r.severity or "-", _time(r.opened_at),
               ",".join(r.services) or "-", r.title) for r in rows]  # fmt: skip
    cells = [[visible(c) for c in line] for line in table]
    widths = [max(len(line[i]) for line in cells) for i in range(5)]
    out = []
    for n, line in enumerate(cells):
        text = "  ".join(c.ljust(w) for c, w in zip(line[:5], widths, strict=True)) + "  " + line[5]
        colour = _SEV_COLOUR.get(table[n][2]) if n else None
        out.append(
            click.style(text, fg=colour, bold=n == 0) if color and (colour or n == 0) else text
        )
    return "\n".join(out) + "\n"


def render_list_json(rows: Sequence[Row]) -> str:
    return json_text({"version": LIST_VERSION, "incidents": [_row_json(r) for r in rows]})


def _row_json(r: Row) -> dict[str, Any]:
    return {
        "id": r.id, "title": r.title, "type": r.type, "status": r.status,
        "severity": r.severity, "services": list(r.services), "commander": r.commander,
        "opened_at": r.opened_at.astimezone(dt.UTC).isoformat() if r.opened_at else None,
        "visibility": r.visibility.value, "open": r.open,
    }  # fmt: skip


def render_show(inc: Incident, visibility: str, next_states: list[str], color: bool) -> str:
    """One incident as a responder reads it at a glance: state, people, timeline, actions."""

    def head(text: str) -> str:
        return click.style(text, bold=True) if color else text

    out = [head(visible(f"{inc.id}  {inc.title}"))]
    if visibility == "restricted":
        out.append("RESTRICTED: do not paste this outside the incident's own channels")
    out.append(
        visible(f"{inc.type} · {inc.status} · {inc.severity or 'no severity'} · {visibility}")
    )
    if next_states:
        out.append(visible(f"next states: {', '.join(next_states)}"))
    if inc.services:
        out.append(visible(f"services: {', '.join(inc.services)}"))
    for role, who in inc.roles.items():
        out.append(visible(f"{role}: {who}"))
    if inc.responders:
        out.append(visible(f"responders: {', '.join(inc.responders)}"))
    if inc.channels and inc.channels.chat:
        out.append(visible(f"chat: {inc.channels.chat}"))
    if inc.summary:
        out += ["", head("Summary"), *(visible(line) for line in inc.summary.splitlines())]
    out += ["", head("Timeline (UTC)")]
    for e in inc.timeline:
        what = e.status or e.severity or ""
        text = " ".join(p for p in (e.type.value, what, f"({e.by})" if e.by else "", e.text) if p)
        out.append(visible(f"  {_time(e.at)}  {text}"))
    if inc.action_items:
        out += ["", head("Action items")]
        for a in inc.action_items:
            due = f" due {a.due.isoformat()}" if a.due else ""
            out.append(
                visible(f"  {a.id} [{a.status.value}] {a.title} ({a.owner or 'no owner'}){due}")
            )
    return "\n".join(out) + "\n"
