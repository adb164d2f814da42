"""Shared fixtures: a pinned git environment, the example archive as a scratch copy, CLI runners."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent

# While mutmut collects which tests reach which function (its "stats" mode, set in this
# process as well), a CLI child would inherit MUTANT_UNDER_TEST=stats and look for mutmut's
# configuration in a test repository, which has none. A child's hits are never credited
# anyway: without the variable it runs the code unmutated; a real mutant's name is kept.
if os.environ.get("MUTANT_UNDER_TEST") == "stats":
    del os.environ["MUTANT_UNDER_TEST"]

# Property tests: fixed seed and bounded budget in CI; `make fuzz` runs the long profile.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=150)
settings.register_profile("fuzz", deadline=None, max_examples=20_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
DATA = Path(__file__).resolve().parent / "data"
ARCHIVE_PARTS = ("incidents", "schemas", "docs/playbooks", "pyproject.toml")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-testdata",
        action="store_true",
        help="Rewrite expected.txt files from the current output (review the diff!).",
    )


@pytest.fixture
def update_testdata(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-testdata"))


@pytest.fixture(autouse=True)
def _pinned_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The host's git config, colours and CI variables never leak into a test."""
    home = tmp_path_factory.mktemp("home")
    for key, value in {
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Committer",
        "GIT_COMMITTER_EMAIL": "committer@example.com",
    }.items():
        monkeypatch.setenv(key, value)
    for key in ("GITHUB_ACTIONS", "NO_COLOR", "INCIDENTCTL_FORMAT"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A scratch copy of this repository's example archive, to break on purpose."""
    dest = tmp_path / "archive"
    for part in ARCHIVE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            dest.mkdir(exist_ok=True)
            shutil.copy2(src, dest / part)
    return dest


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


class CliRunner(Protocol):
    """The ``cli`` fixture: run ``incidentctl`` in-process with these arguments."""

    def __call__(self, *args: str | Path) -> Run: ...


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run ``incidentctl`` in-process: ``cli("validate", "--repo", path) -> Run``."""
    from incidentctl.cli import main

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def run_subprocess(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run the real CLI as a user meets it: ``python -m incidentctl ...``."""
    proc = subprocess.run(
        [sys.executable, "-m", "incidentctl", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


class GitRepo:
    """A real repository in a temp folder: real commits, real branches, pinned identities."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        proc = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.path,
            capture_output=True,
            text=True,
            check=True,
        )
        return proc.stdout

    def write(self, files: dict[str, str | bytes | None]) -> None:
        """Write files (None deletes one)."""
        for rel, content in files.items():
            target = self.path / rel
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode())

    def replace_tree(self, tree: Path) -> None:
        """Make the working tree exactly ``tree`` (plus .git)."""
        for child in self.path.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.copytree(tree, self.path, dirs_exist_ok=True, symlinks=True)

    def commit(
        self,
        message: str,
        files: dict[str, str | bytes | None] | None = None,
        *,
        date: str | None = None,
    ) -> str:
        if files:
            self.write(files)
        # Re-hash everything: a same-size edit within the same second can look unchanged to
        # git's stat cache (racy git), and the commit would silently be empty.
        self.git("read-tree", "--empty")
        self.git("add", "-A")
        env_date = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        proc = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", message],
            cwd=self.path, capture_output=True, text=True, check=True, env={**os.environ, **env_date},
        )  # fmt: skip
        assert proc.returncode == 0
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


@pytest.fixture
def archive_repo(archive: Path) -> GitRepo:
    """The example archive (``archive``) committed on main in a real repository."""
    repo = GitRepo(archive)
    repo.commit("the example archive")
    return repo
