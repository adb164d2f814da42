"""Stage 6, reporters. Takes a run's result value; gives the text a person or a tool reads.

Every printed finding goes through here: text, JSON and GitHub workflow commands for
``CheckResult`` (the registry picks one), the audit's and transition's output, the pull
request's Markdown summary. Reporters return strings; only ``cli`` writes them out.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from incidentctl.reporters.github import render_github
from incidentctl.reporters.json import render_json
from incidentctl.reporters.text import render_text
from incidentctl.rules.results import CheckResult

Reporter = Callable[[CheckResult, bool], str]

REPORTERS: dict[str, Reporter] = {
    "text": render_text,
    "json": lambda result, _color: render_json(result),
    "github": lambda result, _color: render_github(result),
}
FORMATS = ("auto", *REPORTERS)


def resolve_format(name: str) -> str:
    """``auto`` is ``github`` inside GitHub Actions, else ``text``."""
    if name != "auto":
        return name
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


__all__ = ["FORMATS", "REPORTERS", "resolve_format"]
