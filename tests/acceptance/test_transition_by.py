"""The ``by`` that transition writes is a handle: --by, INCIDENTCTL_USER, the git e-mail's
local part; never the git display name."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_git_commands import BASE, REC

from conftest import CliRunner, GitRepo


@pytest.mark.parametrize(
    ("email", "env", "expected"),
    [
        ("jane.doe@corp.example", None, "    by: jane.doe\n"),
        ("Jane.Doe@corp.example", None, "    by: jane.doe\n"),
        ("jane.doe@corp.example", "ahmed.nasser", "    by: ahmed.nasser\n"),
        ("Jane Doe <x>@corp.example", None, None),  # not a handle: no by at all
    ],
)
def test_by_is_a_handle(
    cli: CliRunner,
    git_repo: GitRepo,
    monkeypatch: pytest.MonkeyPatch,
    email: str,
    env: str | None,
    expected: str | None,
) -> None:
    git_repo.commit("open", {REC: BASE})
    git_repo.git("config", "user.name", "Jane Doe")
    git_repo.git("config", "user.email", email)
    monkeypatch.delenv("INCIDENTCTL_USER", raising=False)
    if env:
        monkeypatch.setenv("INCIDENTCTL_USER", env)
    run = cli(
        "transition", "INC-2026-0001", "--to", "mitigated", "--at", "2026-03-01T10:40:00Z",
        "--repo", git_repo.path,
    )  # fmt: skip
    assert run.code == 0, run.err
    text = (Path(git_repo.path) / REC).read_text()
    added = text[text.index("  - at: 2026-03-01T10:40:00Z\n") :]
    assert added.startswith("  - at: 2026-03-01T10:40:00Z\n    type: status_change\n")
    assert "Jane Doe" not in added
    if expected is None:
        assert "    by:" not in added
    else:
        assert expected in added
