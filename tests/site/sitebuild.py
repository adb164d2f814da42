"""Build a site the way users do (``mkdocs build --strict`` in a subprocess) from a repo copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

SITE_PARTS = ("incidents", "schemas", "docs", "pyproject.toml", "mkdocs.yml", "CHANGELOG.md")


def copy_repo(dest: Path, parts: tuple[str, ...] = SITE_PARTS) -> Path:
    """A scratch copy of what the site is built from."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy(src, dest / part)
    return dest


def build(root: Path, out: Path, *, internal: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env["INCIDENTCTL_SITE_INTERNAL"] = "true" if internal else "false"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=root, capture_output=True, text=True, env=env, check=False, timeout=900,
    )  # fmt: skip


def files_containing(site: Path, needle: str) -> list[str]:
    """Every output file (search index, feeds, sitemaps included) that contains ``needle``."""
    import html

    hits = []
    low = needle.casefold()
    for path in site.rglob("*"):
        if path.is_file():
            raw = path.read_bytes().decode("utf-8", errors="replace")
            if low in raw.casefold() or low in html.unescape(raw).casefold():
                hits.append(path.relative_to(site).as_posix())
    return hits


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive's site, built once per session (import this fixture to use it)."""
    out = tmp_path_factory.mktemp("site")
    proc = build(REPO, out)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    return out
