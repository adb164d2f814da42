"""Load the archive for the site through the loader and the rules; keep only what validated.

The same ``run_validate`` that ``incidentctl validate`` runs judges every folder and playbook;
a record with an error finding is left out (``Rejected``, with its finding lines), and only
the others are loaded into models. A policy with errors stops the build: a broken policy
file falls back to its built-in default, which might publish what the repository restricts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections import defaultdict
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.findings import Finding
from incidentctl.load.discovery import discover, folder_of, is_under
from incidentctl.load.documents import ASSETS_DIR, PostmortemDoc, Unit
from incidentctl.load.records import load_playbook, load_unit
from incidentctl.load.sources import FsSource
from incidentctl.models.incident import Incident, Visibility
from incidentctl.models.policy import Lifecycle
from incidentctl.policy.load import load_policy
from incidentctl.policy.value import Policy
from incidentctl.report import ReportPolicy, facts_of
from incidentctl.reporters.escape import finding_line
from incidentctl.runs.validate import run_validate
from incidentctl.site.layout import is_image
from incidentctl.site.values import Archive, PlaybookRecord, Record, Rejected, Withheld

INCIDENT_ID = re.compile(r"^[A-Z][A-Z0-9]{0,15}-[0-9]{4}-[0-9]{4,6}$")  # models.base.IncidentId


def collect(root: Path, settings: Settings, now: dt.datetime | None = None) -> Archive:
    """Every incident and playbook that validated, and what was left out and why."""
    result = run_validate(root, settings, [])
    errors = [f for f in result.findings if f.is_error]
    policy_errors = [f for f in errors if is_under(f.path, settings.policy_dir)]
    if policy_errors:
        lines = "; ".join(finding_line(f) for f in policy_errors[:5])
        raise UserError(f"the policy has errors, so nothing can be published safely: {lines}")
    by_folder: dict[str, list[Finding]] = defaultdict(list)
    by_playbook: dict[str, list[Finding]] = defaultdict(list)
    for f in errors:
        folder = folder_of(f.path, settings.incidents_dir, entry=True)
        if folder is not None:
            by_folder[folder].append(f)
        else:
            by_playbook[f.path].append(f)
    policy = load_policy(root, settings.policy_dir).policy
    inv = discover(root, settings)
    source = FsSource(root)
    records: list[Record] = []
    rejected = [
        _rejected(f"{settings.incidents_dir}/{k}", v, Withheld(_ids(k), "", True))
        for k, v in by_folder.items()
        if k not in inv.folders
    ]
    for folder in inv.folders:
        unit, found = load_unit(source, settings, folder)
        if folder in by_folder:
            where = f"{settings.incidents_dir}/{folder}"
            rejected.append(_rejected(where, by_folder[folder], _withheld(policy, unit)))
            continue
        if unit.incident is None or any(f.is_error for f in found):
            rejected.append(_rejected(unit.incident_path, found, _withheld(policy, unit)))
            continue
        assets = _assets(root / settings.incidents_dir / folder / ASSETS_DIR)
        records.append(_record(policy, unit.incident.model, unit.postmortem, assets))
    playbooks = []
    for path in inv.playbooks:
        if path in by_playbook:
            rejected.append(_rejected(path, by_playbook[path]))
            continue
        doc, found = load_playbook(source, path)
        if doc is not None and not any(f.is_error for f in found):
            playbooks.append(PlaybookRecord(doc.stem, doc.model, doc.body))
    rejected.sort(key=lambda r: r.path)
    return Archive(
        records, playbooks, rejected, now or dt.datetime.now(dt.UTC),
        ReportPolicy.of(policy), settings.display_timezone,
    )  # fmt: skip


def _record(
    policy: Policy, incident: Incident, pm: PostmortemDoc | None, assets: tuple[str, ...]
) -> Record:
    lifecycle = policy.lifecycle_for(incident)
    state = lifecycle.states.get(incident.status) if lifecycle else None
    return Record(
        incident,
        policy.visibility(incident),
        phase=(state.phase or "") if state else "",
        ongoing=bool(state and not state.terminal and state.phase in _first_phases(lifecycle)),
        postmortem=pm.model if pm else None,
        postmortem_body=pm.body if pm else None,
        assets=assets,
        facts=facts_of(incident, pm.model if pm else None, policy),
    )


def _first_phases(lifecycle: Lifecycle | None) -> tuple[str, ...]:
    """The first two phases of a lifecycle, in the order its states name them."""
    phases: list[str] = []
    for state in lifecycle.states.values() if lifecycle else ():
        if state.phase and state.phase not in phases:
            phases.append(state.phase)
    return tuple(phases[:2])


def _rejected(path: str, findings: list[Finding], withheld: Withheld | None = None) -> Rejected:
    errors = [f for f in findings if f.is_error] or findings
    return Rejected(path, tuple(finding_line(f) for f in errors[:3]), withheld)


def _ids(*names: str) -> tuple[str, ...]:
    """The names shaped like an incident id (what a link or a mention would use)."""
    return tuple(sorted({n for n in names if INCIDENT_ID.match(n)}))


def _withheld(policy: Policy, unit: Unit) -> Withheld:
    """What a record that failed may still be named by: its folder's id, its title if it reads.

    Its visibility is known only when its ``visibility`` and ``type`` survived validation;
    anything else counts as restricted, the safe choice.
    """
    saved = unit.salvaged_incident
    if saved is None:
        return Withheld(_ids(unit.folder), "", True)
    model, damaged = saved.doc.model, {path[0] for path in saved.damaged if path}
    title = model.title if "title" not in damaged else ""
    known = not damaged & {"visibility", "type"}
    restricted = not known or policy.visibility(model) is Visibility.RESTRICTED
    ids = _ids(unit.folder, model.id if "id" not in damaged else "")
    return Withheld(ids, title, restricted)


def _assets(folder: Path) -> tuple[str, ...]:
    """Regular image files directly in ``assets/``: no links, no folders, nothing too large."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):  # a linked assets/ is not followed
            return ()
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    names = []
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and is_image(entry.name, st.st_size):
            names.append(entry.name)
    return tuple(sorted(names))
