"""Parsed files as values: the model (when it validated) with the positions rules point into."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # values only: a warm run that parses nothing never imports the models
    from incidentctl.load.yaml import Loaded
    from incidentctl.models.incident import Incident
    from incidentctl.models.playbook import Playbook
    from incidentctl.models.postmortem import Postmortem

INCIDENT_FILE = "incident.yaml"
POSTMORTEM_FILE = "postmortem.md"
ASSETS_DIR = "assets"


def record_paths(incidents_dir: str, folder: str) -> tuple[str, str]:
    """The repository paths of a folder's incident record and postmortem."""
    return (
        f"{incidents_dir}/{folder}/{INCIDENT_FILE}",
        f"{incidents_dir}/{folder}/{POSTMORTEM_FILE}",
    )


@dataclass(frozen=True, slots=True)
class IncidentDoc:
    path: str
    loaded: Loaded
    model: Incident


@dataclass(frozen=True, slots=True)
class PostmortemDoc:
    path: str
    loaded: Loaded
    model: Postmortem
    body: str
    body_line: int


@dataclass(frozen=True, slots=True)
class PlaybookDoc:
    path: str
    stem: str
    loaded: Loaded
    model: Playbook
    body: str
    text: str = ""  # the whole file as written, for the rules that read text (the secret scan)


@dataclass(frozen=True, slots=True)
class Unit:
    """One incident folder. A document is None when absent or when it failed to parse.

    The raw bytes are kept for the rules that read text as written (the secret scan runs on
    them even when a file does not parse).
    """

    folder: str
    incident_path: str
    postmortem_path: str
    incident: IncidentDoc | None
    postmortem: PostmortemDoc | None
    has_incident_file: bool
    has_postmortem_file: bool
    incident_raw: bytes | None = None
    postmortem_raw: bytes | None = None


@dataclass(frozen=True, slots=True)
class ArchiveIndex:
    """What cross-file rules look up, read from folder and file names alone (no parsing)."""

    incident_ids: Container[str]  # a frozenset, or (in audit) the names alive at a commit
    playbook_ids: Container[str]
