"""The one value every check returns: a problem at a place in a file, under a rule id."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A problem found in a file. Positions are 1-based; line 0 means "the whole file".

    Messages name rules, fields and positions, never values from the file, so that a
    restricted record's content cannot leak into a CI log.
    """

    path: str
    line: int
    col: int
    rule_id: str
    message: str
    level: Level = Level.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.rule_id} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Sort by place, then rule, and drop exact repeats (two rules can meet one cause)."""
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.col, f.rule_id, f.message))
