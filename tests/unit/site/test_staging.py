"""What the staging directory takes from the archive's folders in docs/: nothing through a link."""

from __future__ import annotations

from pathlib import Path

from incidentctl.site import staging

SECTIONS = ("incidents", "playbooks")


def test_section_files_sorts_pages_images_and_what_is_held(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    pb = docs / "playbooks"
    (pb / "old").mkdir(parents=True)
    (pb / "a.md").write_text("# A\n")
    (pb / "old" / "b.markdown").write_text("# B\n")
    (pb / "c.png").write_bytes(b"png")
    with (pb / "big.png").open("wb") as fh:
        fh.truncate(10 * 1024 * 1024 + 1)
    (pb / "d.svg").write_text("<svg/>")
    (pb / "latin1.md").write_bytes(b"caf\xe9\n")
    (pb / ".DS_Store").write_bytes(b"x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# secret\n")
    (pb / "linked").symlink_to(outside)
    (pb / "linked.md").symlink_to(outside / "secret.md")
    (docs / "responders").mkdir()
    (docs / "responders" / "x.md").write_text("# maintainers' page\n")
    found = staging.section_files(docs, SECTIONS)
    assert found.pages == [("playbooks/a.md", "# A\n"), ("playbooks/old/b.markdown", "# B\n")]
    assert found.images == [(pb / "c.png", "playbooks/c.png")]
    assert sorted(found.held) == ["playbooks/big.png", "playbooks/d.svg", "playbooks/latin1.md",
                                  "playbooks/linked", "playbooks/linked.md"]  # fmt: skip


def test_a_linked_archive_folder_is_held_back_whole(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "runbooks").write_text("<script>x()</script>")  # a file where the folder belongs
    assert staging.copy_docs(docs, tmp_path / "staging", ("runbooks",)) == 0
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "secret.md").write_text("# secret\n")
    (docs / "playbooks").symlink_to(outside)
    (docs / "incidents").symlink_to(outside / "sub")
    found = staging.section_files(docs, (*SECTIONS, "playbooks/sub", "runbooks"))
    assert (found.pages, found.images, sorted(found.held)) == (
        [], [], ["incidents", "playbooks", "runbooks"])  # fmt: skip


def test_copy_docs_leaves_the_archive_folders_to_section_files(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "staging"
    for rel in ("index.md", "playbooks/a.md", "playbooks/x/b.html", "incidents/c.md",
                "playbooks-old/d.md", "responders/e.md"):  # fmt: skip
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("x")
    assert staging.copy_docs(docs, out, SECTIONS) == 3
    copied = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert copied == ["index.md", "playbooks-old/d.md", "responders/e.md"]
