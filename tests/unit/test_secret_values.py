"""The value scan (secrets YAML hides from the line scan): a pragma covers only the line the
value starts on, a value of several lines is scanned in the lines not written as they are, a
second secret in a value is not taken for the first, a secret both scans find is reported once
(a card number whatever its separators); allow patterns cover prose passwords and IBANs."""

from __future__ import annotations

import re

import pytest
from test_secrets import PATH, found_in_yaml  # one helper: it also checks no message leaks

from incidentctl.rules.secrets import _VERBATIM_LIMIT, Allow, scan


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


def test_a_card_number_is_one_secret_whatever_its_separators() -> None:
    # written whole on the line, then again in groups that YAML folds across two lines: the
    # number the value reads is the one the line scan reported, not a second finding
    text = 'summary: "4111111111111111, i.e. 4111 1111\n  1111 1111"\n'
    assert found_in_yaml(text) == [(1, 11, "pii.card-number")]


def test_addresses_equal_but_for_a_dash_are_two_findings() -> None:
    # only card numbers are compared without separators: the address an escape hides is its own
    text = 'summary: "Write to a-b@evil.io, not ab\\x40evil.io"\n'
    assert found_in_yaml(text) == [(1, 10, "pii.email"), (1, 20, "pii.email")]


@pytest.mark.parametrize("limit", [32 * 1024, 0], ids=["small file", "large file"])
@pytest.mark.parametrize(
    ("written", "hidden"), [("ab@evil.io", "b\\x40evil.io"), ("ab@evil.iox", "ab\\x40evil.io")]
)
def test_a_hidden_address_inside_a_written_one_is_its_own_finding(
    written: str, hidden: str, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # b@evil.io ends ab@evil.io, ab@evil.io starts ab@evil.iox: other addresses all the same.
    # Only a prose password, which the line scan reads up to the next space, is the same secret
    # when one starts the other.
    monkeypatch.setattr("incidentctl.rules.secrets._VERBATIM_LIMIT", limit)
    text = f'summary: "Write to {written}, not {hidden}"\n'
    assert found_in_yaml(text) == [(1, 10, "pii.email"), (1, 20, "pii.email")]


def test_a_one_line_value_is_scanned_even_if_its_text_is_written_elsewhere() -> None:
    # the key is written as is on line 1 only; on line 2 an escape hides it from the line scan
    text = 'title: Key AKIAIOSFODNN7EXAMPLE rotated\nsummary: "\\x41KIAIOSFODNN7EXAMPLE\\n"\n'
    assert found_in_yaml(text) == [(1, 12, "secret.credential"), (2, 10, "secret.credential")]


def test_a_line_of_a_value_written_as_is_is_reported_once_by_the_line_scan() -> None:
    # the line scan reads the password with the rest of the written line after it; the value's
    # first line, written as is, is not scanned again (it would read the password alone)
    text = 'summary: "password is S3cure!x1\\nrotated since"\n'
    assert found_in_yaml(text) == [(1, 23, "secret.password")]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quoted_value_written_as_is_is_reported_once_by_the_line_scan(quote: str) -> None:
    text = f"summary: {quote}The password is S3cure!x1{quote}\n"
    assert found_in_yaml(text) == [(1, 27, "secret.password")]


def test_the_shortest_address_an_escape_hides_is_found() -> None:
    # six characters (x@y.io), the shortest thing the scan finds: shorter values are not read
    assert found_in_yaml('summary: "x\\x40y.io"\n') == [(1, 10, "pii.email")]


def test_a_file_of_exactly_the_verbatim_limit_is_still_searched_verbatim() -> None:
    head = 'summary: "The password is S3cure!x1"\n'
    text = head + "#" * (_VERBATIM_LIMIT - len(head) - 1) + "\n"  # one long comment line
    assert len(text) == _VERBATIM_LIMIT
    assert found_in_yaml(text) == [(1, 27, "secret.password")]
