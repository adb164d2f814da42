"""MkDocs behaviours the site must defend against (docs/maintainers/security.md).

If an upgrade changes one, these fail: update the security page and the defences."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "out")],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip


def test_mkdocs_yml_is_loaded_unsafely_and_can_run_code(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Hi\n")
    marker = tmp_path / "ran"
    (tmp_path / "mkdocs.yml").write_text(
        f'site_name: facts\nx: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    build(tmp_path)
    assert marker.exists(), "MkDocs no longer runs code from mkdocs.yml: update security.md"


def test_pages_with_broken_front_matter_are_published(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text(
        "---\ntitle: [unclosed\nrestricted: yes\n---\n\n# Page\n\nBODYCANARY\n"
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: facts\n")
    assert build(tmp_path).returncode == 0
    assert "BODYCANARY" in (tmp_path / "out/search/search_index.json").read_text()
    assert "restricted: yes" in (tmp_path / "out/index.html").read_text()


def test_the_extensions_mkdocs_renders_as_pages_are_the_ones_the_site_sanitizes() -> None:
    from mkdocs.utils import markdown_extensions

    from incidentctl.load.discovery import MARKDOWN_SUFFIXES

    assert set(markdown_extensions) == set(MARKDOWN_SUFFIXES)
