"""``check``: validate what a pull request changes and compare it with the merge base.

Reads every version from git objects (never the working tree), and parses only the incident
folders, playbooks and policy files the change touches: cost grows with the change, not with
the archive (the cross-file index is folder names from ``git ls-tree``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from incidentctl.config import PYPROJECT, Settings
from incidentctl.errors import GitError
from incidentctl.findings import Finding, sort_findings
from incidentctl.history import compare as history
from incidentctl.history.git import ChangedFile, GitRepo, open_repo
from incidentctl.history.plan import touched_folders, written_modes
from incidentctl.load.committed import entry_findings, folder_links
from incidentctl.load.discovery import (
    FOLDER_ID,
    archive_index,
    folder_name_finding,
    folder_of,
    is_playbook_path,
    is_under,
)
from incidentctl.load.documents import PlaybookDoc, Unit
from incidentctl.load.records import load_playbook, load_unit
from incidentctl.load.sources import BlobSource
from incidentctl.policy.load import LoadedPolicy
from incidentctl.policy.value import Policy
from incidentctl.rules.check import check_playbooks, check_unit
from incidentctl.rules.context import Context
from incidentctl.rules.policy import check_policy_files
from incidentctl.rules.results import CheckResult
from incidentctl.runs.idclash import id_clashes
from incidentctl.runs.judges import (
    Judge,
    changed_finding,
    judge_at,
    policy_changes,
    settings_at,
)
from incidentctl.runs.removed import folders_naming_removed

_ARGS_BUDGET = 128 << 10  # bytes of paths on one git command line (see fits_on_command_line)


@dataclass(frozen=True)
class CheckRun:
    result: CheckResult
    base: str
    merge_base: str
    head: str
    dirty: bool  # uncommitted edits where ``dirty_scoped`` says git was asked
    dirty_scoped: bool  # asked of the change's own files only (else of the whole archive)
    units: list[tuple[Unit, Unit]]  # (base, head) of every incident folder the change touches
    policy: Policy  # the base branch's: it judges the change


def run_check(
    root: Path, base_rev: str, head_rev: str = "HEAD", today: dt.date | None = None
) -> CheckRun:
    """Check ``merge-base(base, head)..head``, judged by the base branch (``runs.judges``)."""
    with open_repo(root) as repo:
        head, base = repo.resolve(head_rev), repo.resolve(base_rev)
        merge_base = repo.merge_base(base, head)
        if merge_base is None:
            if repo.is_shallow():
                raise GitError(_shallow_message(repo, base_rev, base, head))
            merge_base = base  # unrelated histories: compare with the base itself
        settings, head_settings = (
            settings_at(repo, base, base_rev),
            settings_at(repo, head, head_rev),
        )
        paths = sorted({p for s in (settings, head_settings) for p in _dirs(s)})
        changes = repo.changed_files(merge_base, head, paths)
        own = judge_at(repo, head, head_settings)  # the change's own policy files
        changed = policy_changes(
            changes, settings_at(repo, merge_base, "the merge base"), head_settings
        )
        judges = [judge_at(repo, base, settings), *([own] if changed else [])]
        # a commit's own "now", but never later than the clock: its date is the author's word
        day, now = today or dt.date.today(), min(repo.committed_at(head), dt.datetime.now(dt.UTC))
        result, units = _judged(repo, changes, judges, merge_base, head, (day, now))
        result = result.merged(_policy_files(own, changes, changed))
        clashes = id_clashes(repo, units, (base, merge_base, head), base_rev, settings)
        result = result.merged(CheckResult(clashes, 0))
        everything = sorted({*paths, PYPROJECT})
        at_head = head_rev == "HEAD"  # only a check of HEAD asks about the working tree
        scope = (
            _watched(changes, (settings, head_settings), result) if changes and at_head else None
        )
        dirty = at_head and repo.uncommitted(scope or everything)
        policy = judges[0].loaded.policy
        return CheckRun(result, base, merge_base, head, dirty, scope is not None, units, policy)


def judged(result: CheckResult) -> bool:
    """Whether ``check`` judged anything: a file checked or a finding (a bad path, say)."""
    return bool(result.files_checked or result.findings)


def _watched(
    changes: list[ChangedFile], settings: tuple[Settings, ...], result: CheckResult
) -> list[str] | None:
    """What the uncommitted-changes note asks git about, for a change that committed something.

    The incident folders the change touches (a renamed record's old one too), the playbooks,
    the policy and pyproject.toml: there the working copy may differ from what was judged.
    Not the rest of the archive: asking git about all of it walks every folder (1.4 s of a
    2.3 s ``check`` at 50,000 incidents), and an edit to an unrelated record is not part of
    the change. The names come from the change, so they are literal pathspecs (``*`` in a
    name is no glob). None (ask about everything) when a record names an incident the
    archive lacks (it may be there, uncommitted: the note then explains the finding), and
    when the paths would not fit on git's command line (``_ARGS_BUDGET``).
    """
    if any(f.rule_id == "ref.unknown-incident" for f in result.findings):
        return None
    watched = {PYPROJECT, *(d for s in settings for d in (s.playbooks_dir, s.policy_dir))}
    watched |= {
        f"{s.incidents_dir}/{name}"
        for c in changes
        for path in (c.path, c.old_path)
        if path is not None
        for s in settings
        if (name := folder_of(path, s.incidents_dir, entry=True)) is not None
    }
    specs = sorted(f":(literal){p}" for p in watched)
    return specs if fits_on_command_line(specs) else None


def fits_on_command_line(paths: list[str]) -> bool:
    """Whether ``paths`` can be git arguments: their bytes within ``_ARGS_BUDGET``.

    Linux allows about 2 MB of arguments and environment together (a long folder name is
    allowed in a git tree); past the budget, callers ask about the folders above instead.
    """
    return sum(len(p.encode()) + 1 for p in paths) <= _ARGS_BUDGET


def _dirs(settings: Settings) -> tuple[str, str, str]:
    return settings.incidents_dir, settings.playbooks_dir, settings.policy_dir


def _policy_files(own: Judge, changes: list[ChangedFile], changed: list[str]) -> CheckResult:
    """The change's own policy files: parse errors always, their rules when it edits them."""
    loaded, policy_dir = own.loaded, own.settings.policy_dir
    edited = any(is_under(c.path, policy_dir) for c in changes)
    findings = [*loaded.findings]
    if edited:
        findings += check_policy_files(loaded.files, loaded.policy)
    if changed:
        findings.append(changed_finding(changed))
    return CheckResult(sort_findings(findings), len(loaded.files) if edited else 0)


def _judged(
    repo: GitRepo,
    changes: list[ChangedFile],
    judges: list[Judge],
    merge_base: str,
    head: str,
    when: tuple[dt.date, dt.datetime],
) -> tuple[CheckResult, list[tuple[Unit, Unit]]]:
    """Every judge's findings, merged; files and units are counted under the base's."""
    merged, units = CheckResult(), list[tuple[Unit, Unit]]()
    for n, judge in enumerate(judges):
        s = judge.settings
        folder = functools.partial(folder_of, incidents_dir=s.incidents_dir)
        touched = touched_folders(changes, folder, s.incidents_dir)
        touched[0].update(folders_naming_removed(repo, changes, s, head))
        needed = [s.playbooks_dir, *(f"{s.incidents_dir}/{f}" for f in sorted(touched[0]))]
        if not fits_on_command_line(needed):  # thousands of long folder names: list them all
            needed = [s.playbooks_dir, s.incidents_dir]
        head_src = repo.source(head, needed, (s.incidents_dir,))  # the index: names only
        base_src = repo.source(merge_base, needed)  # nothing reads the base's index
        result, found = _check(changes, touched, head_src, base_src, s, when, judge.loaded)
        merged = merged.merged(result if n == 0 else CheckResult(result.findings, 0))
        units = units or found
    return merged, units


def _shallow_message(repo: GitRepo, base_rev: str, base: str, head: str) -> str:
    ahead = repo.commits_between(base, head)
    return (
        f"no merge base of {base_rev} and HEAD: this clone is shallow, so their common history is"
        f" missing. Fetch the full history (actions/checkout with 'fetch-depth: 0', or"
        f" 'git fetch --unshallow'), or at least {ahead + 1} more commits of each side"
        f" ('git fetch --deepen={ahead + 1} origin', more if the base moved on)"
    )


def _check(
    changes: list[ChangedFile],
    touched: tuple[set[str], dict[str, str]],
    head: BlobSource,
    base: BlobSource,
    settings: Settings,
    when: tuple[dt.date, dt.datetime],
    loaded: LoadedPolicy,
) -> tuple[CheckResult, list[tuple[Unit, Unit]]]:
    index = archive_index(
        head.listdir(settings.incidents_dir), head.listdir(settings.playbooks_dir)
    )
    ctx = Context(loaded.policy, index, settings, when[0], when[1], committed=True)
    findings: list[Finding] = []
    files = 0
    folders, moved = touched
    units = []
    for folder in sorted(folders):
        if not FOLDER_ID.match(folder):  # as validate: named wrong, so not a record at all
            if head.listdir(f"{settings.incidents_dir}/{folder}"):
                findings.append(folder_name_finding(f"{settings.incidents_dir}/{folder}"))
            continue
        new, found = load_unit(head, settings, folder)
        old, _ = load_unit(base, settings, folder)  # the base's own problems are not ours
        if head.listdir(f"{settings.incidents_dir}/{folder}"):  # the folder still exists
            findings += (
                found + check_unit(new, ctx) + folder_links(head, settings.incidents_dir, folder)
            )
        findings += history.compare_units(old, new, ctx, moved.get(folder))
        files += new.has_incident_file + new.has_postmortem_file
        units.append((old, new))
    docs: list[PlaybookDoc] = []
    for path in sorted(
        {c.path for c in changes if is_playbook_path(c.path, settings.playbooks_dir) and c.new_blob}
    ):
        doc, found = load_playbook(head, path)
        findings += found
        files += 1
        docs += [doc] if doc else []
    findings += check_playbooks(docs, ctx)
    # the folders it loaded have folder_links above
    findings += entry_findings(written_modes(changes), settings, in_folders=False)
    return CheckResult(sort_findings(findings), files), units


__all__ = ["CheckRun", "fits_on_command_line", "judged", "run_check"]
