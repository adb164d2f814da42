"""Faults are findings or one-line errors (exit 1 or 2), never an internal error (exit 3).

Unreadable files and folders need a user the permissions apply to: the tests run as root, so
the CLI runs in a child that drops to ``nobody`` after one run as root has imported all it
needs (the interpreter lives under /root, which nobody cannot enter: a ``preexec_fn`` that
drops before exec cannot start Python at all here).
A full and a read-only disk are real tmpfs mounts where the sandbox allows ``mount``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import incidentctl
from conftest import CliRunner, GitRepo, Run

NOBODY = 65534
AT = "2026-11-27T09:00:00Z"
AS_NOBODY = """
import contextlib, io, os, sys
from incidentctl.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main([*sys.argv[1:], "--no-cache"])  # as root first: imports what the run imports lazily
os.setgroups([]); os.setgid(65534); os.setuid(65534)
sys.exit(main(sys.argv[1:]))
"""


def unreadable(name: str) -> str:
    return f"{name}:0:0: discovery.unreadable cannot be read (Permission denied); check its permissions"


@pytest.fixture
def shared(archive: Path) -> Iterator[Path]:
    """The archive where ``nobody`` can reach it (pytest's tmp folders are root's alone)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a child as nobody (permissions do not bind root)")
    base = Path(tempfile.mkdtemp(prefix="incidentctl-faults-"))
    base.chmod(0o755)
    shutil.copytree(archive, base / "archive")
    # incidentctl reads its own files lazily (built-in policy, the cache's code stamp): a copy
    # nobody can read, whatever the permissions of the folder this checkout lives in
    package = Path(incidentctl.__file__).parent
    shutil.copytree(
        package, base / "src" / "incidentctl", ignore=shutil.ignore_patterns("__pycache__")
    )
    home = base / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    try:
        yield base / "archive"
    finally:
        for path in (base, *base.rglob("*")):
            with contextlib.suppress(OSError):
                path.chmod(0o755)
        shutil.rmtree(base)


def as_nobody(repo: Path, *args: str) -> Run:
    env = {**os.environ, "HOME": str(repo.parent / "home"), "XDG_CACHE_HOME": ""}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, (str(repo.parent / "src"), env.get("PYTHONPATH")))
    )
    proc = subprocess.run(
        [sys.executable, "-c", AS_NOBODY, *args, "--repo", str(repo)],
        capture_output=True, text=True, env=env, timeout=120, check=False, cwd=repo,
    )  # fmt: skip
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize(
    ("rel", "finding"),
    [
        ("incidents/INC-2026-0013/incident.yaml", "incidents/INC-2026-0013/incident.yaml"),
        ("incidents/INC-2026-0013", "incidents/INC-2026-0013"),
        ("incidents", "incidents"),
        ("incidents/INC-2026-0013/assets/deep", "incidents/INC-2026-0013/assets/deep"),
        ("schemas/services.yaml", "schemas/services.yaml"),
        ("docs/playbooks", "docs/playbooks"),
    ],
)
def test_unreadable_files_and_folders_are_findings(shared: Path, rel: str, finding: str) -> None:
    (shared / "incidents/INC-2026-0013/assets/deep").mkdir(parents=True)
    assert as_nobody(shared, "validate", "--no-cache").code == 0  # the run itself works
    (shared / rel).chmod(0)
    run = as_nobody(shared, "validate", "--no-cache")
    assert run.code == 1, run.err
    assert unreadable(finding) in run.out.splitlines()
    assert run.err == ""


def test_a_cached_file_that_became_unreadable_is_not_answered_from_the_cache(
    shared: Path,
) -> None:
    rel = "incidents/INC-2026-0013/incident.yaml"
    old = 1_700_000_000
    os.utime(shared / rel, (old, old))  # long before the cache is written: not racily clean
    assert as_nobody(shared, "validate").code == 0
    assert as_nobody(shared, "validate").code == 0  # warm
    (shared / rel).chmod(0)
    run = as_nobody(shared, "validate")
    assert run.code == 1, run.err
    assert unreadable(rel) in run.out.splitlines()


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_policy_file_that_is_not_a_file_is_a_finding(
    cli: CliRunner, archive: Path, kind: str
) -> None:
    path = archive / "schemas/services.yaml"
    path.unlink()
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    run = cli("validate", "--repo", archive, "--no-cache")
    assert run.code == 1, run.err
    assert (
        "schemas/services.yaml:0:0: discovery.unreadable cannot be read (not a regular file);"
        " check its permissions"
    ) in run.out


@contextlib.contextmanager
def nested(base: Path, name: str, depth: int) -> Iterator[None]:
    """``depth`` folders one in another, made relative to open folders (any total length).

    Removed again bottom-up the same way: shutil.rmtree (pytest's clean-up) recurses too.
    """
    base.mkdir(parents=True, exist_ok=True)
    fds = [os.open(base, os.O_RDONLY)]
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fds[-1])
            fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
        os.symlink("/etc/passwd", "link", dir_fd=fds[-1])
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink("link", dir_fd=fds[-1])
        while len(fds) > 1:
            os.close(fds.pop())
            os.rmdir(name, dir_fd=fds[-1])
        os.close(fds.pop())


def test_assets_nested_deeper_than_the_recursion_limit(cli: CliRunner, archive: Path) -> None:
    """os.walk recursed once per level: 1,100 levels raised RecursionError (exit 3)."""
    with nested(archive / "incidents/INC-2026-0013/assets", "a", 1100):
        run = cli("validate", "--repo", archive, "--no-cache")
    assert (run.code, run.err) == (1, "")
    lines = run.out.splitlines()
    assert len(lines) == 2, lines[-1]
    prefix = "incidents/INC-2026-0013/assets/" + "a/" * 1100
    message = (
        "discovery.symlink symbolic links are not allowed in the archive; commit the file itself"
    )
    assert lines[0] == f"{prefix}link:0:0: {message}"  # walked all the way down


def test_a_path_too_long_to_open_is_a_finding(cli: CliRunner, archive: Path) -> None:
    with nested(archive / "incidents/INC-2026-0013/assets", "d" * 200, 25):  # past PATH_MAX
        run = cli("validate", "--repo", archive, "--no-cache")
    assert (run.code, run.err) == (1, "")
    assert "discovery.unreadable cannot be read (File name too long)" in run.out


@pytest.mark.parametrize("depth", [100_000])
def test_a_corrupt_deeply_nested_cache_file_is_a_miss(
    cli: CliRunner, archive: Path, depth: int
) -> None:
    cold = cli("validate", "--repo", archive)
    folder = next((Path(os.environ["HOME"]) / ".cache/incidentctl").iterdir())
    for path in folder.iterdir():
        path.write_text("[" * depth + "]" * depth)
    assert cli("validate", "--repo", archive) == cold


@contextlib.contextmanager
def mounted(where: Path, options: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> None:
    with contextlib.suppress(OSError), (folder / "ballast").open("wb") as handle:
        while True:
            handle.write(b"\0" * 65536)


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_transition_on_a_full_or_read_only_disk_is_one_line(
    cli: CliRunner, archive: Path, tmp_path: Path, fault: str
) -> None:
    with mounted(tmp_path / "disk", "size=2m") as disk:
        repo = disk / "archive"
        shutil.copytree(archive, repo)
        GitRepo(repo).commit("the example archive")
        record = repo / "incidents/INC-2026-0013/incident.yaml"
        before = record.read_bytes()
        if fault == "full":
            fill(disk)
        else:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        run = cli("transition", "INC-2026-0013", "--to", "investigating", "--at", AT,
                  "--repo", repo)  # fmt: skip
        assert run.code == 2, run.err
        reason = "No space left on device" if fault == "full" else "Read-only file system"
        assert run.err.count("\n") == 1
        assert f"cannot be written ({reason}); nothing was changed" in run.err
        assert record.read_bytes() == before
        assert not [p for p in record.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_cache_that_cannot_be_written_is_only_a_slower_run(
    cli: CliRunner, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    cold = cli("validate", "--repo", archive, "--no-cache")
    with mounted(tmp_path / "cache", "size=1m") as disk:
        monkeypatch.setenv("XDG_CACHE_HOME", str(disk))
        if fault == "full":
            fill(disk)
        else:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert cli("validate", "--repo", archive) == cold
        assert cli("validate", "--repo", archive) == cold
