"""The edge that runs a validation: find files, load them, call the pure checks."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from incidentctl.config import Settings
from incidentctl.discovery import FOLDER_ID, PLAYBOOK_INDEX_PAGES, discover, playbook_paths
from incidentctl.documents import ArchiveIndex, PlaybookDoc
from incidentctl.errors import UserError
from incidentctl.findings import Finding, sort_findings
from incidentctl.loading import load_playbook, load_unit
from incidentctl.policyload import load_policy
from incidentctl.rules.context import Context
from incidentctl.rules.policy import check_policy_files
from incidentctl.sources import FsSource
from incidentctl.validate import CheckResult, check_playbooks, check_unit


@dataclass
class Selection:
    """What a validation covers: everything, or the incident folders and playbooks named."""

    everything: bool = False
    folders: set[str] = field(default_factory=set)
    playbooks: set[str] = field(default_factory=set)


def select(root: Path, settings: Settings, targets: list[Path]) -> Selection:
    """Map path arguments onto incident folders and playbooks; a path outside them is an error."""
    sel = Selection(everything=not targets)
    for target in targets:
        _select_one(root, settings, target, sel)
    return sel


def _select_one(root: Path, settings: Settings, target: Path, sel: Selection) -> None:
    path = target.absolute()
    if not path.exists() and not path.is_symlink():
        raise UserError(f"{target}: no such file or directory")
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise UserError(f"{target}: is outside the repository {root}") from None
    inc, pbs, pol = (tuple(d.split("/")) for d in (
        settings.incidents_dir, settings.playbooks_dir, settings.policy_dir))  # fmt: skip
    if len(parts) == 0 or parts == inc:
        sel.everything = True
    elif parts[: len(inc)] == inc and FOLDER_ID.match(parts[len(inc)]):
        sel.folders.add(parts[len(inc)])
    elif parts == pbs:
        sel.playbooks.update(playbook_paths(root, settings.playbooks_dir))
    elif parts[: len(pbs)] == pbs and len(parts) == len(pbs) + 1 and parts[-1].endswith(".md"):
        if parts[-1] not in PLAYBOOK_INDEX_PAGES:
            sel.playbooks.add("/".join(parts))
    elif parts[: len(pol)] != pol:  # policy files are always checked
        msg = f"{target}: not an incident, postmortem, playbook or policy file of this repository"
        raise UserError(msg)


Progress = Callable[[int], "ProgressBar | None"]


class ProgressBar(Protocol):
    def __enter__(self) -> Any: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
        /,
    ) -> None: ...
    def update(self, n_steps: int) -> None: ...


def run_validate(
    root: Path,
    settings: Settings,
    targets: list[Path],
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    sel = select(root, settings, targets)
    inv = discover(root, settings)
    source = FsSource(root)
    loaded_policy = load_policy(source, settings.policy_dir)
    playbook_ids = frozenset(Path(p).stem for p in inv.playbooks)
    index = ArchiveIndex(frozenset(inv.folders), playbook_ids)
    ctx = Context(loaded_policy.policy, index, settings, today or dt.date.today())
    findings: list[Finding] = [*loaded_policy.findings]
    findings += check_policy_files(loaded_policy.files, loaded_policy.policy)
    files = len(loaded_policy.files)
    folders = inv.folders if sel.everything else sorted(sel.folders)
    wanted = set(folders)
    findings += [f for f in inv.findings if sel.everything or _in_folders(f.path, settings, wanted)]
    bar = progress(len(folders)) if progress else None
    with bar or contextlib.nullcontext():
        for folder in folders:
            unit, found = load_unit(source, settings, folder)
            findings += found + check_unit(unit, ctx)
            files += unit.has_incident_file + unit.has_postmortem_file
            if bar is not None:
                bar.update(1)
    docs: list[PlaybookDoc] = []
    for path in inv.playbooks if sel.everything else sorted(sel.playbooks):
        doc, found = load_playbook(source, path)
        findings += found
        files += 1
        if doc is not None:
            docs.append(doc)
    findings += check_playbooks(docs, ctx)
    return CheckResult(sort_findings(findings), files)


def build_context(root: Path, settings: Settings, source: FsSource) -> Context:
    """The policy and index of the working tree, for commands that edit one record."""
    inv = discover(root, settings)
    policy = load_policy(source, settings.policy_dir).policy
    index = ArchiveIndex(frozenset(inv.folders), frozenset(Path(p).stem for p in inv.playbooks))
    return Context(policy, index, settings, dt.date.today())


def _in_folders(path: str, settings: Settings, folders: set[str]) -> bool:
    rest = path.removeprefix(settings.incidents_dir + "/")
    return rest.split("/", 1)[0] in folders
