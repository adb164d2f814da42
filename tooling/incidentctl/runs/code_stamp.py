"""What the caches key on for incidentctl's own code: the installed files, or the checkout's.

Both caches (``runs.cache``, ``runs.audit_cache``) drop everything when the code that proved
their entries changes. Two ways to tell, by how incidentctl is installed:

- a regular install (a wheel, as CI's ``pip install .`` makes): the ``RECORD`` pip wrote,
  the sha256 of every installed file. It follows the content, not the install's time, so a
  cache kept between CI runs (the nightly audit's) stays valid while the code is the same,
  and is dropped when a file changes.
- a checkout (an editable install, ``PYTHONPATH``): the size and mtime of every module and
  policy default, so an edit drops the cache before the version changes. Hashing the files'
  content instead would cost a read of every module on every run.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from incidentctl import __version__

FORMAT = 4  # of the validate cache's files; a change drops every cache


@functools.cache
def code_stamp() -> str:
    """The stamp of the running incidentctl (computed once per process)."""
    return stamp_of(Path(__file__).parent.parent, __version__)


def stamp_of(package: Path, version: str) -> str:
    """The stamp of the incidentctl package in folder ``package``, at ``version``."""
    record = _record(package, version)
    if record is not None:
        text = f"{FORMAT}|{version}|record|".encode() + record
    else:
        files = sorted(package.rglob("*.py")) + sorted(package.glob("policy/defaults/*.yaml"))
        text = (
            f"{FORMAT}|{version}|files|".encode()
            + "|".join(
                f"{p.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}"
                for p in files
                if (st := p.stat())
            ).encode()
        )
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _record(package: Path, version: str) -> bytes | None:
    """Pip's RECORD for this very package, if it was installed from a wheel beside it.

    An editable install's RECORD lists only its path hook, never the modules: a checkout.
    """
    try:
        record = (package.parent / f"incidentctl-{version}.dist-info" / "RECORD").read_bytes()
    except OSError:
        return None
    return record if f"{package.name}/__init__.py,".encode() in record else None
