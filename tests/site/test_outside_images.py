"""An image from another host never reaches a page (a tracking pixel sees every reader): the
real build drops it from postmortems and playbooks and warns, naming the page."""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild import build, copy_repo

PIXELS = (
    '![chart](https://tracker.evil.example/pixel.png?reader=1) <img src="//evil.example/x.gif">'
    ' <img src="/\\evil.example/y.gif"> <img srcset="https://evil.example/z.png 2x">'
)
LOADS = re.compile(
    r"""\b(src|srcset|poster|background)=["']?[^"'\s>]*evil\.example""", re.IGNORECASE
)


def test_images_from_other_hosts_are_dropped_and_the_build_warns_naming_the_page(
    tmp_path: Path,
) -> None:
    root = copy_repo(tmp_path / "repo")
    pm = root / "incidents" / "INC-2026-0003" / "postmortem.md"
    pm.write_text(pm.read_text().replace("## Impact\n", f"## Impact\n\n{PIXELS}\n", 1))
    playbook = root / "docs" / "playbooks" / "database-failover.md"
    playbook.write_text(playbook.read_text() + f"\n\n{PIXELS}\n")
    proc = build(root, tmp_path / "out")
    # strict: the warnings fail the build; every page is written all the same
    assert proc.returncode == 1
    warned = sorted(
        line.split("WARNING -  ", 1)[1] for line in proc.stderr.splitlines() if "WARNING" in line
    )
    tail = (
        ": an image from outside the site is not shown (a page loads nothing from the internet; "
        "put the image in the repository and refer to it by a relative path): "
    )
    urls = ["//evil.example/x.gif", "/\\evil.example/y.gif",
            "https://tracker.evil.example/pixel.png?reader=1"]  # fmt: skip
    assert warned == sorted(
        f"{page}{tail}{url}"
        for page in ("incidents/INC-2026-0003/postmortem.md", "playbooks/database-failover.md")
        for url in urls
    )
    for page in (tmp_path / "out").rglob("*.html"):
        assert not LOADS.search(page.read_text()), page
    html = (tmp_path / "out" / "incidents" / "INC-2026-0003" / "postmortem.html").read_text()
    assert '<img alt="chart">' in html  # the reader still sees what was there
