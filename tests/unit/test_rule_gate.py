"""``rules.gate``: which checks may read a salvaged document, and what the others see."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO
from incidentctl.config import Settings
from incidentctl.load.documents import ArchiveIndex, Unit
from incidentctl.load.records import load_unit
from incidentctl.load.sources import FsSource
from incidentctl.policy.load import load_policy
from incidentctl.rules.context import Context
from incidentctl.rules.gate import (
    Reads,
    field_names,
    intact,
    offered,
    reads_intact,
    required_on_path,
)

CTX = Context(
    load_policy(FsSource(REPO), "schemas").policy,
    ArchiveIndex(frozenset(), frozenset()),
    Settings(),
    dt.date(2026, 11, 27),
)
TIMELINE = """\
timeline:
  - at: 2026-03-01T10:00:00Z
    type: status_change
    status: detected
  - at: 2026-03-01T10:05:00Z
    type: status_change
    status: investigating
"""
RECORD = (
    "schema_version: 1\nid: INC-2026-0001\ntitle: Checkout errors\ntype: outage\n"
    "status: investigating\nseverity: SEV 2\nroles:\n  incident_commander: alice\n" + TIMELINE
)
FRONT = "---\nschema_version: 1\nincident: INC-2026-0001\nstatus: drafted\nowner: alice\n---\n"


class Files:
    def __init__(self, files: dict[str, str]) -> None:
        self.files = {k: v.encode() for k, v in files.items()}

    def read(self, rel: str) -> bytes | None:
        return self.files.get(rel)

    def listdir(self, rel: str) -> list[str]:
        return []


def unit(record: str = RECORD, front: str = FRONT) -> Unit:
    files = {"incidents/INC-2026-0001/incident.yaml": record}
    files["incidents/INC-2026-0001/postmortem.md"] = front + "\n# Postmortem\n"
    return load_unit(Files(files), Settings(), "INC-2026-0001")[0]


@pytest.mark.parametrize(
    ("damaged", "fields", "ok"),
    [
        ({("timeline",)}, ["timeline"], False),
        ({("timeline",)}, ["severity", "status"], True),
        ({("roles",)}, ["roles.incident_commander"], False),  # inside a damaged part
        ({("roles", "incident_commander")}, ["roles"], False),  # holds a damaged part
        ({("roles", "tech lead")}, ["roles.incident_commander"], True),  # a sibling key
        ({("action_items", "owner")}, ["action_items[].owner"], False),
        ({("impact", "regions")}, ["impact.description"], True),
        (set(), ["timeline"], True),
    ],
)
def test_intact(damaged: set[tuple[str, ...]], fields: list[str], ok: bool) -> None:
    assert intact(frozenset(damaged), fields) is ok


def test_field_names() -> None:
    assert field_names("action_items[].owner") == ("action_items", "owner")


def test_a_check_sees_a_salvaged_record_only_if_it_declares_intact_reads() -> None:
    folder = unit()
    assert folder.incident is None
    assert folder.salvaged_incident is not None
    assert folder.salvaged_incident.damaged == {("severity",)}
    salvaged = folder.salvaged_incident.doc
    assert offered(folder, Reads(("status", "timeline")), CTX).incident is salvaged
    assert offered(folder, Reads(("status", "severity")), CTX).incident is None
    assert offered(folder, Reads(), CTX).incident is None  # declares nothing: sees nothing
    assert offered(folder, Reads(local=True), CTX).incident is salvaged
    assert offered(folder, Reads(), CTX) is folder


def test_a_check_sees_salvaged_front_matter_only_if_it_declares_intact_reads() -> None:
    folder = unit(RECORD.replace("SEV 2", "SEV2"))
    assert folder.postmortem is None
    assert folder.salvaged_postmortem is not None
    salvaged = folder.salvaged_postmortem.doc
    assert offered(folder, Reads(postmortem=("owner",)), CTX).postmortem is salvaged
    assert offered(folder, Reads(postmortem=("status",)), CTX).postmortem is None
    assert offered(folder, Reads(("status",)), CTX).postmortem is None


def test_the_lifecycle_reads_what_the_states_on_the_path_require() -> None:
    folder = unit(
        RECORD.replace("SEV 2", "SEV2").replace("  incident_commander: alice", "  Lead: bob")
    )
    assert folder.salvaged_incident is not None
    model = folder.salvaged_incident.doc.model
    assert required_on_path(model, CTX) == ["severity", "roles.incident_commander", "services"]
    reads = Reads(("timeline", "status"), requires=True)
    assert reads_intact(reads, frozenset({("roles", "Lead")}), model, CTX)
    assert not reads_intact(reads, frozenset({("roles",)}), model, CTX)
    assert not reads_intact(reads, frozenset({("services",)}), model, CTX)
    assert reads_intact(Reads(("timeline",)), frozenset({("services",)}), model, CTX)
    # a state the path does not reach requires nothing yet (closed needs action item owners)
    assert reads_intact(reads, frozenset({("action_items", "owner")}), model, CTX)


def test_a_check_reading_the_path_sees_a_salvaged_record_when_its_states_need_nothing_damaged() -> (
    None
):
    reads = Reads(("timeline", "status"), requires=True)
    sibling = unit(
        RECORD.replace("SEV 2", "SEV2").replace("  incident_commander: alice", "  Lead: bob")
    )
    assert sibling.salvaged_incident is not None  # only roles.Lead is damaged
    assert offered(sibling, reads, CTX).incident is sibling.salvaged_incident.doc
    required = unit()  # severity is damaged, and investigating requires it
    assert offered(required, reads, CTX).incident is None
