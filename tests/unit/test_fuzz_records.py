"""Fuzz the whole pipeline with mutated example records: whatever a contributor's editor does
to a file, incidentctl answers with registered findings, never an exception.

Bounded and derandomized in CI (the "ci" Hypothesis profile); `make fuzz` runs 20,000 examples."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import REPO
from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.load import frontmatter
from incidentctl.load import yaml as yamlsource
from incidentctl.load.documents import ArchiveIndex, Unit
from incidentctl.load.records import load_unit
from incidentctl.load.salvage import names
from incidentctl.load.sources import FsSource
from incidentctl.models.base import StrictModel
from incidentctl.models.incident import Incident
from incidentctl.models.postmortem import Postmortem
from incidentctl.policy.load import load_policy
from incidentctl.rules import RULES
from incidentctl.rules.check import check_unit
from incidentctl.rules.context import Context
from incidentctl.rules.gate import reads_intact
from incidentctl.rules.incident import CHECKS as INCIDENT_CHECKS

EXAMPLES = {p.parent.name: p.read_text() for p in sorted(REPO.glob("incidents/*/incident.yaml"))}
POSTMORTEMS = {p.parent.name: p.read_text() for p in sorted(REPO.glob("incidents/*/postmortem.md"))}
CTX = Context(
    load_policy(FsSource(REPO), "schemas").policy,
    ArchiveIndex(frozenset(EXAMPLES), frozenset(p.stem for p in REPO.glob("docs/playbooks/*.md"))),
    Settings(),
    dt.date(2026, 11, 27),
)
NASTY = st.sampled_from(["\t", "\x00", "\u202e", "\r", "&a ", "*a", "!!python/object:os.system ", "%YAML 1.1\n",
                         "---\n", ": ", "- ", "[", "{", "'", '"', "#", "|", ">", "? ", "\ufeff", "é", "9" * 30,
                         "2026-02-30", "no", "on", "0x1F", "~", "null", "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"])  # fmt: skip


class DictSource:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def read(self, rel: str) -> bytes | None:
        return self.files.get(rel)

    def listdir(self, rel: str) -> list[str]:
        return []


@st.composite
def mutated(draw: st.DrawFn, texts: dict[str, str]) -> tuple[str, str]:
    folder = draw(st.sampled_from(sorted(texts)))
    lines = texts[folder].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "swap", "truncate"]))
        if not lines:
            break
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(NASTY) + lines[i][at:]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 5)) + lines[i].lstrip(" ")
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return folder, "".join(lines)


def _run(folder: str, record: str | None, postmortem: str | None) -> None:
    files = {}
    if record is not None:
        files[f"incidents/{folder}/incident.yaml"] = record.encode("utf-8", "surrogatepass")
    if postmortem is not None:
        files[f"incidents/{folder}/postmortem.md"] = postmortem.encode("utf-8", "surrogatepass")
    unit, findings = load_unit(DictSource(files), Settings(), folder)
    findings += check_unit(unit, CTX)
    for f in findings:
        assert f.rule_id in RULES
        assert f.line >= 0
        assert f.col >= 0


@given(mutated(EXAMPLES))
def test_mutated_records_only_produce_findings(case: tuple[str, str]) -> None:
    folder, text = case
    _run(folder, text, POSTMORTEMS.get(folder))


@given(mutated(POSTMORTEMS))
def test_mutated_postmortems_only_produce_findings(case: tuple[str, str]) -> None:
    folder, text = case
    _run(folder, EXAMPLES[folder], text)


# Salvage (#11): damage the *values* of valid records (the YAML still parses), so that the
# schema fails and the rules run on what salvage keeps. Baselines are every record and
# postmortem of the examples and of the invalid data cases whose files pass the schema (these
# carry rule findings, so that the comparison below is not with an empty list).
def _baselines(pattern: str, model: type[StrictModel]) -> dict[str, tuple[str, Any, str]]:
    out = {}
    for path in sorted({*REPO.glob(pattern), *REPO.glob(f"tests/data/invalid/*/*/repo/{pattern}")}):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):  # the cases about encodings and symlinks
            continue
        split = frontmatter.split(text)
        front, body = (split.front, split.body) if path.suffix == ".md" else (text, "")
        loaded, _ = yamlsource.load(front or "", "x")
        data = _one_line(loaded.data) if loaded is not None else None
        if data is not None and _validates(model, data):
            out[str(path.relative_to(REPO))] = (path.parent.name, data, body)
    return out


def _one_line(data: Any) -> Any:
    """Every string on one line, so that damaging a value never moves another one."""
    if isinstance(data, dict):
        return {k: _one_line(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_one_line(v) for v in data]
    return " ".join(data.split()) if isinstance(data, str) else data


def _validates(model: type[StrictModel], data: Any) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


RECORDS = _baselines("incidents/*/incident.yaml", Incident)
FRONTS = _baselines("incidents/*/postmortem.md", Postmortem)
WRONG: st.SearchStrategy[Any] = st.sampled_from([True, [], {}, None, "Not A Slug!", "x", "12", "-1", "SEV 1", "INC-1",
                         "2026-02-30T00:00:00Z", "2026-03-01T10:00:00", "Alice Smith"])  # fmt: skip


def _leaves(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*path, i))]
    return [path]


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, width=10**9, allow_unicode=True)


@st.composite
def damaged(
    draw: st.DrawFn, baselines: dict[str, tuple[str, Any, str]]
) -> tuple[str, Any, Any, list[tuple[str | int, ...]]]:
    name = draw(st.sampled_from(sorted(baselines)))
    _folder, data, _ = baselines[name]
    paths = draw(st.lists(st.sampled_from(_leaves(data)), min_size=1, max_size=3, unique=True))
    broken = copy.deepcopy(data)
    for path in paths:
        node = broken
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = draw(WRONG)
    return name, data, broken, paths


def _alone(data: Any, broken: Any, path: tuple[str | int, ...]) -> Any:
    """The valid document with only the value at ``path`` damaged as in ``broken``.

    The comparison with the valid file holds only for damage the schema rejects: a wrong
    value a field accepts (a handle ``x`` in place of ``alice``) changes the file for real,
    and the findings it brings are true of the damaged file, not of the valid one.
    """
    out, value = copy.deepcopy(data), broken
    for part in path:
        value = value[part]
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _unit(folder: str, record: str | None, postmortem: str | None) -> tuple[Unit, list[Finding]]:
    files = {}
    if record is not None:
        files[f"incidents/{folder}/incident.yaml"] = record.encode()
    if postmortem is not None:
        files[f"incidents/{folder}/postmortem.md"] = postmortem.encode()
    return load_unit(DictSource(files), Settings(), folder)


def _well_placed(findings: list[Finding], texts: dict[str, str]) -> None:
    for f in findings:
        assert f.rule_id in RULES
        if (f.line, f.col) == (0, 0):
            continue
        rows = texts[f.path].splitlines()
        assert 1 <= f.line <= len(rows), f
        assert 1 <= f.col <= len(rows[f.line - 1]) + 1, f


def _compare(
    broken: Unit, good: Unit, salvaged: Any, baseline: Any, paths: list[Any], own: str
) -> None:
    """Rule findings on a salvaged document are those of the valid one it was damaged from.

    Only where the damage covers every changed value (a wrong value a field accepts changes
    the file for real). Each check whose reads are intact gives exactly its findings on the
    valid file (same positions: the damage kept the layout); the folder's findings on the
    damaged file are a subset of the valid file's.
    """
    if salvaged is None or not all(
        any(names(p)[: len(d)] == d[: len(names(p))] for d in salvaged.damaged) for p in paths
    ):
        return
    got = {f for f in check_unit(broken, CTX) if f.path == own}
    assert got <= {f for f in check_unit(good, CTX) if f.path == own}
    if own.endswith("incident.yaml"):
        for reads, check in INCIDENT_CHECKS:
            if reads_intact(reads, salvaged.damaged, salvaged.doc.model, CTX):
                got_row = list(check(salvaged.doc, broken.folder, CTX))
                want_row = list(check(baseline, good.folder, CTX))
                # a local check judges each value alone: it answers for what survived
                assert set(got_row) <= set(want_row) if reads.local else got_row == want_row


@given(damaged(RECORDS))
def test_salvaged_records_give_only_findings_true_of_the_file(case: Any) -> None:
    name, data, broken, paths = case
    folder, _, _ = RECORDS[name]
    pm = POSTMORTEMS.get(folder)
    good, _ = _unit(folder, _dump(data), pm)
    unit, found = _unit(folder, _dump(broken), pm)
    texts = {unit.incident_path: _dump(broken), unit.postmortem_path: pm or ""}
    _well_placed(found + check_unit(unit, CTX), texts)
    assert good.incident is not None
    alone = (_unit(folder, _dump(_alone(data, broken, p)), pm)[0].incident for p in paths)
    if unit.incident is None and all(record is None for record in alone):
        _compare(unit, good, unit.salvaged_incident, good.incident, paths, unit.incident_path)


@given(damaged(FRONTS))
def test_salvaged_front_matter_gives_only_findings_true_of_the_file(case: Any) -> None:
    name, data, broken, paths = case
    folder, _, body = FRONTS[name]
    record = EXAMPLES.get(folder)
    good, _ = _unit(folder, record, f"---\n{_dump(data)}---\n{body}")
    text = f"---\n{_dump(broken)}---\n{body}"
    unit, found = _unit(folder, record, text)
    texts = {unit.postmortem_path: text, unit.incident_path: record or ""}
    _well_placed(found + check_unit(unit, CTX), texts)
    assert good.postmortem is not None
    alone = (
        _unit(folder, record, f"---\n{_dump(_alone(data, broken, p))}---\n{body}")[0].postmortem
        for p in paths
    )
    if unit.postmortem is None and all(front is None for front in alone):
        _compare(unit, good, unit.salvaged_postmortem, good.postmortem, paths, unit.postmortem_path)
