"""The archive site at 1,000 incidents: it builds, and a page does not grow with the archive.

Linear means each incident page carries the archive's few links, not a navigation entry per
incident; so an incident's page is (nearly) the same size in a 10- and a 1,000-incident build.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from sitebuild import build

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic

pytestmark = pytest.mark.slow  # a 1,000-incident build; make quick skips it

PARTS = ("docs", "pyproject.toml", "mkdocs.yml", "CHANGELOG.md")  # the built-in policy


def synthetic_site(tmp: Path, incidents: int) -> Path:
    root = tmp / f"repo-{incidents}"
    synthetic.build(root, incidents)
    for part in PARTS:
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / part)
    out = tmp / f"site-{incidents}"
    proc = build(root, out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def test_a_thousand_incidents_build_and_pages_do_not_grow_with_the_archive(tmp_path: Path) -> None:
    small = synthetic_site(tmp_path, 10)
    large = synthetic_site(tmp_path, 1000)
    pages = list((large / "incidents").glob("INC-*/index.html"))
    assert len(pages) == 1000
    index = (large / "incidents" / "index.html").read_text()
    assert index.count('<tr data-year="2025"') == 1000
    one = "incidents/INC-2025-0001/index.html"
    assert (large / one).stat().st_size <= 1.05 * (small / one).stat().st_size
    assert "INC-2025-0999" not in (large / one).read_text()


def test_the_site_benchmark_prints_its_tables(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_site

    bench_site.main(4, 8, 4)
    out = capsys.readouterr().out
    for line in ("plain Material, 4 pages in nav", "archive, 4 incidents", "archive, 8 incidents",
                 "archive 8 / archive 4: ", "2. search from file://, in chromium"):  # fmt: skip
        assert line in out
    if Path("/usr/bin/chromium").exists():  # the search figures were measured, not skipped
        assert re.search(r"archive, 8 incidents( +\d+\.\d\d){4}\n", out), out
