"""How the cache's files are read and decoded: rows of findings and references.

A cache file is ours but not trusted to be intact (a crash, a disk, another version, a hand
edit): anything malformed in it is a miss, never an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from incidentctl.findings import Finding, Level
from incidentctl.rules.references import Reference
from incidentctl.rules.results import Pending, UnitReport


def read_doc(path: Path) -> dict[str, Any]:
    """The file's JSON object; {} when it is missing, unreadable or malformed in any way.

    RecursionError too: ``json`` parses nesting recursively, so ``[[[[...]]]]`` 100,000 deep
    (a torn or hostile file) must read as a miss, not as an internal error.
    """
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    return doc if isinstance(doc, dict) else {}


def row(f: Finding) -> list[Any]:
    return [f.path, f.line, f.col, f.rule_id, f.message, f.level.value]


def _finding(row: list[Any]) -> Finding:
    path, line, col, rule, msg, level = row
    if not all(
        isinstance(v, t) for v, t in zip((path, line, col, rule, msg), _FINDING, strict=True)
    ):
        raise ValueError("a malformed finding")
    return Finding(path, line, col, rule, msg, Level(level))


def _ref(row: list[Any]) -> Reference:
    path, loc, kind, target = row
    if not all(isinstance(v, str) for v in (path, kind, target)):
        raise ValueError("a malformed reference")
    return Reference(path, tuple(loc), kind, target)


_MALFORMED = (KeyError, TypeError, ValueError)
_FINDING = (str, int, int, str, str)
_PENDING = (str, int, int, str)


def findings_of(rows: Any) -> list[Finding] | None:
    try:
        return [_finding(row) for row in rows]
    except _MALFORMED:
        return None


def report_of(entry: dict[str, Any]) -> UnitReport | None:
    try:
        findings = [_finding(row) for row in entry["findings"]]
        refs = [_ref(row) for row in entry["refs"]]
        pending = [_pending(row) for row in entry["pending"]]
        incident_id = entry["id"]
        if incident_id is not None and not isinstance(incident_id, str):
            raise TypeError("a malformed incident id")
    except _MALFORMED:
        return None
    return UnitReport(findings, refs, incident_id, pending)


def _pending(row: list[Any]) -> Pending:
    path, line, col, at = row
    if not all(isinstance(v, t) for v, t in zip((path, line, col, at), _PENDING, strict=True)):
        raise ValueError("a malformed pending time")
    return Pending(path, line, col, at)
