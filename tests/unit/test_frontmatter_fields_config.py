from __future__ import annotations

from pathlib import Path

import pytest

from incidentctl.config import Settings, find_root, load_settings
from incidentctl.errors import ConfigError
from incidentctl.load import frontmatter
from incidentctl.models.incident import Incident
from incidentctl.rules.fields import is_known, is_present


@pytest.mark.parametrize(
    ("text", "front", "body_line", "unterminated"),
    [
        ("---\na: 1\n---\n# Body\n", "a: 1\n", 4, False),
        ("---\r\na: 1\r\n---\r\nbody", "a: 1\r\n", 4, False),
        ("---\na: 1\n...\nbody", "a: 1\n", 4, False),
        ("# no front matter\n", None, 1, False),
        ("---\na: 1\n", None, 1, True),
        ("", None, 1, False),
    ],
)
def test_front_matter_split(
    text: str, front: str | None, body_line: int, unterminated: bool
) -> None:
    split = frontmatter.split(text)
    assert (split.front, split.body_line, split.unterminated) == (front, body_line, unterminated)


def test_field_paths() -> None:
    inc = Incident.model_validate({
        "schema_version": 1, "id": "INC-2026-0001", "title": "abc", "type": "outage",
        "status": "detected", "roles": {"incident_commander": "a"},
        "action_items": [{"id": "INC-2026-0001-AI-1", "title": "abc", "type": "detect", "owner": "b"}],
    })  # fmt: skip
    assert is_present(inc, "roles.incident_commander")
    assert not is_present(inc, "roles.scribe")
    assert is_present(inc, "action_items[].owner")
    assert not is_present(inc, "action_items[].due")
    assert not is_present(inc, "services")
    assert not is_present(inc, "impact.description")
    assert is_known(Incident, "action_items[].due")
    assert not is_known(Incident, "action_items[].nope")


def test_settings_defaults_and_errors(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "pyproject.toml").write_text('[tool.incidentctl]\nid_prefix = "OPS"\n')
    assert load_settings(tmp_path).id_prefix == "OPS"
    for bad, needle in [
        ('[tool.incidentctl]\nid_prefx = "OPS"\n', "id_prefx"),
        ('[tool.incidentctl]\nincidents_dir = "../elsewhere"\n', "incidents_dir"),
        ('[tool.incidentctl]\ndisplay_timezone = "Mars/Olympus"\n', "display_timezone"),
        ("[tool.incidentctl\n", "TOML"),
    ]:
        (tmp_path / "pyproject.toml").write_text(bad)
        with pytest.raises(ConfigError, match=needle):
            load_settings(tmp_path)


def test_root_is_found_upwards(tmp_path: Path) -> None:
    (tmp_path / "incidents" / "INC-2026-0001").mkdir(parents=True)
    assert find_root(tmp_path / "incidents" / "INC-2026-0001") == tmp_path.resolve()


def test_the_settings_schema_matches_the_settings_value() -> None:
    """Two definitions (a plain value, a pydantic schema): a test keeps them one."""
    import dataclasses

    from incidentctl.config.schema import SettingsTable, validate_table

    assert list(SettingsTable.model_fields) == [f.name for f in dataclasses.fields(Settings)]
    assert validate_table({}) == Settings()
    table = {"email_allowlist": ["corp.example"], "scan_secrets": False, "id_prefix": "SEC"}
    assert validate_table(table) == Settings.from_valid_table(table)


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("scan_secrets = 'yes'", "scan_secrets"),
        ("email_allowlist = 'a.example'", "email_allowlist"),
    ],
)
def test_settings_are_strict(tmp_path: Path, toml: str, key: str) -> None:
    """No coercion: a table that validates is exactly the value a warm run rebuilds from it."""
    (tmp_path / "pyproject.toml").write_text(f"[tool.incidentctl]\n{toml}\n")
    with pytest.raises(ConfigError, match=key):
        load_settings(tmp_path)


def test_a_line_separator_inside_a_value_does_not_end_the_front_matter() -> None:
    """str.splitlines breaks at U+2028: a quoted value with one, then '---', cut it short."""
    text = '---\ntitle: "first\u2028---\u2028second"\nstatus: draft\n---\n# Body\n'
    parts = frontmatter.split(text)
    assert parts.front == 'title: "first\u2028---\u2028second"\nstatus: draft\n'
    assert (parts.body, parts.body_line) == ("# Body\n", 5)
