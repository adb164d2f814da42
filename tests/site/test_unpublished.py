"""Every unpublished incident is on the post-build scan's list (#15): restricted, internal in a
public build, and records that failed validation, named by their folder even when nothing in
them can be read. A public record that links to or mentions one never leaks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import build, copy_repo, files_containing

from conftest import REPO
from incidentctl.config import load_settings
from incidentctl.site.collect import collect
from incidentctl.site.values import forbidden, publishable

BROKEN = "INC-2026-0900"
TITLE = "Payroll vault keys copied by a contractor"
# a schema error (severity must be a string): the title and visibility still read
SCHEMA_ERROR = f"""schema_version: 1
id: {BROKEN}
title: {TITLE}
type: security
status: triage
severity: [SEV1]
visibility: restricted
services: [identity]
started_at: 2026-03-01T00:00:00Z
"""
# not YAML at all: nothing reads, so the folder's name is all there is
UNREADABLE = f"id: {BROKEN}\ntitle: {TITLE}\nseverity: [SEV1\n"


def _repo(tmp_path: Path, record: str, mention: bool) -> Path:
    root = copy_repo(tmp_path / "repo")
    folder = root / "incidents" / BROKEN
    folder.mkdir()
    (folder / "incident.yaml").write_text(record)
    public = root / "incidents" / "INC-2026-0001" / "incident.yaml"
    text = public.read_text().replace("relations:\n", f"relations:\n  related: [{BROKEN}]\n", 1)
    if mention:
        text = text.replace("could not connect.", f"could not connect (see {BROKEN}).", 1)
    public.write_text(text)
    return root


@pytest.mark.parametrize("record", [SCHEMA_ERROR, UNREADABLE], ids=["schema-error", "unreadable"])
def test_a_broken_restricted_record_is_forbidden_by_its_folder_id(
    tmp_path: Path, record: str
) -> None:
    root = _repo(tmp_path, record, mention=False)
    archive = collect(root, load_settings(root))
    assert [r.path for r in archive.rejected if BROKEN in r.path]
    needles = forbidden(archive, publishable(archive, internal=True))
    assert BROKEN in needles
    assert (TITLE in needles) is (record is SCHEMA_ERROR)  # a title only if it can be read


def test_unpublished_ids_by_visibility_and_restricted_titles_are_forbidden() -> None:
    archive = collect(REPO, load_settings(REPO))
    public = forbidden(archive, publishable(archive, internal=False))
    internal = forbidden(archive, publishable(archive, internal=True))
    by_vis = {r.id: r.visibility.value for r in archive.records}
    assert {i for i, v in by_vis.items() if v != "public"} <= public
    assert {i for i, v in by_vis.items() if v == "restricted"} == {
        i for i in internal if i in by_vis
    }
    assert not {i for i, v in by_vis.items() if v == "public"} & public
    titles = {r.incident.title for r in archive.records if r.visibility.value == "restricted"}
    assert titles <= internal


def test_a_public_record_linking_to_a_broken_restricted_one_leaves_it_out(tmp_path: Path) -> None:
    root = _repo(tmp_path, SCHEMA_ERROR, mention=False)
    proc = build(root, tmp_path / "out")
    # strict: the record that failed fails the build, and the build says which and why ...
    assert proc.returncode == 1
    assert f"incidents/{BROKEN} is not published: incidents/{BROKEN}/incident.yaml:6:" in (
        proc.stderr
    )
    # ... but nothing names it: not the public record's related list, not the search index
    assert "is named in the built site" not in proc.stderr
    assert files_containing(tmp_path / "out", BROKEN) == []
    assert files_containing(tmp_path / "out", TITLE) == []


@pytest.mark.parametrize("record", [SCHEMA_ERROR, UNREADABLE], ids=["schema-error", "unreadable"])
def test_a_public_record_mentioning_a_broken_restricted_one_fails_the_build(
    tmp_path: Path, record: str
) -> None:
    root = _repo(tmp_path, record, mention=True)
    proc = build(root, tmp_path / "out")
    assert proc.returncode == 1
    [error] = [line for line in proc.stderr.splitlines() if line.startswith("ERROR")]
    head = (
        "ERROR   -  incidentctl: an incident this build does not publish (restricted, internal "
        "in a public build, or not valid) is named in the built site: "
    )
    assert error.startswith(head)
    named = error.removeprefix(head).split(". Remove the mention")[0].split(", ")
    assert "incidents/INC-2026-0001/index.html" in named
    assert BROKEN not in proc.stderr.replace(f"incidents/{BROKEN}", "")  # the log names files
