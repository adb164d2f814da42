"""Nothing raw from the archive's folders reaches the site (the real build, strict).

From the playbooks folder (and the site's ``incidents/`` and ``playbooks/`` folders) only the
playbooks (validated), the folder's index page (sanitized) and raster images are published;
every other file, Markdown pages in subfolders or with another extension included, is held
back with a warning naming it. A layout that puts the records or the policy
inside ``docs_dir`` is refused before anything is written, and a build whose scan finds an
unpublished incident leaves an empty output folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitebuild import build, copy_repo
from xss_payloads import PAYLOADS, dangerous

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
FRONT = "---\nid: evil\ntitle: </title><script>window.__xss=90</script>\n---\n\n"
BODY = "# Evil\n\n" + "\n\n".join(PAYLOADS) + "\n\n![x](https://evil.example/p.png)\n"
PAGES = [
    "playbooks/old/evil.md",
    "playbooks/old/deeper/evil.md",
    "playbooks/evil-1.markdown",
    "playbooks/evil-2.mdown",
    "playbooks/evil-3.mkdn",
    "playbooks/evil-4.mkd",
    "incidents/notes.md",
]
HELD = [
    "playbooks/raw.html",
    "playbooks/old/evil.svg",
    "playbooks/evil.js",
    "playbooks/EVIL.MD",
    "incidents/INC-2026-0005/incident.yaml",
]
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def _warnings(stderr: str) -> list[str]:
    return [line.split("WARNING -  ", 1)[1] for line in stderr.splitlines() if "WARNING" in line]


def test_nothing_under_the_archive_folders_is_published_raw(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    docs = root / "docs"
    for rel in PAGES:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(FRONT + BODY)
    index = docs / "playbooks" / "index.md"
    index.write_text(FRONT + index.read_text() + "\n" + BODY.removeprefix("# Evil\n"))
    for rel in HELD:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text('<svg onload="window.__xss=91"><script>x()</script></svg>')
    (docs / "playbooks" / "old" / "flow.png").write_bytes(PNG)
    (docs / "playbooks" / "link.md").symlink_to(docs / "playbooks" / "old" / "evil.md")
    out = tmp_path / "out"
    proc = build(root, out)
    # strict: the held-back files and the dropped images are warnings, and fail the build
    assert proc.returncode == 1
    held = sorted(w for w in _warnings(proc.stderr) if "is not published" in w)
    assert held == sorted(
        f"{rel} is not published: from the archive's folders the site publishes only the "
        "playbooks (validated), each folder's index.md or README.md (sanitized) and PNG, JPEG, "
        "GIF, WebP or AVIF images of at most 10 MB, never a link"
        for rel in [*PAGES, *HELD, "playbooks/link.md"]
    )
    dropped = {w.split(":")[0] for w in _warnings(proc.stderr) if "outside the site" in w}
    assert dropped == {"playbooks/index.md"}
    for rel in [*HELD, "playbooks/link.md", "playbooks/link.html"]:
        assert not (out / rel).exists(), rel
    for rel in PAGES:
        assert not (out / rel).with_suffix(".html").exists(), rel
    assert (out / "playbooks" / "old" / "flow.png").read_bytes() == PNG
    page = (out / "playbooks" / "index.html").read_text()
    [article] = ARTICLE.findall(page)
    assert dangerous(article) == []
    assert "evil.example" not in article
    assert 'href="database-failover.html"' in article  # the folder's index page, sanitized
    assert "__xss=90" not in page  # its front matter is dropped
    # the raw playbooks are published from their validated form only
    assert (
        "Incidents that used this playbook"
        in (out / "playbooks/database-failover.html").read_text()
    )


RECORDS = (
    "MkDocs would publish every raw record, restricted ones included. Keep the records "
    "outside docs_dir (the default is incidents/)."
)
POLICY = (
    "MkDocs would publish the raw policy files. Keep the policy outside docs_dir "
    "(the default is schemas/)."
)
PLAYBOOKS = (
    "every page of the site would be read as a playbook. Use a folder inside docs_dir "
    "(the default is docs/playbooks) or outside it."
)
SETTINGS = [
    ("incidents_dir", "docs/incidents", "lies inside", RECORDS),
    ("policy_dir", "docs/schemas", "lies inside", POLICY),
    ("playbooks_dir", "docs", "is", PLAYBOOKS),
]


@pytest.mark.parametrize(("key", "value", "where", "why"), SETTINGS, ids=[s[0] for s in SETTINGS])
def test_a_layout_that_would_publish_raw_files_is_refused_before_anything_is_written(
    tmp_path: Path, key: str, value: str, where: str, why: str
) -> None:
    root = copy_repo(tmp_path / "repo")
    default = {"incidents_dir": "incidents", "policy_dir": "schemas"}.get(key)
    if default:  # move the folder where the setting says
        (root / default).rename(root / value)
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text().replace(
        "[tool.incidentctl]\n", f'[tool.incidentctl]\n{key} = "{value}"\n', 1
    )
    pyproject.write_text(text)
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.html").write_text("the last good build")
    proc = build(root, out)
    assert proc.returncode == 1
    expected = (
        f'ERROR   -  incidentctl: {root}: [tool.incidentctl] {key} = "{value}" {where} '
        f"MkDocs' docs_dir ({root / 'docs'}): {why}"
    )
    assert [line for line in proc.stderr.splitlines() if line.startswith("ERROR")] == [expected]
    assert sorted(p.name for p in out.iterdir()) == ["earlier.html"]  # nothing written
