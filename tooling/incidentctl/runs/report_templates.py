"""A repository's own report templates: ``.incidentctl/templates/*.j2``, read safely."""

from __future__ import annotations

from pathlib import Path

from incidentctl.errors import ConfigError
from incidentctl.load.sources import FsSource

TEMPLATE_DIR = ".incidentctl/templates"


def template_overrides(root: Path) -> dict[str, str]:
    """The repository's own report templates (``.incidentctl/templates/*.j2``), by name.

    Read from the working tree through ``FsSource``, so a symbolic link is refused (a
    ``ConfigError`` naming it), not followed out of the repository.
    """
    from incidentctl.load.sources import SymlinkError

    source = FsSource(root)
    out = {}
    for name in source.listdir(TEMPLATE_DIR):
        if not name.endswith(".j2"):
            continue
        rel = f"{TEMPLATE_DIR}/{name}"
        try:
            raw = source.read(rel)
        except SymlinkError as exc:
            raise ConfigError(
                f"{exc.filename}: a symbolic link; commit the template itself"
            ) from None
        except OSError as exc:
            raise ConfigError(f"{rel}: cannot be read ({exc.strerror})") from None
        if raw is not None:
            try:
                out[name] = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ConfigError(f"{rel}: not UTF-8 text") from None
    return out
