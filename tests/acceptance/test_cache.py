"""The warm cache gives the same answers as a cold run, and notices every kind of change."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CliRunner, GitRepo
from incidentctl.config import load_settings
from incidentctl.runs.cache import RACY_SECONDS, ValidateCache
from incidentctl.runs.validate import run_validate

REC = "incidents/INC-2026-0003/incident.yaml"


def outputs(cli: CliRunner, archive: Path) -> tuple[int, str]:
    run = cli("validate", "--repo", archive)
    return run.code, run.out


def test_warm_equals_cold_and_edits_are_seen(cli: CliRunner, archive: Path) -> None:
    cold = outputs(cli, archive)
    assert outputs(cli, archive) == cold == (0, "ok: 44 files checked, no problems\n")
    path = archive / REC
    text = path.read_text()
    path.write_text(text.replace("severity: SEV1", "severity: SEV9"))
    code, out = outputs(cli, archive)
    assert code == 1
    assert "ref.unknown-severity" in out
    assert outputs(cli, archive) == (code, out)  # the broken state, now cached, reads the same
    st = path.stat()
    path.write_text(text)  # same size and (forced) same mtime as the broken version: content wins
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert outputs(cli, archive) == cold


def test_references_are_rechecked_when_the_archive_changes(cli: CliRunner, archive: Path) -> None:
    assert outputs(cli, archive)[0] == 0
    target = archive / "incidents/INC-2025-0042"
    for child in target.iterdir():
        child.unlink()
    target.rmdir()
    code, out = outputs(cli, archive)
    assert code == 1
    assert (
        "incidents/INC-2026-0003/incident.yaml:170:13: ref.unknown-incident no such incident" in out
    )


def test_policy_changes_drop_the_cache(cli: CliRunner, archive: Path) -> None:
    assert outputs(cli, archive)[0] == 0
    services = archive / "schemas/services.yaml"
    services.write_text(
        services.read_text().replace("  - id: search\n", "  - id: product-search\n")
    )
    code, out = outputs(cli, archive)
    assert code == 1
    assert "ref.unknown-service" in out


def test_no_cache_and_parallel_give_the_same_answer(cli: CliRunner, archive: Path) -> None:
    (archive / REC).write_text((archive / REC).read_text().replace("type: outage", "type: outgae"))
    serial = cli("validate", "--repo", archive, "--no-cache", "--jobs", "1").out
    parallel = cli("validate", "--repo", archive, "--no-cache", "--jobs", "2").out
    assert serial == parallel
    assert "ref.unknown-type" in serial


PROBE = (
    "import sys\n"
    "from incidentctl.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' or '.models' in m)\n"
    "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'git', 'jinja2', 'ruamel', 'mkdocs'})\n"
    "print('lazy:', heavy)\n"
    "print('imported:', len(loaded), 'exit:', code)\n"
)


def probe(archive: Path, *targets: str) -> tuple[str, str]:
    args = ["validate", "--repo", str(archive), "--color", "never"]
    args += [str(archive / t) for t in targets]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    *report, lazy, last = proc.stdout.splitlines()
    assert lazy == "lazy: []"  # validate never needs GitPython, Jinja2, ruamel or MkDocs
    return "\n".join(report), last


@pytest.mark.parametrize("broken", [False, True], ids=["clean", "broken-policy-and-playbook"])
def test_a_warm_run_parses_nothing_and_imports_no_model(archive: Path, broken: bool) -> None:
    """The pre-commit case: nothing changed, so nothing is parsed and pydantic never loads."""
    if broken:
        (archive / "schemas/roles.yaml").write_text("roles: [\n")
        playbook = archive / "docs/playbooks/database-failover.md"
        playbook.write_text(playbook.read_text().replace("[customer-communication]", "[nope]"))
        time.sleep(
            RACY_SECONDS + 0.1
        )  # files written just before a cache is written are re-read (racy)
    cold_report, cold_last = probe(archive)
    assert cold_last.startswith("imported:")
    assert not cold_last.startswith("imported: 0 ")
    warm_report, warm_last = probe(archive)
    assert warm_report == cold_report
    assert warm_last == f"imported: 0 exit: {1 if broken else 0}"
    if broken:
        assert "schemas/roles.yaml:" in warm_report
        assert "ref.unknown-playbook" in warm_report


@pytest.mark.parametrize("targets", [(), ("incidents/INC-2025-0042",)], ids=["all", "one"])
def test_a_warm_run_in_a_clone_whose_base_moved_imports_no_model(
    archive: Path, targets: tuple[str, ...]
) -> None:
    """The id-clash check against the base parses only a folder both sides opened."""
    repo = GitRepo(archive)
    repo.commit("the archive")
    repo.git("switch", "-q", "-c", "work")
    repo.git("switch", "-q", "main")
    record = (archive / REC).read_text().replace("INC-2026-0003", "INC-2026-0200")
    repo.commit("main opens another incident", {"incidents/INC-2026-0200/incident.yaml": record})
    repo.git("switch", "-q", "work")
    cold_report, cold_last = probe(archive, *targets)
    assert cold_last.startswith("imported:")
    assert not cold_last.startswith("imported: 0 ")
    warm_report, warm_last = probe(archive, *targets)
    assert warm_report == cold_report
    assert warm_last == "imported: 0 exit: 0"


BUILT = (
    "import sys\n"
    "from incidentctl.cli import main\n"
    "from incidentctl.models.base import StrictModel\n"
    "code = main(sys.argv[1:])\n"
    "def walk(cls):\n"
    "    for sub in cls.__subclasses__():\n"
    "        yield sub\n"
    "        yield from walk(sub)\n"
    "print(' '.join(sorted(c.__name__ for c in walk(StrictModel) if c.__pydantic_complete__)))\n"
)


def test_a_cold_run_builds_only_the_models_it_validates(archive: Path) -> None:
    """Validators are built on first use: one folder builds its record's, not the others'."""
    folder = archive / "incidents/INC-2025-0042"
    proc = subprocess.run(
        [sys.executable, "-c", BUILT, "validate", "--repo", str(archive), "--no-cache", folder],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    built = set(proc.stdout.split("\n")[-2].split())
    assert {"Incident", "Postmortem", "Lifecycle"} <= built
    # nested in Incident (built inside its validator), or never asked for by this run
    assert not built & {"ActionItem", "Update", "Indicator"}


def test_a_changed_settings_table_is_validated_again(cli: CliRunner, archive: Path) -> None:
    assert outputs(cli, archive)[0] == 0  # the table validated: the cache now trusts it
    pyproject = archive / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('id_prefix = "INC"', 'id_prefix = "inc"'))
    run = cli("validate", "--repo", archive)
    assert run.code == 2
    assert "[tool.incidentctl] id_prefix" in run.err


def test_playbook_results_follow_the_day_and_the_other_playbooks(archive: Path) -> None:
    def run(today: dt.date) -> list[str]:
        cache = ValidateCache.open(archive)
        settings = load_settings(archive, cache.trusts_table)
        result = run_validate(archive, settings, [], today=today, cache=cache)
        return [f"{f.rule_id} {f.path}" for f in result.findings]

    assert run(dt.date(2026, 12, 2)) == []
    overdue = run(dt.date(2031, 1, 1))  # same files, a later day: reviews are now overdue
    assert "playbook.review-overdue docs/playbooks/database-failover.md" in overdue
    assert run(dt.date(2026, 12, 2)) == []
    (archive / "docs/playbooks/customer-communication.md").unlink()  # named by another one
    gone = run(dt.date(2026, 12, 2))
    assert "ref.unknown-playbook docs/playbooks/database-failover.md" in gone
    assert {line.split()[0] for line in gone} == {"ref.unknown-playbook"}


def test_shards_keep_what_a_partial_run_did_not_read_and_forget_deleted_folders(
    archive: Path,
) -> None:
    def run(*targets: str) -> ValidateCache:
        cache = ValidateCache.open(archive)
        settings = load_settings(archive, cache.trusts_table)
        paths = [archive / t for t in targets]
        run_validate(archive, settings, paths, cache=cache)
        return cache

    run()
    folders = sorted(p.name for p in (archive / "incidents").iterdir() if p.is_dir())
    run("incidents/INC-2026-0003")  # reads one shard, rewrites at most that one
    cache = ValidateCache.open(archive)
    cache.bind(run().key)
    assert all(cache.known(f) for f in folders)
    gone = archive / "incidents/INC-2026-0013"
    for child in gone.rglob("*"):
        if child.is_file():
            child.unlink()
    for child in sorted(gone.rglob("*"), reverse=True):
        child.rmdir()
    gone.rmdir()
    cache = run()
    fresh = ValidateCache.open(archive)
    fresh.bind(cache.key)
    assert not fresh.known("INC-2026-0013")
    assert all(fresh.known(f) for f in folders if f != "INC-2026-0013")


def test_a_damaged_cache_is_a_miss_never_an_error(cli: CliRunner, archive: Path) -> None:
    cold = outputs(cli, archive)
    assert outputs(cli, archive) == cold
    folder = ValidateCache.open(archive).folder
    shards = sorted(folder.glob("shard-*.json"))
    assert shards
    for i, shard in enumerate(shards):
        doc = json.loads(shard.read_text())
        for entry in doc["entries"].values():
            if i % 3 == 0:
                entry["findings"] = [["x", "1", 0, "rule", "message", "error"]]  # a str line
            elif i % 3 == 1:
                entry["refs"] = 5
            else:
                entry["id"] = ["not", "an", "id"]
        shard.write_text(json.dumps(doc))
    head = json.loads((folder / "head.json").read_text())
    head["policy"] = [[1, 2, 3]]
    head["playbooks"] = {p: {"stamp": "?", "context": 1} for p in head["playbooks"]}
    (folder / "head.json").write_text(json.dumps(head))
    assert outputs(cli, archive) == cold
    (folder / "head.json").write_text("{not json")
    shards[0].write_bytes(b"\xff\xfe")
    assert outputs(cli, archive) == cold
