"""Render a CheckResult as text, JSON or GitHub workflow commands; the registry picks one."""

from __future__ import annotations

import os
from collections.abc import Callable

from incidentctl.reporters.github import render_github
from incidentctl.reporters.json import render_json
from incidentctl.reporters.text import render_text
from incidentctl.results import CheckResult

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
