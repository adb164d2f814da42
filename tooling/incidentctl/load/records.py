"""Read one incident folder or playbook and parse it into documents; runs no rule.

Bytes come through a ``Source``, YAML through the strict loader, models through pydantic with
errors placed at ``line:col``. Reading and parsing problems are findings; what the files say
is judged in ``rules``.
"""

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
from incidentctl.load.sources import (
    Source,
    SymlinkError,
    Withheld,
    symlink_finding,
    unreadable_finding,
)
from incidentctl.models.base import StrictModel
from incidentctl.models.incident import Incident
from incidentctl.models.playbook import Playbook
from incidentctl.models.postmortem import Postmortem

M = TypeVar("M", bound=StrictModel)


def parse_yaml(
    raw: bytes, path: str, model: type[M]
) -> tuple[yamlsource.Loaded | None, M | None, list[Finding]]:
    """Bytes of a YAML file -> (positions, model, findings)."""
    if isinstance(raw, Withheld):
        return None, None, [raw.at(path)]
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
    if isinstance(raw, Withheld):
        return None, None, None, [raw.at(path)]
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
    """File bytes, or a finding when the file cannot be read (permissions, a directory, ...).

    A symbolic link on the path reads as absent, with the finding at the link (the same one
    discovery reports when it lists the folder: the two are one finding).
    """
    try:
        return source.read(rel), []
    except SymlinkError as exc:
        return None, [symlink_finding(str(exc.filename))]
    except OSError as exc:
        return None, [unreadable_finding(rel, exc)]


def load_unit(source: Source, settings: Settings, folder: str) -> tuple[Unit, list[Finding]]:
    """One incident folder: its record and postmortem read, parsed and validated."""
    inc_path, pm_path = record_paths(settings.incidents_dir, folder)
    incident = postmortem = None
    inc_raw, findings = read(source, inc_path)
    pm_raw, found = read(source, pm_path)
    findings += found
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
        folder, inc_path, pm_path, incident, postmortem,
        inc_raw is not None, pm_raw is not None, inc_raw, pm_raw,
    )  # fmt: skip
    return unit, findings


def load_playbook(source: Source, path: str) -> tuple[PlaybookDoc | None, list[Finding]]:
    raw, findings = read(source, path)
    if raw is None:
        return None, findings
    loaded, model, split, findings = parse_markdown(raw, path, Playbook)
    if loaded is None or model is None or split is None:
        return None, findings
    stem = PurePosixPath(path).stem
    text = raw.decode("utf-8")  # it decoded once already, in parse_markdown
    return PlaybookDoc(path, stem, loaded, model, split.body, text), findings
