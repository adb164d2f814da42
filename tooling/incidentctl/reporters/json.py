"""A stable JSON document for tools: ``{"ok", "files_checked", "nothing_checked", "problems"}``.

Values are exact (a tool may need the real path); ``escape.json_text`` keeps the text ASCII.
"""

from __future__ import annotations

from incidentctl.reporters.escape import json_text
from incidentctl.rules.results import CheckResult


def render_json(result: CheckResult) -> str:
    doc = {
        "ok": result.ok,
        "files_checked": result.files_checked,
        "nothing_checked": result.nothing,  # null, or why nothing was checked
        "problems": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.col,
                "rule": f.rule_id,
                "severity": f.level.value,
                "message": f.message,
            }
            for f in result.findings
        ],
    }
    return json_text(doc)
