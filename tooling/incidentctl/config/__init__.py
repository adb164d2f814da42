"""Configuration. Takes the repository's pyproject.toml; gives a ``Settings`` value.

``Settings`` (``config.settings``) is a plain value; ``config.schema`` validates a
``[tool.incidentctl]`` table into it with pydantic (and imports nothing back from here).
Why apart: a warm ``validate`` whose table was validated before (the cache says so) builds
the value directly and never pays for pydantic at all.
"""

from __future__ import annotations

import contextlib
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from incidentctl.config.settings import Settings, Table
from incidentctl.errors import ConfigError

__all__ = ["Settings", "Table", "find_root", "load_settings", "read_table", "table_key"]


def find_root(start: Path) -> Path:
    """The repository root: the nearest ancestor with a ``.git`` or an ``incidents/`` folder."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists() or (candidate / "incidents").is_dir():
            return candidate
    return start


def read_table(root: Path) -> Any:
    """``[tool.incidentctl]`` as written (maybe not a table); a missing one is empty."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    try:
        doc = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"pyproject.toml: cannot be read as TOML ({exc})") from exc
    tool = doc.get("tool", {})
    return tool.get("incidentctl", {}) if isinstance(tool, dict) else {}


def table_key(table: Any) -> str:
    """The table's canonical text: what a cache records as already validated."""
    return json.dumps(table, sort_keys=True, default=str)


def load_settings(root: Path, validated_before: Callable[[str], bool] | None = None) -> Settings:
    """Read and validate ``[tool.incidentctl]``; a bad key or value is a ConfigError."""
    table = read_table(root)
    if table == {}:
        return Settings()
    if isinstance(table, dict) and validated_before and validated_before(table_key(table)):
        with contextlib.suppress(TypeError):  # a damaged cache: validate after all
            return Settings.from_valid_table(table)
    from incidentctl.config.schema import validate_table

    return validate_table(table)
