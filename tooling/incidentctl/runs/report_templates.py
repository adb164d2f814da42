"""A repository's own report templates: ``.incidentctl/templates/*.j2``, read safely."""

from __future__ import annotations

from pathlib import Path

from incidentctl.errors import ConfigError
from incidentctl.load.sources import FsSource

TEMPLATE_DIR = ".incidentctl/templates"


def template_overrides(root: Path) -> dict[str, str]:
    """The repository's own report templates (``.incidentctl/templates/*.j2``), by name."""
    source = FsSource(root)
    out = {}
    for name in source.listdir(TEMPLATE_DIR):
        text = read_template(source, f"{TEMPLATE_DIR}/{name}") if name.endswith(".j2") else None
        if text is not None:  # an empty template is one too
            out[name] = text
    return out


def read_template(source: FsSource, rel: str, encoding: str = "utf-8") -> str | None:
    """A repository template's text (None if absent), read safely.

    Through ``FsSource``, so a symbolic link (the file's, or a folder's above it) is refused
    with a ``ConfigError`` naming it, never followed out of the repository.
    """
    from incidentctl.load.sources import SymlinkError

    try:
        raw = source.read(rel)
    except SymlinkError as exc:
        raise ConfigError(f"{exc.filename}: a symbolic link; commit the template itself") from None
    except OSError as exc:
        raise ConfigError(f"{rel}: cannot be read ({exc.strerror})") from None
    try:
        return None if raw is None else raw.decode(encoding)
    except UnicodeDecodeError:
        raise ConfigError(f"{rel}: not UTF-8 text") from None
