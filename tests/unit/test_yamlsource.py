from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentctl.load import yaml as yamlsource


def load(text: str, offset: int = 0) -> yamlsource.Loaded:
    loaded, findings = yamlsource.load(text, "f.yaml", line_offset=offset)
    assert findings == []
    assert loaded is not None
    return loaded


def rules(text: str) -> list[str]:
    return [f.rule_id for f in yamlsource.load(text, "f.yaml")[1]]


def test_only_true_false_and_null_are_resolved() -> None:
    text = "a: true\nb: false\nc: ~\nd:\ne: null\nf: no\ng: on\nh: 0x1F\ni: 1e3\nj: 2024-02-30\nk: 'true'\n"
    assert load(text).data == {
        "a": True, "b": False, "c": None, "d": None, "e": None, "f": "no", "g": "on",
        "h": "0x1F", "i": "1e3", "j": "2024-02-30", "k": "true",
    }  # fmt: skip


def test_positions_of_values_and_keys_are_one_based() -> None:
    loaded = load("a: 1\nlist:\n  - x: 2\n    y: [3, 4]\n")
    assert loaded.value_pos(("a",)) == (1, 4)
    assert loaded.key_pos(("list",)) == (2, 1)
    assert loaded.value_pos(("list", 0, "y", 1)) == (4, 12)
    assert loaded.key_pos(("list", 0, "y")) == (4, 5)
    # a path that does not exist falls back to its nearest ancestor
    assert loaded.value_pos(("list", 0, "missing")) == loaded.value_pos(("list", 0))


def test_line_offset_and_windows_line_endings() -> None:
    loaded = load("# c\r\na: 1\r\n\r\nb:\r\n  c: d\r\n", offset=3)
    assert loaded.data == {"a": "1", "b": {"c": "d"}}
    assert loaded.value_pos(("b", "c")) == (8, 6)


@pytest.mark.parametrize("dup", ["a: 1\na: 2\n", "1: x\n'1': y\n", 'x:\n  k: 1\n  "k": 2\n'])
def test_duplicate_keys_are_compared_as_strings(dup: str) -> None:
    assert rules(dup) == ["yaml.duplicate-key"]


def test_alias_bomb_is_rejected_at_once() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    start = time.perf_counter()
    assert rules(bomb) == ["yaml.anchor"]
    assert time.perf_counter() - start < 5  # generous: a bomb walked would take minutes


def test_very_deep_nesting_is_a_finding_not_a_recursion_error() -> None:
    assert rules("a: " + "[" * 100 + "]" * 100 + "\n") == ["yaml.too-deep"]
    # libyaml's scanner stops at 1,000 flow levels before our check sees the events.
    assert rules("a: " + "[" * 100_000 + "]" * 100_000 + "\n") == ["yaml.syntax"]
    assert rules("a:\n" + "".join("  " * i + "- \n" for i in range(1, 60))) == ["yaml.too-deep"]


def test_decode_is_strict_utf8_and_size_limited() -> None:
    text, findings = yamlsource.decode(b"\xef\xbb\xbfa: 1\n", "f")
    assert (text, findings) == ("a: 1\n", [])
    _, findings = yamlsource.decode(b"a: 1\nb: \xff\n", "f")
    assert [(f.line, f.col, f.rule_id) for f in findings] == [(2, 4, "yaml.encoding")]
    _, findings = yamlsource.decode(b"a" * (yamlsource.MAX_BYTES + 1), "f")
    assert [f.rule_id for f in findings] == ["yaml.too-large"]


YAML_ALPHABET = st.sampled_from(
    [
        *list(": -[]{},'\"&*!|>#%@`?\n\t\r\\"),
        "a",
        "1",
        "true",
        "~",
        "---",
        "...",
        "\u202e",
        "\x00",
        "é",
    ]
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(YAML_ALPHABET, max_size=40).map("".join))
def test_only_findings_escape_the_loader(text: str) -> None:
    loaded, findings = yamlsource.load(text, "f.yaml")
    assert (loaded is None) == bool(findings)
    assert all(f.rule_id.startswith("yaml.") and f.line >= 1 for f in findings)
    if loaded is not None:
        assert isinstance(loaded.data, dict)
