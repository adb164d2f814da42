"""Property: a warm answer equals the cold answer, always.

A state machine walks random sequences of edits to a scratch archive (records, postmortems,
playbooks, policy files, the settings table; folders added and deleted), interleaved with
validations (one folder, a playbook or the whole archive, and the whole archive after every
step), each run twice: through the warm cache, and with no cache.
The two must agree exactly (findings and file counts). The cache lives in its own folder, so
one example's entries never meet another's.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from conftest import ARCHIVE_PARTS, REPO
from incidentctl.config import load_settings
from incidentctl.errors import ConfigError
from incidentctl.rules.results import CheckResult
from incidentctl.runs.cache import ValidateCache
from incidentctl.runs.validate import run_validate

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 11, 27)
FOLDERS = ("INC-2026-0003", "INC-2026-0010", "INC-2026-0013", "INC-2025-0042")
# (file, good text, bad text): each edit swaps one for the other in place.
EDITS = {
    "record": ("incidents/INC-2026-0003/incident.yaml", "severity: SEV1", "severity: SEV9"),
    "record-ref": ("incidents/INC-2026-0003/incident.yaml", "INC-2025-0042", "INC-2025-0999"),
    # a schema error: the record is salvaged, and the rules run on the rest of it (#11)
    "record-schema": ("incidents/INC-2026-0003/incident.yaml", "priority: P0", "priority: P9"),
    "postmortem": ("incidents/INC-2026-0003/postmortem.md", "status: published", "status: gone"),
    "playbook": (
        "docs/playbooks/database-failover.md",
        "[customer-communication]",
        "[nope]",
    ),
    "policy": ("schemas/services.yaml", "  - id: search\n", "  - id: product-search\n"),
    "policy-parse": ("schemas/roles.yaml", "roles:", "roles: [\n"),
    "settings": (
        "pyproject.toml",
        'display_timezone = "UTC"',
        'display_timezone = "UTC"\nscan_secrets = false',
    ),
}


class WarmEqualsCold(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="warm-cold-"))
        self.root = self.tmp / "archive"
        for part in ARCHIVE_PARTS:
            src, dest = REPO / part, self.root / part
            if src.is_dir():
                shutil.copytree(src, dest)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
        self.cache_dir = self.tmp / "cache"
        self.template = (self.root / "incidents/INC-2026-0013/incident.yaml").read_text("utf-8")
        self.added: list[str] = []
        self.deleted: list[str] = []

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # Records and policy get rules of their own, so that sequences such as "break a record,
    # change the policy, fix the record" come up often.
    @rule(broken=st.booleans())
    def edit_record(self, broken: bool) -> None:
        self.edit("record", broken)

    @rule(broken=st.booleans())
    def edit_policy(self, broken: bool) -> None:
        self.edit("policy", broken)

    @rule(name=st.sampled_from(sorted(EDITS)), broken=st.booleans())
    def edit(self, name: str, broken: bool) -> None:
        rel, good, bad = EDITS[name]
        path = self.root / rel
        if not path.exists():
            return
        text = path.read_text(encoding="utf-8")
        old, new = (good, bad) if broken else (bad, good)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    @rule(n=st.integers(min_value=1, max_value=3))
    def add_folder(self, n: int) -> None:
        new_id = f"INC-2026-09{n:02d}"
        dest = self.root / "incidents" / new_id
        if dest.exists():
            return
        dest.mkdir()
        (dest / "incident.yaml").write_text(self.template.replace("INC-2026-0013", new_id), "utf-8")
        self.added.append(new_id)

    @precondition(lambda self: len(self.deleted) < 2)
    @rule(folder=st.sampled_from(FOLDERS))
    def delete_folder(self, folder: str) -> None:
        path = self.root / "incidents" / folder
        if path.exists():
            shutil.rmtree(path)
            self.deleted.append(folder)

    def _run(self, targets: list[Path], cached: bool) -> CheckResult | str:
        cache = ValidateCache(self.cache_dir) if cached else None
        try:
            conf = load_settings(self.root, cache.trusts_table if cache else None)
        except ConfigError as exc:
            return f"config error: {exc}"
        return run_validate(self.root, conf, targets, today=TODAY, cache=cache)

    @rule(
        which=st.sampled_from(
            [None, *FOLDERS, "INC-2026-0901", "docs/playbooks/database-failover.md"]
        )
    )
    def validate(self, which: str | None) -> None:
        if which is None:
            targets: list[Path] = []
        elif which.startswith("INC-"):
            target = self.root / "incidents" / which
            if not target.exists():
                return
            targets = [target]
        else:
            targets = [self.root / which]
        assert self._run(targets, cached=True) == self._run(targets, cached=False)

    @invariant()
    def whole_archive_agrees(self) -> None:
        """After every step, the whole archive's warm answer is its cold answer."""
        assert self._run([], cached=True) == self._run([], cached=False)


# make test: a budget that finds a stale-findings bug like #11's in seconds; make fuzz: longer.
FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
WarmEqualsCold.TestCase.settings = settings(
    max_examples=400 if FUZZ else 25,
    stateful_step_count=20 if FUZZ else 10,
    deadline=None,
    derandomize=not FUZZ,
)
test_warm_answer_equals_cold_answer = WarmEqualsCold.TestCase
