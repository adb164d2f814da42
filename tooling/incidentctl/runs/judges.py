"""Who judges a pull request: the base branch's settings and policy, read from git objects.

Why: a pull request that loosens ``[tool.incidentctl]`` (``scan_secrets = false``, another
``incidents_dir``) or ``schemas/`` (a closed state made reopenable) in the same change as the
records it lets through would otherwise judge itself. The base branch's settings and policy
always judge; a change that edits them is reported as such (``policy.changed``, for an owner's
review) and its records must also pass under its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from incidentctl.config import PYPROJECT, Settings, parse_table, settings_from_table
from incidentctl.errors import ConfigError
from incidentctl.findings import Finding
from incidentctl.history.git import ChangedFile, GitRepo
from incidentctl.load.discovery import is_under
from incidentctl.load.sources import SymlinkError
from incidentctl.policy.load import LoadedPolicy, load_policy
from incidentctl.rules.context import finding


@dataclass(frozen=True)
class Judge:
    """Settings and the policy loaded under them."""

    settings: Settings
    loaded: LoadedPolicy


def settings_at(repo: GitRepo, rev: str, label: str) -> Settings:
    """``[tool.incidentctl]`` as committed at ``rev`` (never the working tree's)."""
    where = f"{PYPROJECT} at {label}"
    try:
        raw = repo.source(rev, [PYPROJECT]).read(PYPROJECT)
    except SymlinkError:
        raise ConfigError(
            f"{where}: cannot be used (a symbolic link); commit the file itself"
        ) from None
    try:
        return settings_from_table(parse_table(raw, where))
    except ConfigError as exc:
        message = str(exc)
        if not message.startswith(where):
            message = message.replace(f"{PYPROJECT}:", f"{where}:", 1)
        raise ConfigError(message) from None


def judge_at(repo: GitRepo, rev: str, settings: Settings) -> Judge:
    source = repo.source(rev, [settings.policy_dir])
    return Judge(settings, load_policy(source, settings.policy_dir))


def policy_changes(changes: list[ChangedFile], before: Settings, after: Settings) -> list[str]:
    """What a change does to the policy and settings: changed policy files, then changed keys.

    ``before`` is the settings at the merge base, ``after`` at the head: a base branch that
    moved on since the change branched off is not the change's doing.
    """
    dirs = {before.policy_dir, after.policy_dir}
    files = {
        p for c in changes for p in (c.path, c.old_path) if p and any(is_under(p, d) for d in dirs)
    }
    old, new = asdict(before), asdict(after)
    return sorted(files) + [f"[tool.incidentctl] {k}" for k in new if old[k] != new[k]]


def changed_finding(changed: list[str]) -> Finding:
    """One finding naming what changed, at the first changed file (or pyproject.toml)."""
    path = PYPROJECT if changed[0].startswith("[tool.") else changed[0]
    shown = ", ".join(changed[:8]) + (f" and {len(changed) - 8} more" if len(changed) > 8 else "")
    msg = (
        f"this change edits the policy or the settings ({shown}); its records must pass under"
        " the base branch's policy and under its own: have a policy owner review it"
    )
    return finding(path, (0, 0), "policy.changed", msg)
