"""Read one incident folder or playbook and parse it into documents; runs no rule.

Bytes come through a ``Source``, YAML through the strict loader, models through pydantic with
errors placed at ``line:col``. Reading and parsing problems are findings; what the files say
is judged in ``rules``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, TypeVar

from pydantic import ValidationError

from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.load import frontmatter
from incidentctl.load import yaml as yamlsource
from incidentctl.load.documents import (
    IncidentDoc,
    PlaybookDoc,
    PostmortemDoc,
    Salvaged,
    Unit,
    record_paths,
)
from incidentctl.load.positions import errors_to_findings
from incidentctl.load.salvage import Salvage, salvage
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
from incidentctl.models.zone import record_zone

M = TypeVar("M", bound=StrictModel)
Context = dict[str, Any]


def parse_yaml(
    raw: bytes, path: str, model: type[M], context: Context | None = None
) -> tuple[yamlsource.Loaded | None, M | None, list[Finding]]:
    """Bytes of a YAML file -> (positions, model, findings).

    ``context``: what validation needs from the settings (``Settings.model_context``: the
    zone naive times were written in).
    """
    loaded, parsed, _, findings = _parse_yaml(raw, path, model, context, salvaging=False)
    return loaded, parsed, findings


def _parse_yaml(
    raw: bytes, path: str, model: type[M], context: Context | None, *, salvaging: bool = True
) -> tuple[yamlsource.Loaded | None, M | None, Salvage[M] | None, list[Finding]]:
    if isinstance(raw, Withheld):
        return None, None, None, [raw.at(path)]
    text, findings = yamlsource.decode(raw, path)
    if text is None:
        return None, None, None, findings
    loaded, findings = yamlsource.load(text, path)
    if loaded is None:
        return None, None, None, findings
    return (loaded, *_validated(model, loaded, path, context, salvaging=salvaging))


def _validated(
    model: type[M],
    loaded: yamlsource.Loaded,
    path: str,
    context: Context | None = None,
    *,
    salvaging: bool = True,
) -> tuple[M | None, Salvage[M] | None, list[Finding]]:
    """The model, or the schema findings and (for the rules) what salvage keeps of it."""
    try:
        return model.model_validate(loaded.data, context=context), None, []
    except ValidationError as exc:
        found = errors_to_findings(exc, loaded, path, model)
        return None, salvage(model, loaded, exc, context) if salvaging else None, found


Front = tuple[yamlsource.Loaded | None, frontmatter.Split | None, list[Finding]]


def parse_markdown(
    raw: bytes, path: str, model: type[M], context: Context | None = None
) -> tuple[yamlsource.Loaded | None, M | None, frontmatter.Split | None, list[Finding]]:
    """Bytes of a Markdown file with front matter -> (positions, model, split, findings).

    ``context``: for a postmortem, ``pm_context`` (the zone of its incident's naive times).
    """
    loaded, split, findings = _front(raw, path)
    if loaded is None:
        return None, None, split, findings
    parsed, _, findings = _validated(model, loaded, path, context, salvaging=False)
    return loaded, parsed, split, findings


def _front(raw: bytes, path: str) -> Front:
    """The front matter's YAML, parsed (not yet validated), and where the body starts."""
    if isinstance(raw, Withheld):
        return None, None, [raw.at(path)]
    text, findings = yamlsource.decode(raw, path)
    if text is None:
        return None, None, findings
    split = frontmatter.split(text)
    if split.unterminated:
        msg = "front matter opened with '---' on line 1 is never closed; add a '---' line after it"
        return None, split, [Finding(path, 1, 1, "frontmatter.unterminated", msg)]
    if split.front is None:
        msg = "needs YAML front matter between '---' lines at the top of the file"
        return None, split, [Finding(path, 1, 1, "frontmatter.missing", msg)]
    loaded, findings = yamlsource.load(split.front, path, line_offset=split.front_offset)
    return loaded, split, findings


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
    saved_inc: Salvaged[IncidentDoc] | None = None
    saved_pm: Salvaged[PostmortemDoc] | None = None
    inc_raw, findings = read(source, inc_path)
    pm_raw, found = read(source, pm_path)
    findings += found
    pm_zone = settings.model_context()
    if inc_raw is not None:
        context = settings.model_context()
        loaded, model, saved, found = _parse_yaml(inc_raw, inc_path, Incident, context)
        findings += found
        pm_zone = pm_context(loaded.data if loaded else None, settings)
        if loaded is not None and model is not None:
            incident = IncidentDoc(inc_path, loaded, model)
        elif saved is not None:
            saved_inc = Salvaged(IncidentDoc(inc_path, saved.loaded, saved.model), saved.damaged)
    if pm_raw is not None:
        loaded, split, found = _front(pm_raw, pm_path)
        findings += found
        if loaded is not None and split is not None:
            pm, saved_front, found = _validated(Postmortem, loaded, pm_path, pm_zone)
            findings += found
            if pm is not None:
                postmortem = PostmortemDoc(pm_path, loaded, pm, split.body, split.body_line)
            elif saved_front is not None:
                doc = PostmortemDoc(
                    pm_path, saved_front.loaded, saved_front.model, split.body, split.body_line
                )
                saved_pm = Salvaged(doc, saved_front.damaged)
    unit = Unit(
        folder, inc_path, pm_path, incident, postmortem,
        inc_raw is not None, pm_raw is not None, inc_raw, pm_raw, saved_inc, saved_pm,
    )  # fmt: skip
    return unit, findings


def pm_context(incident_data: Any, settings: Settings) -> Context:
    """What a postmortem's validation needs: the zone its incident's naive times are read in.

    That is the record's ``timezone``, else the repository's: both files' times agree.
    """
    return {"timezone": record_zone(incident_data, settings.timezone)}


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
