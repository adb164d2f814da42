"""``path:line:col: rule-id message`` lines and a one-line summary; colour only when asked."""

from __future__ import annotations

import click

from incidentctl.reporters.escape import finding_parts, visible
from incidentctl.rules.results import CheckResult


def render_text(result: CheckResult, color: bool) -> str:
    lines = []
    for f in result.findings:
        where, rule, message = finding_parts(f)
        if color:
            where = click.style(where, bold=True)
            rule = click.style(rule, fg="red" if f.is_error else "yellow")
        lines.append(f"{where} {rule} {message}")
    lines.append(summary(result, color))
    return "\n".join(lines) + "\n"


def summary(result: CheckResult, color: bool) -> str:
    files = f"{result.files_checked} file{'s' * (result.files_checked != 1)}"
    if result.nothing and not result.findings:  # a run that checked nothing is not "ok"
        text = f"nothing checked: {visible(result.nothing)}"
        return click.style(text, fg="yellow", bold=True) if color else text
    if not result.findings:
        text = f"ok: {files} checked, no problems"
        return click.style(text, fg="green") if color else text
    parts = [count(result.errors, "error"), count(result.warnings, "warning")]
    text = f"{'failed' if not result.ok else 'ok'}: {files} checked, " + ", ".join(parts)
    if color:
        return click.style(text, fg="red" if not result.ok else "yellow", bold=True)
    return text


def count(n: int, word: str) -> str:
    """``1 error``, ``2 errors``: every summary counts the same way."""
    return f"{n} {word}{'s' * (n != 1)}"
