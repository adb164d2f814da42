"""GitHub Actions workflow commands, so problems show inline on the pull request's diff."""

from __future__ import annotations

from incidentctl.reporters.text import summary
from incidentctl.rules.results import CheckResult


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        props = [f"file={escape_property(f.path)}"]
        if f.line > 0:
            props += [f"line={f.line}", f"col={f.col}"]
        props.append(f"title={escape_property(f.rule_id)}")
        lines.append(f"::{f.level.value} {','.join(props)}::{escape_data(f.message)}")
    lines.append(summary(result, color=False))
    return "\n".join(lines) + "\n"
