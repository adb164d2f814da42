"""The value scan (secrets YAML hides from the line scan): a pragma covers only the line the
value starts on, a value of several lines is scanned in the lines not written as they are, a
second secret in a value is not taken for the first; allow patterns cover prose passwords and
IBANs."""

from __future__ import annotations

import re

from test_secrets import PATH, found_in_yaml  # one helper: it also checks no message leaks

from incidentctl.rules.secrets import Allow, scan


def test_a_pragma_on_a_later_line_covers_the_value_starting_there() -> None:
    text = 'title: Old key\nsummary: "Old \\x41KIAIOSFODNN7EXAMPLE"  # pragma: allowlist secret\n'
    assert found_in_yaml(text) == []


def test_a_pragma_on_the_line_before_does_not_cover_the_value() -> None:
    text = 'title: Old key  # pragma: allowlist secret\nsummary: "Old \\x41KIAIOSFODNN7EXAMPLE"\n'
    assert found_in_yaml(text) == [(2, 10, "secret.credential")]


def test_the_hidden_line_of_a_two_line_value_is_scanned() -> None:
    # YAML reads "\n" as a line break: the first line is written as is, the second is not.
    text = 'summary: "Two lines:\\nFound \\x41KIAIOSFODNN7EXAMPLE here."\n'
    assert found_in_yaml(text) == [(1, 10, "secret.credential")]


def test_a_second_secret_of_the_same_kind_in_the_value_is_not_taken_for_the_first() -> None:
    # The line scan reads the first key; the second is only in the value (an escape hides it),
    # on the same line of the file: it is its own finding, not a repeat of the first. (One key
    # per line of the value: a line gives one hit per rule, and which one is not fixed.)
    text = 'summary: "Found AKIAIOSFODNN7EXAMPLE\\nand \\x41KIAI44QH8DHBEXAMPLE"\n'
    assert found_in_yaml(text) == [(1, 10, "secret.credential"), (1, 17, "secret.credential")]


def test_an_allow_pattern_covers_a_password_written_in_prose() -> None:
    text = "The database password is hunter2!x for now.\n"
    assert [f.rule_id for f in scan(text, PATH, Allow())] == ["secret.password"]
    allow = Allow(frozenset(), (re.compile(r"hunter2!x"),))
    assert scan(text, PATH, allow) == []


def test_an_allow_pattern_covers_an_iban() -> None:
    text = "Refund to DE89370400440532013000 today.\n"
    assert [f.rule_id for f in scan(text, PATH, Allow())] == ["pii.iban"]
    allow = Allow(frozenset(), (re.compile(r"DE89370400440532013000"),))
    assert scan(text, PATH, allow) == []
