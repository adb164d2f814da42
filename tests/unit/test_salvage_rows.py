"""Every check in the salvage tables, against every field it could read (#11).

For each valid record and front matter of the examples and the data cases (each with its own
policy), each value in turn is made invalid (the YAML still parses, and the layout is the
same). Then every check that the gate lets run on the salvaged document must give exactly
what it gives on the valid file: same rule, line, column and message. That is what makes a
declaration honest: a check that reads a field it does not declare gives something else once
that field is dropped (and a declaration missing a field fails here).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from incidentctl.config import Settings, load_settings
from incidentctl.errors import ConfigError
from incidentctl.load import frontmatter
from incidentctl.load import yaml as yamlsource
from incidentctl.load.discovery import archive_index
from incidentctl.load.documents import Unit
from incidentctl.load.records import load_unit
from incidentctl.load.salvage import names
from incidentctl.load.sources import FsSource
from incidentctl.policy.load import load_policy
from incidentctl.rules.check import UNIT_CHECKS
from incidentctl.rules.context import Context
from incidentctl.rules.gate import intact, offered, reads_intact
from incidentctl.rules.incident import CHECKS as INCIDENT_CHECKS
from incidentctl.rules.postmortem import CHECKS as POSTMORTEM_CHECKS

TODAY = dt.date(2026, 11, 27)
RECORDS = sorted(
    {
        p
        for pattern in ("incidents/*/incident.yaml", "tests/data/*/*/repo/incidents/*/incident.yaml",
                        "tests/data/invalid/*/*/repo/incidents/*/incident.yaml")
        for p in REPO.glob(pattern)
    }
)  # fmt: skip


class Files:
    def __init__(self, files: dict[str, str]) -> None:
        self.files = {k: v.encode() for k, v in files.items()}

    def read(self, rel: str) -> bytes | None:
        return self.files.get(rel)

    def listdir(self, rel: str) -> list[str]:
        return []


def _one_line(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _one_line(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_one_line(v) for v in data]
    return " ".join(data.split()) if isinstance(data, str) else data


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, width=10**9, allow_unicode=True)


def _data(text: str) -> Any:
    loaded, _ = yamlsource.load(text, "x")
    return None if loaded is None else _one_line(loaded.data)


def _fields(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """One leaf per distinct field path (list items alike are one field)."""
    seen = set()
    stack = [(path, data)]
    while stack:
        here, node = stack.pop()
        children = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else None
        )
        if not children:
            if names(here) not in seen:
                seen.add(names(here))
                yield here
            continue
        stack.extend(((*here, k), v) for k, v in children)


def _broken(data: Any, path: tuple[Any, ...]) -> Any:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    # no field takes a control character (text refuses it too), and it stays on its line
    node[path[-1]] = "bad\x01value"
    return out


class Case:
    def __init__(self, record: Path) -> None:
        self.folder = record.parent.name
        self.root = record.parent.parent.parent
        try:
            self.settings = (
                load_settings(self.root) if (self.root / "pyproject.toml").exists() else Settings()
            )
        except ConfigError:
            self.settings = Settings()
        source = FsSource(self.root)
        folders = [p.name for p in (self.root / "incidents").iterdir() if p.is_dir()]
        playbooks = [str(p.relative_to(self.root)) for p in self.root.glob("docs/playbooks/*.md")]
        self.ctx = Context(
            load_policy(source, self.settings.policy_dir).policy,
            archive_index(folders, playbooks),
            self.settings,
            TODAY,
        )
        self.record = _data(record.read_text(encoding="utf-8", errors="replace"))
        pm_path = record.parent / "postmortem.md"
        self.front, self.body = None, ""
        if pm_path.exists():
            split = frontmatter.split(pm_path.read_text(encoding="utf-8", errors="replace"))
            self.front, self.body = _data(split.front or ""), split.body

    def unit(self, record: Any, front: Any) -> Unit:
        files = {f"incidents/{self.folder}/incident.yaml": _dump(record)}
        if front is not None:
            files[f"incidents/{self.folder}/postmortem.md"] = f"---\n{_dump(front)}---\n{self.body}"
        return load_unit(Files(files), self.settings, self.folder)[0]


def _cases() -> Iterator[Case]:
    for record in RECORDS:
        try:
            case = Case(record)
        except (OSError, UnicodeDecodeError):
            continue
        if case.record is None:
            continue
        good = case.unit(case.record, case.front)
        if good.incident is not None:
            yield case


CASES = list(_cases())


def _same_where_allowed(case: Case, good: Unit, broken: Unit) -> int:
    """Every check allowed on the broken folder's salvaged parts gives the valid file's answer."""
    ctx, ran = case.ctx, 0
    saved, valid = broken.salvaged_incident, good.incident
    if saved is not None and valid is not None:
        for reads, check in INCIDENT_CHECKS:
            if reads_intact(reads, saved.damaged, saved.doc.model, ctx):
                got = list(check(saved.doc, case.folder, ctx))
                want = list(check(valid, case.folder, ctx))
                # a local check judges each value alone: it answers for what survived
                assert set(got) <= set(want) if reads.local else got == want, check
                ran += 1
    pm_doc = broken.postmortem or (
        broken.salvaged_postmortem.doc if broken.salvaged_postmortem else None
    )
    pm_damage = broken.salvaged_postmortem.damaged if broken.salvaged_postmortem else frozenset()
    if pm_doc is not None and good.postmortem is not None:
        for reads, pm_check in POSTMORTEM_CHECKS:
            view = offered(broken, reads, ctx)
            if intact(pm_damage, reads.postmortem) and (
                not reads.incident or view.incident is not None
            ):
                got = list(pm_check(pm_doc, view, ctx))
                want = list(pm_check(good.postmortem, good, ctx))
                assert set(got) <= set(want) if reads.local else got == want, pm_check
                ran += 1
    for reads, unit_check in UNIT_CHECKS:
        view = offered(broken, reads, ctx)
        sees_all = (view.incident is not None) == (good.incident is not None) and (
            view.postmortem is not None) == (good.postmortem is not None)  # fmt: skip
        if not reads.local and sees_all and (reads.incident or reads.postmortem):
            assert unit_check(view, ctx) == unit_check(good, ctx), unit_check
            ran += 1
    return ran


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.root.parent.name}/{c.folder}")
def test_every_allowed_check_answers_as_on_the_valid_file(case: Case) -> None:
    good = case.unit(case.record, case.front)
    ran = 0
    for path in _fields(case.record):
        broken = case.unit(_broken(case.record, path), case.front)
        if broken.incident is None:
            ran += _same_where_allowed(case, good, broken)
    for path in _fields(case.front) if case.front is not None else ():
        broken = case.unit(case.record, _broken(case.front, path))
        if broken.postmortem is None:
            ran += _same_where_allowed(case, good, broken)
    assert ran > 0
