"""What every rule may consult: the policy, the archive index, settings and today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from incidentctl.config import Settings
from incidentctl.findings import Finding, Level
from incidentctl.load.documents import ArchiveIndex
from incidentctl.rules import RULES

if TYPE_CHECKING:  # a warm run builds findings without importing the models
    from incidentctl.load.yaml import Loaded, Path
    from incidentctl.policy.value import Policy


@dataclass(frozen=True)
class Context:
    policy: Policy
    index: ArchiveIndex
    settings: Settings
    today: dt.date
    now: dt.datetime | None = None  # None: the end of ``today`` (see rules.clock)
    committed: bool = False  # ``now`` is a commit's time (check, audit), not the clock


def finding(path: str, pos: tuple[int, int], rule: str, message: str) -> Finding:
    """A finding at the rule's registered level (an unregistered id is a bug: KeyError)."""
    return Finding(path, pos[0], pos[1], rule, message, RULES[rule].level)


def at(loaded: Loaded, path: str, loc: Path, rule: str, message: str) -> Finding:
    return finding(path, loaded.value_pos(loc), rule, message)


def at_key(loaded: Loaded, path: str, loc: Path, rule: str, message: str) -> Finding:
    return finding(path, loaded.key_pos(loc), rule, message)


__all__ = ["Context", "Level", "at", "at_key", "finding"]
