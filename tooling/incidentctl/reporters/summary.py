"""The pull request's job summary: what each touched incident went through, in Markdown.

Written to ``$GITHUB_STEP_SUMMARY`` by ``check``. Job summaries of public repositories are
public, so a title is shown only for ``public`` records; the rest show their id, states,
severity and the names of the fields that changed, never content. Every value is escaped
(``escape.markdown_text``/``markdown_code``): a title or folder name cannot add HTML, a
link, a table row or a heading.
"""

from __future__ import annotations

from typing import Any

from incidentctl.load.documents import Unit
from incidentctl.models.incident import Visibility
from incidentctl.policy.value import Policy
from incidentctl.reporters.escape import markdown_code, markdown_text
from incidentctl.rules.results import CheckResult


def render_summary(units: list[tuple[Unit, Unit]], result: CheckResult, policy: Policy) -> str:
    errors, warnings = result.errors, result.warnings
    verdict = "passed" if result.ok else "failed"
    lines = [f"## incidentctl check: {verdict}", ""]
    lines.append(f"{len(units)} incident{'s' * (len(units) != 1)} touched; {errors} error{'s' * (errors != 1)},"
                 f" {warnings} warning{'s' * (warnings != 1)}.")  # fmt: skip
    if units:
        lines += ["", "| incident | state | severity | changed |", "|---|---|---|---|"]
        lines += [_row(old, new, policy) for old, new in units]
    return "\n".join(lines) + "\n"


def _row(old: Unit, new: Unit, policy: Policy) -> str:
    before = old.incident.model if old.incident else None
    after = new.incident.model if new.incident else None
    current = after or before
    name = f"`{markdown_code(new.folder)}`"
    if current is not None and policy.visibility(current) is Visibility.PUBLIC:
        name += f" {markdown_text(current.title)}"
    elif current is not None:
        name += f" ({policy.visibility(current).value})"
    if not new.has_incident_file:
        state = "deleted"
    elif after is None:
        state = "does not parse"
    elif before is None:
        state = f"new: {markdown_text(after.status)}"
    elif before.status == after.status:
        state = markdown_text(after.status)
    else:
        state = f"{markdown_text(before.status)} → {markdown_text(after.status)}"
    severity = _move(before.severity if before else None, after.severity if after else None)
    return f"| {name} | {state} | {severity} | {_changed(before, after, old, new)} |"


def _move(a: str | None, b: str | None) -> str:
    a, b = (markdown_text(v) if v else None for v in (a, b))
    if a == b:
        return a or "-"
    return f"{a or '-'} → {b or '-'}"


def _changed(before: Any, after: Any, old: Unit, new: Unit) -> str:
    fields: list[str] = []
    if before is not None and after is not None:
        a, b = before.model_dump(mode="json"), after.model_dump(mode="json")
        fields = [k for k in b if a.get(k) != b.get(k)]
    elif after is not None:
        fields = ["new record"]
    if old.has_postmortem_file != new.has_postmortem_file or (
        old.postmortem and new.postmortem and old.postmortem.model != new.postmortem.model
    ):
        fields.append("postmortem")
    return ", ".join(f"`{markdown_code(f)}`" for f in fields) or "-"
