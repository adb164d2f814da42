"""comms renders updates from strict templates, records them, and keeps restricted incidents
from customers until released."""

from __future__ import annotations

import yaml
from responder import REC, RECORD, team_repo

from conftest import REPO, CliRunner, GitRepo, run_subprocess

# What a block scalar must hold exactly: trailing spaces, "#", ": ", leading spaces, unicode.
HOSTILE = "Status: degraded  \n# not a comment\n  indented: line\nkey: value #tag\nÜmlaut 🚀 ✓"


def test_a_multi_line_update_is_recorded_as_a_block_scalar_that_reads_back_exactly(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    repo.write({"schemas/comms/raw.md.j2": HOSTILE})  # no newline after the last line
    run = cli("comms", "INC-2026-0001", "--audience", "internal", "--template", "raw",
              "--record", "--at", "2026-03-01T10:30:00Z", "--repo", repo.path)  # fmt: skip
    assert run.code == 0, run.err
    text = (repo.path / REC).read_text(encoding="utf-8")
    assert text[len(RECORD) :] == (
        "updates:\n  - at: 2026-03-01T10:30:00Z\n    audience: internal\n    channel: chat\n"
        "    text: |-\n" + "".join(f"      {line}\n" for line in HOSTILE.split("\n"))
    )
    assert yaml.safe_load(text)["updates"][0]["text"] == HOSTILE
    assert cli("validate", "--repo", repo.path).code == 0


def test_an_update_a_block_scalar_cannot_hold_is_double_quoted(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    odd = "line one\u2028still line one\nline two"  # a Unicode line separator
    repo.write({"schemas/comms/odd.md.j2": odd})
    run = cli("comms", "INC-2026-0001", "--audience", "internal", "--template", "odd",
              "--record", "--at", "2026-03-01T10:30:00Z", "--repo", repo.path)  # fmt: skip
    text = (repo.path / REC).read_text(encoding="utf-8")
    assert run.code == 0, run.err
    assert '    text: "line one\\u2028still line one\\nline two"\n' in text
    assert yaml.safe_load(text)["updates"][0]["text"] == odd


def test_internal_update_and_recording_it(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    run = cli("comms", "INC-2026-0001", "--audience", "internal", "--repo", repo.path)
    assert (run.code, run.out) == (0, (
        "[INC-2026-0001] SEV2 · investigating · Checkout errors for card payments\n"
        "Incident commander: alice\nServices: checkout\n"))  # fmt: skip
    run = cli("comms", "INC-2026-0001", "--audience", "customers", "--record",
              "--at", "2026-03-01T10:30:00Z", "--repo", repo.path)  # fmt: skip
    assert run.code == 0, run.err
    assert run.out.endswith("INC-2026-0001: customers update recorded\n")
    text = (repo.path / REC).read_text()
    assert text.startswith(RECORD)
    assert text[len(RECORD):].startswith(
        "updates:\n  - at: 2026-03-01T10:30:00Z\n    audience: customers\n    channel: status_page\n"
        "    text: |-\n      **Checkout errors for card payments**: We are investigating the problem."
        "\n\n      Affected: checkout.\n"
    )  # fmt: skip
    assert cli("validate", "--repo", repo.path).code == 0


def test_a_repository_template_overrides_and_is_strict(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    repo.write({"schemas/comms/internal.md.j2": "{{ id }} is {{ status }}\n",
                "schemas/comms/board.md.j2": "{{ id }}\n{{ nonsense }}\n"})  # fmt: skip
    run = cli("comms", "INC-2026-0001", "--audience", "internal", "--repo", repo.path)
    assert (run.code, run.out) == (0, "INC-2026-0001 is investigating\n")
    run = cli("comms", "INC-2026-0001", "--audience", "executives", "--template", "board",
              "--repo", repo.path)  # fmt: skip
    assert (run.code, run.err) == (
        2, "incidentctl: error: schemas/comms/board.md.j2: 'nonsense' is undefined\n")  # fmt: skip
    run = cli("comms", "INC-2026-0001", "--audience", "executives", "--template", "nope",
              "--repo", repo.path)  # fmt: skip
    assert run.err == ("incidentctl: error: no comms template 'nope' (add schemas/comms/nope.md.j2,"
                       " or use one of board, customers, executives, internal)\n")  # fmt: skip


def test_restricted_incidents_get_no_customer_update_until_released(git_repo: GitRepo) -> None:
    secret = RECORD.replace("type: outage", "type: security").replace(
        "status: investigating", "status: triage").replace(
        "status: detected\n    by: alice\n  - at: 2026-03-01T10:05:00Z\n    type: status_change\n"
        "    status: investigating", "status: triage")  # fmt: skip
    repo = team_repo(git_repo, secret)
    before = (repo.path / REC).read_bytes()
    run = run_subprocess("comms", "INC-2026-0001", "--audience", "customers", "--record",
                         "--repo", repo.path)  # fmt: skip
    assert (run.code, run.out) == (2, "")
    assert run.err == ("incidentctl: error: INC-2026-0001 is restricted: no customer update until "
                       "it is released (a release: block with approved_by and approved_at)\n")  # fmt: skip
    assert (repo.path / REC).read_bytes() == before
    run = run_subprocess("comms", "INC-2026-0001", "--audience", "internal", "--repo", repo.path)
    assert run.code == 0


def test_a_template_name_is_a_word_never_a_path(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    outside = repo.path.parent / "outside"
    outside.mkdir()
    (outside / "evil.md.j2").write_text("READ FROM OUTSIDE THE REPOSITORY\n")
    repo.write({"schemas/comms/own.md.j2": "ours\n"})
    for name in ("../../../outside/evil", "/etc/passwd", "own/../own", "Own", ""):
        run = cli("comms", "INC-2026-0001", "--audience", "internal", "--template", name,
                  "--record", "--repo", repo.path)  # fmt: skip
        assert run.code == 2, name
        assert "is not a template name" in run.err, name
        assert "OUTSIDE" not in run.out + run.err
    assert "updates:" not in (repo.path / REC).read_text()


def test_a_linked_template_folder_is_refused(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    outside = repo.path.parent / "outside-comms"
    outside.mkdir()
    (outside / "x.md.j2").write_text("READ FROM OUTSIDE THE REPOSITORY\n")
    (repo.path / "schemas").mkdir(exist_ok=True)
    (repo.path / "schemas/comms").symlink_to(outside)
    run = cli("comms", "INC-2026-0001", "--audience", "internal", "--template", "x",
              "--repo", repo.path)  # fmt: skip
    assert run.code == 2
    assert "schemas/comms: a symbolic link" in run.err
    assert "OUTSIDE" not in run.out


def test_a_template_that_fails_is_named_never_an_internal_error(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = team_repo(git_repo)
    repo.write({
        "schemas/comms/inc.md.j2": "{% include 'other.md.j2' %}\n",
        "schemas/comms/big.md.j2": "{% for i in range(10**9) %}x{% endfor %}\n",
        "schemas/comms/typed.md.j2": "{{ title | round }}\n",
    })  # fmt: skip
    for name, why in (
        ("inc", "templates cannot include or extend others"),
        ("big", "Range too big"),
        ("typed", "the template failed: "),
    ):
        run = cli("comms", "INC-2026-0001", "--audience", "internal", "--template", name,
                  "--repo", repo.path)  # fmt: skip
        assert run.code == 2, name
        assert run.err.startswith(f"incidentctl: error: schemas/comms/{name}.md.j2: "), run.err
        assert why in run.err, run.err


def test_an_unknown_template_gets_did_you_mean(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = team_repo(git_repo)
    repo.write({"schemas/comms/board.md.j2": "ours\n"})
    run = cli("comms", "INC-2026-0001", "--audience", "internal", "--template", "custmers",
              "--repo", repo.path)  # fmt: skip
    assert run.code == 2
    assert "no comms template 'custmers'; did you mean customers? (add" in run.err
    assert "board, customers, executives, internal" in run.err


def test_the_executives_update_says_since_when_the_status_holds(cli: CliRunner) -> None:
    """INC-2026-0010: impact from 21:34, the move to investigating at 21:41."""
    run = cli("comms", "INC-2026-0010", "--audience", "executives", "--repo", REPO)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[1] == "State: investigating since 2026-11-26 21:41 UTC"
    assert lines[2].endswith("(began 2026-11-26 21:34 UTC)")
