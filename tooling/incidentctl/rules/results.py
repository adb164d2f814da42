"""What a run returns: plain values the reporters and the cache use, free of models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from incidentctl.findings import Finding, sort_findings
from incidentctl.rules.references import Reference


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    nothing: str | None = None  # why nothing was checked, when nothing was (never "ok")

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def merged(self, other: CheckResult) -> CheckResult:
        return CheckResult(
            sort_findings([*self.findings, *other.findings]),
            self.files_checked + other.files_checked,
            self.nothing or other.nothing,
        )


class Pending(NamedTuple):
    """A timestamp later than now when its file was assessed (see ``rules.clock``)."""

    path: str
    line: int
    col: int
    at: str  # ISO 8601


@dataclass(frozen=True)
class UnitReport:
    """What a folder says on its own (cacheable), and what it points at (checked each run)."""

    findings: list[Finding]
    refs: list[Reference]
    incident_id: str | None
    # timestamps later than now when assessed: judged again on every run (rules.clock)
    pending: list[Pending] = field(default_factory=list)
