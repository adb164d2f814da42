"""list and show on the example archive: filters, JSON, and a restricted record kept short."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CliRunner, GitRepo, run_subprocess

SECRET_TITLE = "Deploy token exposed in a public CI log"  # INC-2026-0005, restricted


def test_list_open_is_newest_first_with_one_line_each(cli: CliRunner, archive: Path) -> None:
    run = cli("list", "--open", "--repo", archive)
    assert (run.code, run.err) == (0, "")
    lines = run.out.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "SEV", "OPENED", "(UTC)", "SERVICES", "TITLE"]
    assert [line.split()[0] for line in lines[1:]] == [
        "INC-2026-0021", "INC-2026-0010", "INC-2026-0013", "INC-2026-0009", "INC-2026-0020",
        "INC-2026-0019", "INC-2026-0007",
    ]  # fmt: skip


def test_filters_combine(cli: CliRunner, archive: Path) -> None:
    run = cli("list", "--severity", "SEV1", "--service", "checkout-api", "--format", "json",
              "--repo", archive)  # fmt: skip
    doc = json.loads(run.out)
    assert [i["id"] for i in doc["incidents"]] == ["INC-2026-0003"]
    run = cli("list", "--status", "eradicated", "--repo", archive)  # a state, none in it
    assert (run.code, run.out) == (0, "no incidents match\n")
    run = cli("list", "--status", "nonsense", "--repo", archive)  # no state at all
    assert run.code == 2
    assert "--status nonsense: not a state of this repository" in run.err


def test_a_restricted_record_is_listed_without_its_details(archive: Path) -> None:
    for fmt in ("text", "json"):
        run = run_subprocess("list", "--format", fmt, "--repo", archive)
        assert run.code == 0
        assert "INC-2026-0005" in run.out
        assert SECRET_TITLE not in run.out
    doc = json.loads(run_subprocess("list", "--format", "json", "--repo", archive).out)
    row = next(i for i in doc["incidents"] if i["id"] == "INC-2026-0005")
    assert row == {
        "id": "INC-2026-0005", "title": "(restricted)", "type": "security", "status": "closed",
        "severity": "SEV2", "services": [], "commander": None,
        "opened_at": row["opened_at"], "visibility": "restricted", "open": False,
    }  # fmt: skip


def test_show_gives_state_next_states_people_and_timeline(cli: CliRunner, archive: Path) -> None:
    run = cli("show", "INC-2026-0009", "--repo", archive)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[:4] == [
        "INC-2026-0009  Card payments slow through the primary processor",
        "degradation · mitigated · SEV2 · public",
        "next states: resolved, investigating",
        "services: payments-gateway, checkout-api",
    ]
    assert "  2026-11-25 17:52  status_change investigating (daniel.mensah)" in lines
    run = cli("show", "INC-2026-0005", "--repo", archive)
    assert run.out.splitlines()[1] == (
        "RESTRICTED: do not paste this outside the incident's own channels"
    )


def test_show_and_list_with_broken_or_missing_records(cli: CliRunner, git_repo: GitRepo) -> None:
    git_repo.commit("broken", {"incidents/INC-2026-0001/incident.yaml": "id: [\n"})
    run = cli("list", "--repo", git_repo.path)
    assert (run.code, run.out) == (0, "no incidents match\n")
    assert run.err == (
        "incidentctl: INC-2026-0001 not listed: its record does not load (run incidentctl validate)\n"
    )
    run = cli("show", "INC-2026-0001", "--repo", git_repo.path)
    assert (run.code, run.err) == (
        2, ("incidentctl: error: incidents/INC-2026-0001/incident.yaml does not load; "
        "run 'incidentctl validate'\n"),
    )  # fmt: skip
    run = cli("show", "INC-2026-0002", "--repo", git_repo.path)
    assert run.err == (
        "incidentctl: error: incidents/INC-2026-0002/incident.yaml: no such incident record; "
        "did you mean 'INC-2026-0001'?\n"
    )


def test_a_filter_on_a_withheld_field_does_not_reveal_it(cli: CliRunner, archive: Path) -> None:
    """INC-2026-0005 (restricted) is on ci-cd: a --service filter must not say so."""
    for fmt in ("text", "json"):
        run = cli("list", "--service", "ci-cd", "--format", fmt, "--repo", archive)
        assert "INC-2026-0005" not in run.out, fmt
    severity = cli("list", "--severity", "SEV2", "--format", "json", "--repo", archive)
    assert "INC-2026-0005" in severity.out  # a field the row shows still filters it
