"""The settings value: where things live and how ids look (a plain dataclass, no pydantic)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

Table = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Settings:
    """Where things live and how ids look. Paths are relative to the repository root."""

    id_prefix: str = "INC"
    incidents_dir: str = "incidents"
    playbooks_dir: str = "docs/playbooks"
    policy_dir: str = "schemas"
    display_timezone: str = "UTC"
    # The zone naive times in records were written in (an import's source zone); None: such
    # a time is refused (schema.naive-timestamp). A record's own ``timezone`` comes first.
    timezone: str | None = None
    scan_secrets: bool = True
    email_allowlist: tuple[str, ...] = ("example.com", "example.org", "example.net")
    clock_skew_minutes: int = 5
    # The branch ``validate`` compares new incident ids with (incident.id-clash); None: the
    # remote's default branch (origin/HEAD), else origin/main, else main.
    base_branch: str | None = None

    def model_context(self) -> dict[str, Any]:
        """What record validation needs from the settings (pydantic's validation context)."""
        return {"timezone": self.timezone}

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_valid_table(cls, table: Table) -> Settings:
        """Build from a table that validated before (TOML arrays become tuples)."""
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in table.items()
        }
        return cls(**values)
