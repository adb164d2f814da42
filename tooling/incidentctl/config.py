"""Settings from ``[tool.incidentctl]`` in the repository's pyproject.toml, with defaults."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from incidentctl.errors import ConfigError

RelDir = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")]


class Settings(BaseModel):
    """Where things live and how ids look. Paths are relative to the repository root."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{0,15}$")] = "INC"
    incidents_dir: RelDir = "incidents"
    playbooks_dir: RelDir = "docs/playbooks"
    policy_dir: RelDir = "schemas"
    display_timezone: str = "UTC"
    scan_secrets: bool = True
    email_allowlist: list[
        Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]
    ] = [
        "example.com",
        "example.org",
        "example.net",
    ]

    @field_validator("incidents_dir", "playbooks_dir", "policy_dir")
    @classmethod
    def _inside_repo(cls, value: str) -> str:
        if any(part in (".", "..") for part in value.split("/")):
            raise ValueError("must be a path inside the repository, without '.' or '..'")
        return value

    @field_validator("display_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone name such as Europe/Berlin") from exc
        return value


def find_root(start: Path) -> Path:
    """The repository root: the nearest ancestor with a ``.git`` or an ``incidents/`` folder."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists() or (candidate / "incidents").is_dir():
            return candidate
    return start


def load_settings(root: Path) -> Settings:
    """Read ``[tool.incidentctl]``; a missing file or table means all defaults."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return Settings()
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"pyproject.toml: cannot be read as TOML ({exc})") from exc
    section = table.get("incidentctl", {}) if isinstance(table, dict) else {}
    try:
        return Settings.model_validate(section)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(table)"
        msg = f"pyproject.toml: [tool.incidentctl] {key}: {err['msg']}"
        raise ConfigError(msg) from exc
