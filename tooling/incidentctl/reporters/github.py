"""GitHub Actions workflow commands, so problems show inline on the pull request's diff."""

from __future__ import annotations

from incidentctl.findings import Finding
from incidentctl.reporters.escape import escape_data, escape_property
from incidentctl.reporters.text import summary
from incidentctl.rules.results import CheckResult


def workflow_command(f: Finding, message: str | None = None) -> str:
    """``::error file=...,line=...,col=...,title=RULE::MESSAGE``, every value escaped."""
    props = [f"file={escape_property(f.path)}"]
    if f.line > 0:
        props += [f"line={f.line}", f"col={f.col}"]
    props.append(f"title={escape_property(f.rule_id)}")
    text = f.message if message is None else message
    return f"::{f.level.value} {','.join(props)}::{escape_data(text)}"


def render_github(result: CheckResult) -> str:
    lines = [workflow_command(f) for f in result.findings]
    lines.append(summary(result, color=False))
    return "\n".join(lines) + "\n"


__all__ = ["escape_data", "escape_property", "render_github", "workflow_command"]
