"""GitHub Actions workflow commands, so problems show inline on the pull request's diff."""

from __future__ import annotations

from incidentctl.reporters.text import summary
from incidentctl.validate import CheckResult


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        props = [f"file={_prop(f.path)}"]
        if f.line > 0:
            props += [f"line={f.line}", f"col={f.col}"]
        props.append(f"title={_prop(f.rule_id)}")
        lines.append(f"::{f.level.value} {','.join(props)}::{_data(f.message)}")
    lines.append(summary(result, color=False))
    return "\n".join(lines) + "\n"
