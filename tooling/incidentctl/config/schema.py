"""The schema of ``[tool.incidentctl]``: pydantic checks a table and gives a ``Settings``."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from incidentctl.config.settings import Settings
from incidentctl.errors import ConfigError

RelDir = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")]
Domain = Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]
# A branch name as git allows it (never an option "-x" nor a range "a..b": see below).
GitRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._/-]{1,200}$")]
_DEFAULT = Settings()


class SettingsTable(BaseModel):
    """Strict: a table that validates is exactly the ``Settings`` it gives (no coercion).

    Built when a table is first validated (``defer_build``), as the record models are.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    id_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{0,15}$")] = (
        _DEFAULT.id_prefix
    )
    incidents_dir: RelDir = _DEFAULT.incidents_dir
    playbooks_dir: RelDir = _DEFAULT.playbooks_dir
    policy_dir: RelDir = _DEFAULT.policy_dir
    display_timezone: str = _DEFAULT.display_timezone
    timezone: str | None = _DEFAULT.timezone
    scan_secrets: bool = _DEFAULT.scan_secrets
    email_allowlist: list[Domain] = list(_DEFAULT.email_allowlist)
    clock_skew_minutes: Annotated[int, Field(ge=0, le=1440)] = _DEFAULT.clock_skew_minutes
    base_branch: GitRef | None = _DEFAULT.base_branch

    @field_validator("incidents_dir", "playbooks_dir", "policy_dir")
    @classmethod
    def _inside_repo(cls, value: str) -> str:
        if any(part in (".", "..") for part in value.split("/")):
            raise ValueError("must be a path inside the repository, without '.' or '..'")
        return value

    @field_validator("base_branch")
    @classmethod
    def _branch_name(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith(("-", "/")) or ".." in value):
            raise ValueError("must be a branch name such as main or origin/main")
        return value

    @field_validator("display_timezone", "timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone name such as Europe/Berlin") from exc
        return value


def validate_table(table: object) -> Settings:
    try:
        checked = SettingsTable.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(table)"
        msg = f"pyproject.toml: [tool.incidentctl] {key}: {err['msg']}"
        raise ConfigError(msg) from exc
    return Settings.from_valid_table(checked.model_dump())
