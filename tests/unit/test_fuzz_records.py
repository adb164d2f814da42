"""Fuzz the whole pipeline with mutated example records: whatever a contributor's editor does
to a file, incidentctl answers with registered findings, never an exception.

Bounded and derandomized in CI (the "ci" Hypothesis profile); `make fuzz` runs 20,000 examples."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO
from incidentctl.config import Settings
from incidentctl.load.documents import ArchiveIndex
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource
from incidentctl.policy.load import load_policy
from incidentctl.rules import RULES
from incidentctl.rules.check import check_unit
from incidentctl.rules.context import Context

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
