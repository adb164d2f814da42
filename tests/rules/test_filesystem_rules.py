"""Rules whose inputs cannot live in tests/data: huge files, symlinks, case-only collisions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidentctl.config import Settings
from incidentctl.runs.validate import run_validate

BASE = (Path(__file__).parent.parent / "data/valid/minimal-investigating/repo/incidents"
        / "INC-2026-0001/incident.yaml").read_text()  # fmt: skip


def lines(repo: Path) -> list[str]:
    result = run_validate(repo, Settings(), [], today=dt.date(2026, 11, 27))
    return [str(f) for f in result.findings]


def write(repo: Path, rel: str, text: str | bytes) -> Path:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    write(tmp_path, "incidents/INC-2026-0001/incident.yaml", BASE + "# " + "x" * (1 << 20) + "\n")
    assert lines(tmp_path) == [
        (
            "incidents/INC-2026-0001/incident.yaml:1:1: yaml.too-large file is larger than 1024 KiB;"
            " split it or move data to assets/"
        )
    ]


def test_symlinked_record_and_asset(tmp_path: Path) -> None:
    secret = write(tmp_path, "outside/secret.yaml", BASE)
    folder = tmp_path / "incidents/INC-2026-0001"
    folder.mkdir(parents=True)
    (folder / "incident.yaml").symlink_to(secret)
    write(tmp_path, "incidents/INC-2026-0002/incident.yaml", BASE.replace("0001", "0002"))
    (tmp_path / "incidents/INC-2026-0002/assets").mkdir()
    (tmp_path / "incidents/INC-2026-0002/assets/graph.png").symlink_to("/etc/passwd")
    msg = "discovery.symlink symbolic links are not allowed in the archive; commit the file itself"
    assert lines(tmp_path) == [
        f"incidents/INC-2026-0001/incident.yaml:0:0: {msg}",
        (
            "incidents/INC-2026-0001/incident.yaml:0:0: incident.missing-record an incident folder"
            " needs an incident.yaml (see docs/responders)"
        ),
        f"incidents/INC-2026-0002/assets/graph.png:0:0: {msg}",
    ]


def test_folders_differing_only_in_case(tmp_path: Path) -> None:
    write(tmp_path, "incidents/INC-2026-0001/incident.yaml", BASE)
    write(tmp_path, "incidents/inc-2026-0001/incident.yaml", BASE)
    assert lines(tmp_path) == [
        (
            "incidents/inc-2026-0001:0:0: discovery.case-collision differs only in case from"
            " incidents/INC-2026-0001"
        ),
        (
            "incidents/inc-2026-0001:0:0: incident.folder-name folder name must be an incident id"
            " such as INC-2026-0007"
        ),
    ]


def test_nested_repository_in_assets_is_a_submodule(tmp_path: Path) -> None:
    write(tmp_path, "incidents/INC-2026-0001/incident.yaml", BASE)
    write(
        tmp_path,
        "incidents/INC-2026-0001/assets/vendor/.git",
        "gitdir: ../../../.git/modules/vendor\n",
    )
    write(tmp_path, "incidents/INC-2026-0001/assets/vendor/x.png", b"\x89PNG")
    assert lines(tmp_path) == [
        (
            "incidents/INC-2026-0001/assets/vendor:0:0: discovery.submodule submodules are not allowed"
            " in the archive"
        )
    ]


def test_unreadable_playbook_is_a_finding(tmp_path: Path) -> None:
    write(tmp_path, "incidents/INC-2026-0001/incident.yaml", BASE)
    (tmp_path / "docs/playbooks/broken.md").mkdir(parents=True)  # a folder named like a playbook
    assert lines(tmp_path) == [
        (
            "docs/playbooks/broken.md:0:0: discovery.unreadable cannot be read (not a regular file);"
            " check its permissions"
        )
    ]
