"""Render an audit: refusals with the commit that introduced them, and one incident's trail.

Authors, paths and record values come from the history; every text line is made visible
(``escape.visible``) and every workflow command escaped, so no commit can forge a line.
"""

from __future__ import annotations

from dataclasses import asdict

from incidentctl.history.results import AuditResult, TrailRow
from incidentctl.reporters.escape import finding_line, json_text, visible
from incidentctl.reporters.github import workflow_command
from incidentctl.reporters.text import count


def render_audit(result: AuditResult, fmt: str) -> str:
    if fmt == "json":
        problems = [
            {
                "path": r.finding.path, "line": r.finding.line, "column": r.finding.col,
                "rule": r.finding.rule_id, "severity": r.finding.level.value,
                "message": r.finding.message, "commit": r.commit, "author": r.author,
                "committed_at": r.committed_at, "acknowledged": r.acknowledged,
            }
            for r in result.refusals
        ]  # fmt: skip
        doc = {"ok": result.ok, "commits": result.commits, "problems": problems}
        return json_text(doc | {"unused_acknowledgements": result.unused})
    lines = []
    for r in result.refusals:
        f, who = r.finding, f"commit {r.commit[:10]} by {r.author}"
        seen = f"; acknowledged: {r.acknowledged}" if r.acknowledged else ""
        if fmt == "github":
            lines.append(workflow_command(f, f"{f.message} ({who}{seen})"))
        else:
            lines.append(f"{finding_line(f)} ({visible(who + seen)})")
    return "\n".join([*lines, _summary(result)]) + "\n"


def _summary(result: AuditResult) -> str:
    acked = [r for r in result.refusals if r.acknowledged]
    errors = sum(r.fails for r in result.refusals)
    warnings = sum(not r.finding.is_error and not r.acknowledged for r in result.refusals)
    counts = f"{count(errors, 'error')}, {count(warnings, 'warning')}"
    if acked:
        counts += f", {len(acked)} acknowledged"
    if result.unused:
        counts += f" ({count(result.unused, 'acknowledgement')} in the baseline matched nothing)"
    verdict = "ok" if result.ok else "failed"
    return f"{verdict}: {count(result.commits, 'commit')} replayed, {counts}"


def render_trail(incident_id: str, rows: list[TrailRow], fmt: str) -> str:
    if fmt == "json":
        return json_text({"incident": incident_id, "commits": [asdict(r) for r in rows]})
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
    # Each line is built from our own printable words and the history's values: made
    # visible whole, no value can add a line. (github prints the trail as text too.)
    return "".join(visible(line) + "\n" for line in out)
