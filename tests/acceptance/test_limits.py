"""Size limits are checked before reading, memory stays bounded, and the warm cache is exact."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CliRunner, GitRepo
from incidentctl.history import git as gitmod
from incidentctl.history.git import GitRepo as Repo
from incidentctl.load.sources import MAX_BYTES, FsSource, Withheld

REC = "incidents/INC-2026-0013/incident.yaml"
TOO_LARGE = "yaml.too-large file is larger than 1024 KiB; split it or move data to assets/"


def test_a_huge_file_is_not_read_past_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "incidents/INC-2026-0001/incident.yaml"
    big.parent.mkdir(parents=True)
    with big.open("wb") as handle:  # 200 MB, sparse: cheap to make, costly to read whole
        handle.truncate(200 << 20)
    assert len(FsSource(tmp_path).read("incidents/INC-2026-0001/incident.yaml") or b"") == (
        MAX_BYTES + 1
    )


def test_a_huge_working_tree_file_is_a_finding(cli: CliRunner, archive: Path) -> None:
    with (archive / REC).open("r+b") as handle:
        handle.truncate(200 << 20)
    run = cli("validate", "--repo", archive, "--no-cache")
    assert run.code == 1
    assert f"{REC}:1:1: {TOO_LARGE}" in run.out.splitlines()


def test_a_blob_over_the_limit_is_never_loaded(git_repo: GitRepo) -> None:
    git_repo.commit("big", {"big.yaml": b"a: b\n" * (MAX_BYTES // 4), "small.yaml": b"a: b\n"})
    with Repo(git_repo.path) as repo:
        tree = repo.tree("HEAD", ["big.yaml", "small.yaml"])
        big = repo.blob(tree["big.yaml"].sha)
        assert isinstance(big, Withheld)
        assert len(big) < 100
        assert big.at("big.yaml").rule_id == "yaml.too-large"
        assert repo.blob(tree["small.yaml"].sha) == b"a: b\n"  # the batch process still in step


def test_the_blob_cache_is_bounded_in_bytes(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gitmod, "BLOB_CACHE_BYTES", 3000)
    git_repo.commit("blobs", {f"f{n}.yaml": f"{n}: ".encode() + b"x" * 1000 for n in range(10)})
    with Repo(git_repo.path) as repo:
        tree = repo.tree("HEAD", ["."])
        for n in range(10):
            assert repo.blob(tree[f"f{n}.yaml"].sha).startswith(f"{n}: ".encode())
        assert 0 < sum(map(len, repo._blobs.values())) <= 3000
        assert repo.blob(tree["f9.yaml"].sha).startswith(b"9: ")  # uncached: read again


PEAK = """
import resource, subprocess, sys
proc = subprocess.run([sys.executable, "-m", "incidentctl", *sys.argv[1:]], capture_output=True,
                      text=True, check=False)
sys.stdout.write(proc.stdout)
print("rc", proc.returncode, "peak", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.slow
def test_check_memory_stays_bounded_with_huge_blobs(archive: Path) -> None:
    """Six 40 MB records in a pull request: each is skipped, none is held (peak RSS bounded)."""
    repo = GitRepo(archive)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "change")
    chunk = b"# " + b"x" * 1021 + b"\n"
    folders = [f"INC-2026-{n:04d}" for n in range(1, 7)]
    for folder in folders:
        with (archive / f"incidents/{folder}/incident.yaml").open("ab") as handle:
            for _ in range(40 << 10):  # 40 MB
                handle.write(chunk)
    repo.commit("huge records")
    proc = subprocess.run(
        [sys.executable, "-c", PEAK, "check", "--base", "main"],
        cwd=archive, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    *lines, last = proc.stdout.splitlines()
    for folder in folders:
        assert f"incidents/{folder}/incident.yaml:1:1: {TOO_LARGE}" in lines
    _, code, _, peak_kib = last.split()
    assert code == "1"
    assert int(peak_kib) < 300 * 1024  # measured 48 MB; holding the blobs took 370 MB
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss > 0


def test_an_in_place_edit_keeping_size_and_mtime_is_seen(cli: CliRunner, archive: Path) -> None:
    """The stat fast path compares ctime too: restoring the mtime cannot hide an edit."""
    path = archive / REC
    old = 1_700_000_000_000_000_000
    os.utime(path, ns=(old, old))  # long before the cache is written: not racily clean
    assert cli("validate", "--repo", archive).code == 0
    assert cli("validate", "--repo", archive).code == 0  # warm: answered by stat
    text = path.read_text()
    broken = text.replace("severity: SEV", "severity: XEV", 1)
    assert len(broken) == len(text)
    assert broken != text
    with path.open("r+") as handle:  # in place: same inode, same size
        handle.write(broken)
    os.utime(path, ns=(old, old))
    run = cli("validate", "--repo", archive)
    assert run.code == 1
    assert f"{REC}:" in run.out
