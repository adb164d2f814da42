"""The learning archive's build at scale, next to a plain MkDocs Material build (issue 15).

1. ``mkdocs build`` of the archive site for 1,000 and 10,000 synthetic incidents: seconds,
   output size and search-index size; and the same for a plain Material site of 1,000
   pages, every one in the navigation (what the archive would be without index pages).
2. In Debian's chromium (when installed), from file://: the search worker loading the
   prebuilt index and answering a query, and the seconds from opening the home page to the
   first search result at each size.
Targets (the issue): faster than the plain build at 1,000 and under a tenth of its output;
10,000 in at most 10x the 1,000 time; a search index that loads in well under a second.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from harness import VENV_BIN, machine
from synthetic import build

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("docs", "pyproject.toml", "mkdocs.yml", "CHANGELOG.md")  # no schemas: built-in policy
CHROMIUM = Path("/usr/bin/chromium")


def mkdocs_build(root: Path, out: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INCIDENTCTL_SITE_INTERNAL": "false"}
    start = time.perf_counter()
    proc = subprocess.run(
        [str(VENV_BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(out)],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {root}: {proc.stderr[-2000:]}")
    return time.perf_counter() - start


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def archive(tmp: Path, incidents: int) -> Path:
    root = tmp / f"archive-{incidents}"
    build(root, incidents)
    for part in SITE_PARTS:
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / part)
    return root


def plain(tmp: Path, pages: int) -> Path:
    """A Material site of ``pages`` pages like incident pages, every page in the nav."""
    root = tmp / f"plain-{pages}"
    (root / "docs").mkdir(parents=True)
    body = "\n\n".join(
        f"## Section {k}\n\n" + "Replica lag after a deploy. " * 30 for k in range(6)
    )
    nav = []
    for i in range(pages):
        (root / "docs" / f"page-{i:05d}.md").write_text(f"# Page {i}\n\n{body}\n")
        nav.append(f"  - page-{i:05d}.md")
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(
        "site_name: plain\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "use_directory_urls: false\nnav:\n  - index.md\n" + "\n".join(nav) + "\n"
    )
    return root


WORKER_READY = """async url => {
  const start = performance.now();
  const worker = new Worker(url);  // on file:// Material's iframe-worker shim, as in the site
  const reply = type => new Promise(done => worker.addEventListener("message", function on(ev) {
    if (ev.data.type === type) { worker.removeEventListener("message", on); done(); }
  }));
  const ready = reply(1);
  worker.postMessage({type: 0, data: {}});
  await ready;
  const loaded = performance.now();
  const result = reply(3);
  worker.postMessage({type: 2, data: "replica"});
  await result;
  return [loaded - start, performance.now() - loaded];
}"""


def search_seconds(site: Path) -> tuple[float, float, float, float] | None:
    """From file://, in chromium: the search's own figures and what a reader waits for.

    ``(index, query, page, first)``: the site's search worker loading the index (the SETUP
    message until READY) and answering "replica"; then, in a fresh page, the page loaded, and
    the first result listed for "replica" typed at once, both counted from opening the page.
    """
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto((site / "index.html").as_uri())
        worker = page.evaluate("() => JSON.parse(document.getElementById('__config').text).search")
        url = (site / worker).as_uri()
        index_ms, query_ms = page.evaluate(WORKER_READY, url)
        page.close()
        page = browser.new_page()
        start = time.perf_counter()
        page.goto((site / "index.html").as_uri())
        loaded = time.perf_counter() - start
        page.click("input.md-search__input")
        page.fill("input.md-search__input", "replica")
        page.keyboard.press("End")  # the key-up Material's search box listens for
        page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
        took = time.perf_counter() - start
        browser.close()
    return index_ms / 1000, query_ms / 1000, loaded, took


def row(name: str, secs: float, out: Path, base: tuple[float, int]) -> str:
    # the archive's prebuilt index (Material's search_index.json keeps its configuration only)
    ours = out / "search" / "incidentctl_index.js"
    index = ours if ours.is_file() else out / "search" / "search_index.json"
    total = size(out)
    return (
        f"{name:<34} {secs:>8.1f} {total / 1e6:>10.1f} {index.stat().st_size / 1e6:>10.2f}"
        f" {secs / base[0]:>8.2f}x {total / base[1]:>8.2f}x"
    )


def main(small: int = 1000, large: int = 10_000, pages: int = 1000) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-site-") as name:
        tmp = Path(name)
        plain_root = plain(tmp, pages)
        plain_secs = mkdocs_build(plain_root, tmp / "out-plain")
        base = (plain_secs, size(tmp / "out-plain"))
        title = (
            f"{'':<34} {'seconds':>8} {'output MB':>10} {'index MB':>10} {'time':>9} {'output':>9}"
        )
        lines = ["\n1. mkdocs build, side by side (ratios to the plain build)", title]
        lines.append(
            row(f"plain Material, {pages} pages in nav", plain_secs, tmp / "out-plain", base)
        )
        secs: dict[int, float] = {}
        for n in (small, large):
            root = archive(tmp, n)
            secs[n] = mkdocs_build(root, tmp / f"out-{n}")
            lines.append(row(f"archive, {n} incidents", secs[n], tmp / f"out-{n}", base))
            shutil.rmtree(root)
        lines.append(f"archive {large} / archive {small}: {secs[large] / secs[small]:.2f}x")
        lines.append(f"({machine()})")
        print("\n".join(lines))
        print("\n2. search from file://, in chromium (seconds)")
        print(f"{'':<24} {'index':>7} {'query':>7} {'page':>7} {'first':>7}")
        for n in (small, large):
            figures = search_seconds(tmp / f"out-{n}")
            if figures is None:
                print(f"archive, {n} incidents: no /usr/bin/chromium")
                continue
            print(f"archive, {n} incidents " + " ".join(f"{f:>7.2f}" for f in figures))
        print(
            "index: the search worker loads the prebuilt index; query: it answers 'replica';\n"
            "page: the home page loaded; first: the first result listed for 'replica' typed\n"
            "at once, counted from opening the page (page + index + query + drawing)"
        )


if __name__ == "__main__":
    main()
