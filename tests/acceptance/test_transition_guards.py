"""transition on a guarded edge: the outage lifecycle allows ``resolved -> closed`` only
``when: postmortem_not_required``. SEV2 requires a postmortem (the guard is false), SEV3 does
not (the guard holds). Real repository, real CLI in a subprocess."""

from __future__ import annotations

import pytest

from conftest import GitRepo, run_subprocess
from records import outage_record

REL = "incidents/INC-2026-0001/incident.yaml"
PM_REL = "incidents/INC-2026-0001/postmortem.md"
AT = "2026-03-02T09:00:00Z"


def record(severity: str) -> str:
    return outage_record(
        severity=severity,
        statuses=(("10:00", "detected"), ("10:05", "investigating"), ("10:35", "resolved")),
        extra="impact:\n  description: Card payments failed for 30 minutes.\n",
    )


# Every section the default postmortem policy asks for, so the file itself is valid.
SECTIONS = ("Summary", "Impact", "Timeline", "Contributing factors", "What went well",
            "What went wrong", "Where we got lucky", "Action items")  # fmt: skip
APPROVED_POSTMORTEM = (
    "---\nschema_version: 1\nincident: INC-2026-0001\nstatus: approved\nowner: alice\n"
    "approvers: [carol]\n---\n\n# Postmortem\n"
    + "".join(f"\n## {name}\n\nText.\n" for name in SECTIONS)
)


def close(repo: GitRepo) -> tuple[int, str, str]:
    run = run_subprocess(
        "transition", "INC-2026-0001", "--to", "closed", "--at", AT, "--by", "alice",
        "--repo", repo.path,
    )  # fmt: skip
    return run.code, run.out, run.err


@pytest.mark.parametrize(
    "postmortem",
    [None, APPROVED_POSTMORTEM],
    ids=["no-postmortem", "approved-postmortem"],
)
def test_guarded_edge_whose_guard_is_false_is_refused_and_nothing_written(
    git_repo: GitRepo, postmortem: str | None
) -> None:
    files: dict[str, str | bytes | None] = {REL: record("SEV2")}
    if postmortem is not None:
        files[PM_REL] = postmortem
    git_repo.commit("a SEV2 outage, resolved", files)
    assert run_subprocess("validate", "--repo", git_repo.path).code == 0
    before = (git_repo.path / REL).read_bytes()

    refusal = (
        f"{REL}:5:9: transition.refused 'resolved' -> 'closed' is allowed only when no"
        " postmortem is required, and a SEV2 incident needs a postmortem"
        " (schemas/severities.yaml); go through 'postmortem' first\n"
        f"incidentctl: nothing written; {REL} is unchanged\n"
    )
    assert close(git_repo) == (1, "", refusal)
    assert (git_repo.path / REL).read_bytes() == before
    assert git_repo.git("status", "--porcelain", "--untracked-files=all") == ""


def test_guarded_edge_whose_guard_holds_is_taken(git_repo: GitRepo) -> None:
    git_repo.commit("a SEV3 outage, resolved", {REL: record("SEV3")})
    before = record("SEV3")

    assert close(git_repo) == (0, f"INC-2026-0001: resolved -> closed ({REL})\n", "")
    after = (git_repo.path / REL).read_text(encoding="utf-8")
    assert after == before.replace("status: resolved\nseverity", "status: closed\nseverity") + (
        f"  - at: {AT}\n    type: status_change\n    status: closed\n    by: alice\n"
    )
    assert run_subprocess("validate", "--repo", git_repo.path).code == 0
    git_repo.git("checkout", "-q", "-b", "close")
    git_repo.commit("close it")
    assert run_subprocess("check", "--base", "main", "--repo", git_repo.path).code == 0
