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

__all__ = [
    "PYPROJECT",
    "Settings",
    "Table",
    "find_root",
    "load_settings",
    "parse_table",
    "read_table",
    "settings_from_table",
    "table_key",
]


def find_root(start: Path) -> Path:
    """The repository root: the nearest ancestor with a ``.git`` or an ``incidents/`` folder."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists() or (candidate / "incidents").is_dir():
            return candidate
    return start


PYPROJECT = "pyproject.toml"


def read_table(root: Path) -> Any:
    """``[tool.incidentctl]`` of the working tree, as written; a missing one is empty."""
    pyproject = root / PYPROJECT
    return parse_table(pyproject.read_bytes() if pyproject.is_file() else None)


def parse_table(raw: bytes | None, where: str = PYPROJECT) -> Any:
    """``[tool.incidentctl]`` from a pyproject.toml's bytes (maybe not a table; None: empty).

    ``where`` names the file in errors: ``check`` reads it from a commit, not the tree.
    """
    if raw is None:
        return {}
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot be read as TOML ({exc})") from exc
    tool = doc.get("tool", {})
    return tool.get("incidentctl", {}) if isinstance(tool, dict) else {}


def settings_from_table(table: Any) -> Settings:
    """Validate a table (strictly); a bad key or value is a ConfigError."""
    if table == {}:
        return Settings()
    from incidentctl.config.schema import validate_table

    return validate_table(table)


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
    return settings_from_table(table)
