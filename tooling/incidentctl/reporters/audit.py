"""Render an audit: refusals with the commit that introduced them, and one incident's trail."""

from __future__ import annotations

import json
from dataclasses import asdict

from incidentctl.history.results import AuditResult, TrailRow
from incidentctl.reporters.github import escape_data, escape_property


def render_audit(result: AuditResult, fmt: str) -> str:
    if fmt == "json":
        problems = [
            {
                "path": r.finding.path, "line": r.finding.line, "column": r.finding.col,
                "rule": r.finding.rule_id, "severity": r.finding.level.value,
                "message": r.finding.message, "commit": r.commit, "author": r.author,
                "committed_at": r.committed_at,
            }
            for r in result.refusals
        ]  # fmt: skip
        ok = not any(r.finding.is_error for r in result.refusals)
        doc = {"ok": ok, "commits": result.commits, "problems": problems}
        return json.dumps(doc, indent=2) + "\n"
    lines = []
    for r in result.refusals:
        f, who = r.finding, f"commit {r.commit[:10]} by {r.author}"
        if fmt == "github":
            props = f"file={escape_property(f.path)},title={escape_property(f.rule_id)}"
            if f.line > 0:
                props = f"file={escape_property(f.path)},line={f.line},col={f.col},title={escape_property(f.rule_id)}"
            lines.append(f"::{f.level.value} {props}::{escape_data(f'{f.message} ({who})')}")
        else:
            lines.append(f"{f} ({who})")
    errors = sum(r.finding.is_error for r in result.refusals)
    verdict = "ok" if errors == 0 else "failed"
    lines.append(
        f"{verdict}: {result.commits} commits replayed, {len(result.refusals)} problems ({errors} errors)"
    )
    return "\n".join(lines) + "\n"


def render_trail(incident_id: str, rows: list[TrailRow], fmt: str) -> str:
    if fmt == "json":
        return (
            json.dumps({"incident": incident_id, "commits": [asdict(r) for r in rows]}, indent=2)
            + "\n"
        )
    out = [f"{incident_id}: {len(rows)} commit{'s' * (len(rows) != 1)}"]
    for r in rows:
        move = f"{r.status_before or '(new)'} -> {r.status_after or '(gone)'}"
        if r.status_before == r.status_after:
            move = f"{r.status_after} (unchanged)"
        declared = ", ".join(f"{state} at {when}" for state, when in r.declared)
        out.append(f"{r.commit[:10]}  {r.committed_at}  {r.author}  {move}")
        if declared:
            out.append(f"    declared: {declared}")
        out += [f"    ! {remark}" for remark in r.remarks]
    return "\n".join(out) + "\n"
