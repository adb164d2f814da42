"""``new``: open an incident from a template: the next free id, the first status change.

The record is rendered as text in the archive's own layout, validated in memory as
``validate`` would, and only then written; its folder is created exclusively, so two people
opening an incident at the same moment get two ids, never one record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding
from incidentctl.history.worktree import upstream_names
from incidentctl.load.documents import Unit, record_paths
from incidentctl.load.sources import FsSource, link_in, symlink_finding
from incidentctl.models.incident import Visibility
from incidentctl.policy.lifecycle import initial_states
from incidentctl.runs.allocate import channel_name, next_id
from incidentctl.runs.edit import build_context, format_time, incident_ids
from incidentctl.runs.recheck import NewText, recheck
from incidentctl.runs.writer import WriteError, write_atomic
from incidentctl.runs.yamlstyle import Style, scalar
from incidentctl.suggest import did_you_mean, known_list


@dataclass(frozen=True)
class Opening:
    title: str
    kind: str = "outage"
    severity: str | None = None
    services: tuple[str, ...] = ()
    commander: str | None = None
    status: str | None = None
    summary: str | None = None
    lines: tuple[str, ...] = ()  # more of the record, rendered (declare: detection, ids, links)
    before: tuple[dict[str, str], ...] = ()  # timeline entries before the first status change


@dataclass(frozen=True)
class Opened:
    incident_id: str
    path: str
    status: str
    channel: str
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def render(incident_id: str, o: Opening, status: str, channel: str, first: dict[str, str]) -> str:
    """The new record's text, in the example archive's layout."""
    lines = [
        "# yaml-language-server: $schema=../../schemas/incident.schema.json",
        "schema_version: 1",
        f"id: {incident_id}",
        f"title: {scalar(o.title)}",
        *([f"summary: {scalar(o.summary)}"] if o.summary else []),
        f"type: {scalar(o.kind)}",
        f"status: {scalar(status)}",
        *([f"severity: {scalar(o.severity)}"] if o.severity else []),
        *(
            [f"services: [{', '.join(scalar(s, flow=True) for s in o.services)}]"]
            if o.services
            else []
        ),
        *(["roles:", f"  incident_commander: {scalar(o.commander)}"] if o.commander else []),
        "channels:",
        f"  chat: {scalar(channel)}",
        *o.lines,
        "timeline:",
        *(line for e in (*o.before, first) for line in Style().block(e)),
    ]
    return "\n".join(lines) + "\n"


def run_new(
    root: Path, settings: Settings, o: Opening, when: dt.datetime, by: str | None
) -> Opened:
    source = FsSource(root)
    ctx = build_context(root, settings, source)
    itype = ctx.policy.type_by_id.get(o.kind)
    lifecycle = ctx.policy.lifecycles.get(itype.lifecycle) if itype else None
    if itype is None or lifecycle is None:
        names = sorted(ctx.policy.type_by_id)
        hint = did_you_mean(o.kind, names)
        raise UserError(
            f"--type {o.kind}: not an incident type of this repository; {hint}({', '.join(names)})"
        )
    _known(o.severity, ctx.policy.severity_by_id, "--severity")
    for service in o.services:
        _known(service, ctx.policy.service_ids, "--service")
    starts = initial_states(lifecycle)
    status = o.status or starts[-1]  # optional entry states (triage) are listed first
    if status not in starts:
        hint = did_you_mean(status, starts).rstrip()
        hint = f"; {hint}" if hint else ""
        raise UserError(
            f"--status {status}: '{lifecycle.name}' starts at {', '.join(starts)}{hint}"
        )
    if (link := link_in(root, settings.incidents_dir)) is not None:
        return Opened("?", settings.incidents_dir, status, "", [symlink_finding(link)])
    first = {"at": format_time(when), "type": "status_change", "status": status}
    first |= {"by": by} if by else {}
    first |= {"text": "Declared with incidentctl " + ("declare" if o.before else "new")}
    (root / settings.incidents_dir).mkdir(parents=True, exist_ok=True)
    upstream = upstream_names(root, settings.incidents_dir)  # taken on the default branch
    for _ in range(100):  # another opening may take an id between listing and creating
        taken = [*incident_ids(root, settings), *upstream]
        incident_id = next_id(settings.id_prefix, when.astimezone(dt.UTC).year, taken)
        rel, pm_rel = record_paths(settings.incidents_dir, incident_id)
        # a channel name is seen across the organisation: a restricted incident's title is not
        restricted = itype.default_visibility is Visibility.RESTRICTED
        channel = channel_name(incident_id, "" if restricted else o.title)
        text = render(incident_id, o, status, channel, first)
        unit = Unit(incident_id, rel, pm_rel, None, None, True, False, text.encode(), None)
        findings = recheck(unit, ctx, NewText(rel, rel, None, text), history=False)
        if any(f.is_error for f in findings):
            return Opened(incident_id, rel, status, channel, findings)
        try:
            (root / rel).parent.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise WriteError(root / rel, "be created", exc) from None
        try:
            write_atomic(root / rel, text)
        except WriteError:
            (root / rel).parent.rmdir()
            raise
        return Opened(incident_id, rel, status, channel, findings)
    raise UserError("could not find a free incident id; try again")


def _known(value: str | None, known: Collection[str] | None, option: str) -> None:
    """A UserError with the closest names when ``value`` is not one the policy knows."""
    if value is None or known is None or value in known:
        return
    hint = did_you_mean(value, known).rstrip() or f"expected one of: {known_list(known)}"
    raise UserError(f"{option} {value}: not known to this repository's policy; {hint}")
