"""Parsed files as values: the model (when it validated) with the positions rules point into."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # values only: a warm run that parses nothing never imports the models
    from incidentctl.load.yaml import Loaded
    from incidentctl.models.incident import Incident
    from incidentctl.models.playbook import Playbook
    from incidentctl.models.postmortem import Postmortem

D = TypeVar("D")
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
class Salvaged(Generic[D]):
    """A document rebuilt from what validated in a file that failed (``load.salvage``).

    For the rules alone: ``damaged`` holds the field paths (list indexes left out) that were
    dropped or filled, and a check runs on it only if it reads none of them (``rules.gate``).
    """

    doc: D
    damaged: frozenset[tuple[str, ...]]


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
    them even when a file does not parse). A file that parsed but failed the schema has a
    ``salvaged_*`` document instead, which only the rules read (``rules.gate``): to every other
    stage (history, transition, the cache's record facts, reports) it is a file that failed.
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
    salvaged_incident: Salvaged[IncidentDoc] | None = None
    salvaged_postmortem: Salvaged[PostmortemDoc] | None = None


@dataclass(frozen=True, slots=True)
class ArchiveIndex:
    """What cross-file rules look up, read from folder and file names alone (no parsing)."""

    incident_ids: Container[str]  # a frozenset, or (in audit) the names alive at a commit
    playbook_ids: Container[str]
