"""Configuration. Takes the repository's pyproject.toml; gives a ``Settings`` value.

``Settings`` (``config.settings``) is a plain value; ``config.schema`` validates a
``[tool.incidentctl]`` table into it with pydantic (and imports nothing back from here).
Why apart: a warm ``validate`` whose table was validated before (the cache says so) builds
the value directly and never pays for pydantic at all.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
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


MAX_BYTES = 1024 * 1024


def read_table(root: Path) -> Any:
    """``[tool.incidentctl]`` of the working tree, as written; a missing one is empty."""
    return parse_table(_read_pyproject(root / PYPROJECT))


def _read_pyproject(path: Path) -> bytes | None:
    """The file's bytes; never through a symlink, never a FIFO, never more than 1 MiB."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        why = "a symbolic link" if exc.errno == errno.ELOOP else exc.strerror or "unreadable"
        raise ConfigError(f"{PYPROJECT}: cannot be used ({why}); commit the file itself") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ConfigError(f"{PYPROJECT}: is not a regular file")
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{PYPROJECT}: is over 1 MiB")
    return data


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
