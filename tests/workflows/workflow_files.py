from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import REPO
from incidentctl.load import yaml as yamlsource

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def load(path: Path) -> Any:
    """Workflows through our own strict loader (PyYAML would read the `on:` key as True)."""
    loaded, findings = yamlsource.load(path.read_text(), str(path))
    assert loaded is not None, findings
    return loaded.data
