"""Settings from ``[tool.incidentctl]`` in the repository's pyproject.toml, with defaults.

``Settings`` is a plain value; ``settings_schema`` validates a table into it with pydantic.
Why apart: a warm ``validate`` whose table was validated before (the cache says so) builds
the value directly and never pays for pydantic at all.
"""

from __future__ import annotations

import contextlib
import json
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from incidentctl.errors import ConfigError

Table = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Settings:
    """Where things live and how ids look. Paths are relative to the repository root."""

    id_prefix: str = "INC"
    incidents_dir: str = "incidents"
    playbooks_dir: str = "docs/playbooks"
    policy_dir: str = "schemas"
    display_timezone: str = "UTC"
    scan_secrets: bool = True
    email_allowlist: tuple[str, ...] = ("example.com", "example.org", "example.net")

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_valid_table(cls, table: Table) -> Settings:
        """Build from a table that validated before (TOML arrays become tuples)."""
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in table.items()
        }
        return cls(**values)


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
    from incidentctl.settings_schema import validate_table

    return validate_table(table)
