"""Read and parse incident folders and playbooks into documents (I/O plus the strict loader)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TypeVar

from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.load import frontmatter
from incidentctl.load import yaml as yamlsource
from incidentctl.load.documents import (
    IncidentDoc,
    PlaybookDoc,
    PostmortemDoc,
    Unit,
    record_paths,
)
from incidentctl.load.positions import validate_model
from incidentctl.load.sources import Source
from incidentctl.models.base import StrictModel
from incidentctl.models.incident import Incident
from incidentctl.models.playbook import Playbook
from incidentctl.models.postmortem import Postmortem
from incidentctl.rules import secrets

M = TypeVar("M", bound=StrictModel)


def parse_yaml(
    raw: bytes, path: str, model: type[M]
) -> tuple[yamlsource.Loaded | None, M | None, list[Finding]]:
    """Bytes of a YAML file -> (positions, model, findings)."""
    text, findings = yamlsource.decode(raw, path)
    if text is None:
        return None, None, findings
    loaded, findings = yamlsource.load(text, path)
    if loaded is None:
        return None, None, findings
    parsed, findings = validate_model(model, loaded, path)
    return loaded, parsed, findings


def parse_markdown(
    raw: bytes, path: str, model: type[M]
) -> tuple[yamlsource.Loaded | None, M | None, frontmatter.Split | None, list[Finding]]:
    """Bytes of a Markdown file with front matter -> (positions, model, split, findings)."""
    text, findings = yamlsource.decode(raw, path)
    if text is None:
        return None, None, None, findings
    split = frontmatter.split(text)
    if split.unterminated:
        msg = "front matter opened with '---' on line 1 is never closed; add a '---' line after it"
        return None, None, split, [Finding(path, 1, 1, "frontmatter.unterminated", msg)]
    if split.front is None:
        msg = "needs YAML front matter between '---' lines at the top of the file"
        return None, None, split, [Finding(path, 1, 1, "frontmatter.missing", msg)]
    loaded, findings = yamlsource.load(split.front, path, line_offset=split.front_offset)
    if loaded is None:
        return None, None, split, findings
    parsed, findings = validate_model(model, loaded, path)
    return loaded, parsed, split, findings


def read(source: Source, rel: str) -> tuple[bytes | None, list[Finding]]:
    """File bytes, or a finding when the file cannot be read (permissions, a directory, ...)."""
    try:
        return source.read(rel), []
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror or type(exc).__name__}); check its permissions"
        return None, [Finding(rel, 0, 0, "discovery.unreadable", msg)]


def load_unit(source: Source, settings: Settings, folder: str) -> tuple[Unit, list[Finding]]:
    """One incident folder: its record and postmortem parsed, validated and scanned for secrets."""
    inc_path, pm_path = record_paths(settings.incidents_dir, folder)
    incident = postmortem = None
    inc_raw, findings = read(source, inc_path)
    pm_raw, found = read(source, pm_path)
    findings += found
    allow = frozenset(settings.email_allowlist) if settings.scan_secrets else None
    for raw, path in ((inc_raw, inc_path), (pm_raw, pm_path)):
        findings += _scan(raw, path, allow)
    if inc_raw is not None:
        loaded, model, found = parse_yaml(inc_raw, inc_path, Incident)
        findings += found
        if loaded is not None and model is not None:
            incident = IncidentDoc(inc_path, loaded, model)
    if pm_raw is not None:
        loaded, pm, split, found = parse_markdown(pm_raw, pm_path, Postmortem)
        findings += found
        if loaded is not None and pm is not None and split is not None:
            postmortem = PostmortemDoc(pm_path, loaded, pm, split.body, split.body_line)
    unit = Unit(
        folder, inc_path, pm_path, incident, postmortem, inc_raw is not None, pm_raw is not None
    )
    return unit, findings


def _scan(raw: bytes | None, path: str, allow: frozenset[str] | None) -> list[Finding]:
    if raw is None or allow is None:
        return []
    text = raw.decode("utf-8", errors="replace")  # undecodable files are reported elsewhere
    return secrets.scan(text, path, allow)


def load_playbook(source: Source, path: str) -> tuple[PlaybookDoc | None, list[Finding]]:
    raw, findings = read(source, path)
    if raw is None:
        return None, findings
    loaded, model, split, findings = parse_markdown(raw, path, Playbook)
    if loaded is None or model is None or split is None:
        return None, findings
    stem = PurePosixPath(path).stem
    return PlaybookDoc(path, stem, loaded, model, split.body), findings
