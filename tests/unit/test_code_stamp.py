"""The caches' code stamp: an installed wheel's RECORD (content), or a checkout's mtimes."""

from __future__ import annotations

import os
from pathlib import Path

import incidentctl
from incidentctl.runs.code_stamp import _record, stamp_of


def package(site: Path) -> Path:
    pkg = site / "incidentctl"
    (pkg / "policy/defaults").mkdir(parents=True)
    (pkg / "__init__.py").write_text('__version__ = "1.2.3"\n')
    (pkg / "rules.py").write_text("RULES = 1\n")
    (pkg / "policy/defaults/severities.yaml").write_text("levels: []\n")
    return pkg


def later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def record(site: Path, version: str, lines: str) -> Path:
    info = site / f"incidentctl-{version}.dist-info"
    info.mkdir()
    (info / "RECORD").write_text(lines)
    return info / "RECORD"


WHEEL = (
    "incidentctl/__init__.py,sha256=AAAA,22\nincidentctl/rules.py,sha256=BBBB,10\n"
    "incidentctl-1.2.3.dist-info/RECORD,,\n"
)


def test_a_checkout_follows_every_module_and_default(tmp_path: Path) -> None:
    pkg = package(tmp_path)
    first = stamp_of(pkg, "1.2.3")
    assert stamp_of(pkg, "1.2.3") == first
    later(pkg / "rules.py")
    second = stamp_of(pkg, "1.2.3")
    assert second != first
    later(pkg / "policy/defaults/severities.yaml")
    assert stamp_of(pkg, "1.2.3") != second
    assert stamp_of(pkg, "1.2.4") != stamp_of(pkg, "1.2.3")


def test_a_wheel_install_follows_its_record_not_the_install_time(tmp_path: Path) -> None:
    pkg = package(tmp_path)
    rec = record(tmp_path, "1.2.3", WHEEL)
    first = stamp_of(pkg, "1.2.3")
    later(pkg / "rules.py")  # installed again from the same wheel: new times, same files
    assert stamp_of(pkg, "1.2.3") == first
    rec.write_text(WHEEL.replace("BBBB", "CCCC"))  # another build of the code
    assert stamp_of(pkg, "1.2.3") != first


def test_an_editable_or_stale_record_is_not_the_code(tmp_path: Path) -> None:
    pkg = package(tmp_path)
    record(tmp_path, "1.2.3", "__editable__.incidentctl-1.2.3.pth,sha256=DDDD,40\n")
    record(tmp_path, "1.2.2", WHEEL)  # an older version's leftover
    assert _record(pkg, "1.2.3") is None
    first = stamp_of(pkg, "1.2.3")
    later(pkg / "rules.py")
    assert stamp_of(pkg, "1.2.3") != first  # the files decide


def test_this_checkout_is_stamped_by_its_files() -> None:
    pkg = Path(incidentctl.__file__).parent
    assert _record(pkg, incidentctl.__version__) is None
