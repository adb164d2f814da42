"""A run about a few folders asks about names one at a time, with the listing's answers exactly.

The listing (``discover``) is the oracle: over a hostile archive (a file and a link named like
ids, a lower-case folder, a case-only collision, a linked ``incidents/``), what
``discover_named`` reports about each folder and what its index says of every name must be
what the listing says. Then: it reads no listing, and falls back to one where ``lstat`` could
answer otherwise (a case-insensitive file system, simulated).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

import pytest

from incidentctl.config import Settings
from incidentctl.load import names as names_module
from incidentctl.load.discovery import Inventory, archive_index, discover, folder_of
from incidentctl.load.names import FolderNames, discover_named, worktree_index
from records import outage_record

INCIDENTCTL = Path(sys.executable).parent / "incidentctl"
REFS = ["INC-2026-0002", "INC-2026-0003", "INC-2026-0004", "INC-2026-0005", "INC-2026-0006",
        "INC-2026-0009"]  # fmt: skip
ASKED = [*REFS, "INC-2026-0001", "inc-2026-0005", "Inc-2026-0006", "../outside", "", "INC"]


def _record(folder: Path, related: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    related_ids = ", ".join(related) or "INC-2026-0001"
    text = outage_record(id=folder.name, extra=f"relations:\n  related: [{related_ids}]\n")
    (folder / "incident.yaml").write_text(text)


def hostile(root: Path) -> Path:
    inc = root / "incidents"
    _record(inc / "INC-2026-0001", REFS)
    (inc / "INC-2026-0001/notes.txt").write_text("a stray file\n")
    _record(inc / "INC-2026-0002", [])
    (inc / "INC-2026-0003").write_text("a file named like an id\n")
    _record(root / "elsewhere/INC-2026-0004", [])
    (inc / "INC-2026-0004").symlink_to(root / "elsewhere/INC-2026-0004")
    _record(inc / "inc-2026-0005", [])
    _record(inc / "INC-2026-0006", [])
    _record(inc / "Inc-2026-0006", [])
    (root / "outside").mkdir()
    return root


def _about(inv: Inventory, only: set[str]) -> list[str]:
    """The findings a run about ``only`` reports (``runs.validate`` keeps these alone)."""
    found = [f for f in inv.findings if folder_of(f.path, "incidents", entry=True) in only]
    return sorted(str(f) for f in found)


def _listed(root: Path, only: set[str]) -> tuple[list[str], list[str], list[bool]]:
    """What the listing says of ``only``: folders, findings, and each asked name's membership."""
    inv = discover(root, Settings(), only)
    index = archive_index(inv.folders, inv.playbooks)
    return ([f for f in inv.folders if f in only], _about(inv, only),
            [n in index.incident_ids for n in ASKED])  # fmt: skip


def _named(root: Path, only: set[str]) -> tuple[list[str], list[str], list[bool]]:
    inv, index = discover_named(root, Settings(), only)
    return inv.folders, _about(inv, only), [n in index.incident_ids for n in ASKED]


@pytest.mark.parametrize("folder", [*REFS, "INC-2026-0001"])
def test_each_folder_as_the_listing_says(tmp_path: Path, folder: str) -> None:
    root = hostile(tmp_path)
    assert _named(root, {folder}) == _listed(root, {folder})


def test_the_answers_themselves(tmp_path: Path) -> None:
    """Not only equal to the oracle: the oracle's answers are the ones a reader expects."""
    root = hostile(tmp_path)
    folders, findings, members = _named(root, {"INC-2026-0001", "INC-2026-0003", "INC-2026-0004"})
    assert folders == ["INC-2026-0001"]
    assert findings == [
        (
            "incidents/INC-2026-0001/notes.txt:0:0: discovery.unexpected-file expected"
            " incident.yaml, postmortem.md or assets/"
        ),
        "incidents/INC-2026-0003:0:0: discovery.unexpected-file incident records live in folders",
        (
            "incidents/INC-2026-0004:0:0: discovery.symlink symbolic links are not allowed in the"
            " archive; commit the file itself"
        ),
    ]
    assert dict(zip(ASKED, members, strict=True)) == {
        "INC-2026-0002": True, "INC-2026-0003": False, "INC-2026-0004": False,
        "INC-2026-0005": False, "INC-2026-0006": True, "INC-2026-0009": False,
        "INC-2026-0001": True, "inc-2026-0005": False, "Inc-2026-0006": False,
        "../outside": False, "": False, "INC": False,
    }  # fmt: skip


def test_a_linked_incidents_folder_holds_nothing(tmp_path: Path) -> None:
    real = hostile(tmp_path / "real")
    root = tmp_path / "linked"
    root.mkdir()
    (root / "incidents").symlink_to(real / "incidents")
    assert _named(root, {"INC-2026-0001"}) == _listed(root, {"INC-2026-0001"})
    assert not any(_named(root, {"INC-2026-0001"})[2])


def test_no_listing_of_the_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = hostile(tmp_path)
    listed: list[str] = []
    scandir = os.scandir

    def recording(path: str) -> object:
        it = scandir(path)
        listed.append(os.path.normpath(path))
        if os.path.normpath(path) == str(root / "incidents"):  # opened, must not be read
            return _Unread(it)
        return it

    monkeypatch.setattr(os, "scandir", recording)
    index = worktree_index(root, Settings())
    assert [n in index.incident_ids for n in REFS] == [True, False, False, False, True, False]
    _named(root, {"INC-2026-0001"})
    assert str(root / "incidents/INC-2026-0001") in listed  # its own folder is still read


class _Unread:
    """A directory iterator that fails the test if anything reads an entry from it."""

    def __init__(self, it: Any) -> None:  # os.scandir's iterator (a private type)
        self._it = it

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._it.close()

    def __iter__(self) -> Iterator[os.DirEntry[str]]:
        raise AssertionError("the incidents folder was listed")


def test_case_insensitive_system_falls_back_to_the_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where ``lstat`` answers for any spelling, only the listing knows the one on disk."""
    root = hostile(tmp_path)
    inc = root / "incidents"
    on_disk = {p.name.lower(): p.name for p in inc.iterdir()}

    def any_case(path: str) -> os.stat_result | None:
        parent, name = os.path.split(path)
        if parent != str(inc) or name.lower() not in on_disk:
            return os.lstat(path) if os.path.lexists(path) else None
        return os.lstat(inc / on_disk[name.lower()])

    monkeypatch.setattr(names_module, "_lstat", any_case)
    names = FolderNames(root, Settings())
    assert "INC-2026-0005" not in names  # on disk: inc-2026-0005, not an id
    assert "INC-2026-0002" in names
    assert _named(root, {"INC-2026-0005"}) == _listed(root, {"INC-2026-0005"})


def test_validate_one_folder_reports_the_missing_references(tmp_path: Path) -> None:
    root = hostile(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    proc = subprocess.run(
        [str(INCIDENTCTL), "validate", "--no-cache", "--format", "text",
         "incidents/INC-2026-0001"], cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    unknown = [line for line in proc.stdout.splitlines() if "ref.unknown-incident" in line]
    cols = {"INC-2026-0003": 28, "INC-2026-0004": 43, "INC-2026-0005": 58, "INC-2026-0009": 88}
    assert unknown == [
        f"incidents/INC-2026-0001/incident.yaml:9:{col}: ref.unknown-incident no such incident"
        " in the archive"
        for col in cols.values()
    ]
    assert "Traceback" not in proc.stderr
