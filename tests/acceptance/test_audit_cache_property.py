"""Property: a warm audit gives exactly the cold audit's answer, whatever happened to history (#17).

A state machine grows a real repository with random commits (legal and illegal record
changes, new and deleted incidents, a changed policy, a changed baseline), rewrites it at
random (a reset and new commits, as a force push leaves it; an amended head), and after
every step audits it twice: through the audit cache, and with no cache. The refusals (each
finding, its commit, author and date, and its acknowledgement), the commit count and the
unused acknowledgements must agree exactly. Each example has its own repository, so its own
cache entry, in a cache folder of the test's own.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from test_git_commands import BASE, REC, mitigated

from conftest import GitRepo
from incidentctl.config import load_settings
from incidentctl.runs.audit import run_audit
from incidentctl.runs.audit_cache import audit_cache_file

pytestmark = pytest.mark.slow
OTHER = "incidents/INC-2026-0002/incident.yaml"
RECORDS = {
    "base": BASE,
    "mitigated": mitigated(),
    "raised": BASE.replace("severity: SEV2", "severity: SEV1"),  # history.severity-unrecorded
    "invalid": BASE.replace("severity: SEV2", "severity: SEV9"),
    "rewritten": mitigated().replace("    by: alice\n", "    by: mallory\n", 1),
}
SERVICES = "schema_version: 1\nservices:\n  - id: {name}\n    name: A service\n    owner: team\n    tier: 1\n"


def baseline(commit: str, rule: str) -> str:
    return (
        "schema_version: 1\nacknowledged:\n"
        f"  - commit: {commit}\n    rule: {rule}\n    path: {REC}\n"
        "    reason: Reviewed.\n    approved_by: alice\n    approved_at: 2026-03-02T09:00:00Z\n"
    )


class WarmAuditEqualsCold(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="audit-warm-cold-"))  # its own cache entry too
        self.repo = GitRepo(self.tmp / "repo")
        self.shas = [self.repo.commit("open", {REC: BASE})]  # every commit of HEAD, oldest first
        self.settings = load_settings(self.repo.path)

    def teardown(self) -> None:
        audit_cache_file(self.repo.path).unlink(missing_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def commit(self, message: str, files: dict[str, str | bytes | None]) -> None:
        self.shas.append(self.repo.commit(message, files))

    @rule(text=st.sampled_from(sorted(RECORDS)), other=st.booleans())
    def edit_record(self, text: str, other: bool) -> None:
        path = OTHER if other else REC
        body = RECORDS[text].replace("INC-2026-0001", "INC-2026-0002") if other else RECORDS[text]
        self.commit(f"record {text}", {path: body})

    @rule()
    def delete_other(self) -> None:
        if (self.repo.path / OTHER).exists():
            self.commit("delete", {OTHER: None})

    @rule(name=st.sampled_from(["checkout", "search"]))
    def change_policy(self, name: str) -> None:
        self.commit(f"services {name}", {"schemas/services.yaml": SERVICES.format(name=name)})

    @rule(
        pick=st.integers(min_value=0),
        rule_id=st.sampled_from(["history.severity-unrecorded", "schema.enum"]),
    )
    def change_baseline(self, pick: int, rule_id: str) -> None:
        sha = self.shas[pick % len(self.shas)]
        self.commit("acknowledge", {"schemas/audit-baseline.yaml": baseline(sha, rule_id)})

    @rule(back=st.integers(min_value=1, max_value=3))
    def force_push(self, back: int) -> None:
        """A reset to an older commit: the next commits replace the ones dropped."""
        back = min(back, len(self.shas) - 1)
        if back:
            self.repo.git("reset", "-q", "--hard", f"HEAD~{back}")
            del self.shas[len(self.shas) - back :]

    @rule()
    def amend(self) -> None:
        self.repo.git(
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "--amend",
            "--allow-empty",
            "-m",
            "amended",
        )
        sha = self.repo.git("rev-parse", "HEAD").strip()
        self.shas[-1:] = [sha]

    @rule()
    def lose_the_cache_file(self) -> None:
        audit_cache_file(self.repo.path).unlink(missing_ok=True)

    @invariant()
    def warm_equals_cold(self) -> None:
        warm = run_audit(self.repo.path, self.settings, jobs=1)
        cold = run_audit(self.repo.path, self.settings, jobs=1, use_cache=False)
        assert (warm.refusals, warm.commits, warm.unused) == (
            cold.refusals,
            cold.commits,
            cold.unused,
        )
        # and the same again once this head is cached
        again = run_audit(self.repo.path, self.settings, jobs=1)
        assert (again.refusals, again.commits, again.unused) == (
            cold.refusals,
            cold.commits,
            cold.unused,
        )


def test_warm_audit_equals_cold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # never the user's cache
    run_state_machine_as_test(
        WarmAuditEqualsCold,
        settings=settings(max_examples=25, stateful_step_count=10, deadline=None),
    )
