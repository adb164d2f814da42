"""The secret scan on its own (rules/secrets.py): card numbers and their near misses, secrets
YAML hides from a line scan, the allowlist. Issues #11 and #12."""

from __future__ import annotations

import re

import pytest
from stdnum import luhn

from incidentctl.load import yaml as yamlsource
from incidentctl.rules.secrets import Allow, scan

PATH = "incidents/INC-2026-0001/incident.yaml"
NONE = Allow()


def luhn_valid(prefix: str) -> str:
    """``prefix`` and its Luhn check digit: a number the checksum alone would take for a card."""
    return prefix + luhn.calc_check_digit(prefix)


def found(text: str, allow: Allow = NONE) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.rule_id) for f in scan(text, PATH, allow)]


def found_in_yaml(text: str, allow: Allow = NONE) -> list[tuple[int, int, str]]:
    loaded, problems = yamlsource.load(text, PATH)
    assert loaded is not None, problems
    findings = scan(text, PATH, allow, loaded)
    for f in findings:  # never the value: not the secret, nor a long piece of it
        assert not re.search(r"AKIA|ghp_|hunter|S3cure|[0-9]{4}", f.message), f.message
    return sorted((f.line, f.col, f.rule_id) for f in findings)


NEAR_MISSES = {
    "decimal from a Grafana alert (#11)": "value: 44.23943737541908 over threshold",
    "decimal": f"ratio 0.{luhn_valid('411111111111111')}",
    "negative decimal": f"delta -3.{luhn_valid('411111111111111')}",
    "decimal with a comma": f"sum 12,{luhn_valid('411111111111111')}",
    "version": "upgraded to 1.2.3 then 10.4.1",
    "long version": f"build 1.2.{luhn_valid('411111111111111')}",
    "epoch milliseconds": f"at {luhn_valid('171000000000')} the lag grew",
    "epoch nanoseconds": f"ts={luhn_valid('170928720000000000')}",
    "compact timestamp": f"dump-{luhn_valid('2026030110000')}.tar",
    "compact timestamp alone": f"snapshot {luhn_valid('2026030110000')} taken",
    "ISO timestamp": "at 2026-03-01T10:00:00.123456Z and 2026-03-01 10:00:00",
    "IPv4 addresses": "from 10.41.111.111 and 192.168.100.200:4111",
    "IPv6 address": "from 2001:db8:4111:1111:1111:1111:1111:1111",
    "IPv4 with a long port-like tail": f"peer 10.0.0.1:{luhn_valid('411111111111111')}",
    "hex run": f"blob deadbeef{luhn_valid('411111111111111')}cafe",
    "hex run ending in digits": f"commit ab{luhn_valid('411111111111111')}",
    "UUID": "request 3b4e4d5f-4111-1111-1111-111111111111 failed",
    "UUID of digits": "request 41111111-1111-1111-1111-111111111111 failed",
    "international phone": f"call +49 {luhn_valid('301234567890')}",
    "grouped phone": f"call +49 30 1234 {luhn_valid('567890')[:4]} {luhn_valid('5678901')[4:]}",
    "phone with a leading zero": f"call {luhn_valid('080041111111')}",
    "ticket id": f"see #{luhn_valid('411111111111111')}",
    "id in a path": f"GET /orders/{luhn_valid('411111111111111')}/items",
    "longer digit run": f"trace {luhn_valid('4111111111111111111')}",
    "five groups of four": "ref 4111 1111 1111 1111 1111",
    "a group before four more": "ref 1234 4111 1111 1111 1111",
    "mixed separators": "ref 4111 1111-1111 1111",
    "double spaces": "ref 4111  1111  1111  1111",
    "inside a word": "key x4111111111111111",
    "one digit repeated": "0000000000000000 and 8888888888888888",
}


@pytest.mark.parametrize("text", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_numbers_that_are_not_card_numbers_pass(text: str) -> None:
    assert found(text) == []


REAL_CARDS = {
    "Visa in 4-4-4-4 with spaces": ("Card 4111 1111 1111 1111 was charged twice.", 6),
    "Visa in 4-4-4-4 with dashes": ("Card 4111-1111-1111-1111 was charged twice.", 6),
    "Visa as one run": ("Card 4111111111111111 was charged.", 6),
    "Visa of 13 digits": ("Card 4222222222222 was charged.", 6),
    "Visa of 19 digits": (f"Card {luhn_valid('411111111111111111')} was charged.", 6),
    "Amex as one run": ("Card 378282246310005 was charged.", 6),
    "Amex in 4-6-5 with spaces": ("Card 3782 822463 10005 was charged.", 6),
    "Amex in 4-6-5 with dashes": ("Card 3782-822463-10005 was charged.", 6),
    "Diners in 4-6-4": ("Card 3056 930902 5904 was charged.", 6),
    "Mastercard": ("Card 5555555555554444 was charged.", 6),
    "Mastercard 2-series": ("Card 2223 0031 2200 3222 was charged.", 6),
    "Discover": ("Card 6011 1111 1111 1117 was charged.", 6),
    "at the end of a sentence": ("It was 4111111111111111.", 8),
    "in parentheses": ("The card (4111 1111 1111 1111) was charged.", 11),
    "after a colon": ("card:4111111111111111", 6),
    "after an equals sign": ("card=4111-1111-1111-1111", 6),
    "followed by a CVV": ("4111 1111 1111 1111 123 was typed", 1),
    "followed by a count": ("4111111111111111 2 times", 1),
}


@pytest.mark.parametrize(("text", "col"), REAL_CARDS.values(), ids=REAL_CARDS.keys())
def test_card_numbers_in_each_grouping_fail(text: str, col: int) -> None:
    assert found(text) == [(1, col, "pii.card-number")]


def test_a_card_number_that_fails_the_luhn_check_passes() -> None:
    assert found("Card 4111 1111 1111 1112 was charged.") == []


# Secrets YAML hides from a line scan (#12): found in the value, reported at the value.
HIDDEN = {
    "hex escape in a double-quoted scalar": (
        'summary: "Found \\x41KIAIOSFODNN7EXAMPLE in a log."\n',
        (1, 10, "secret.credential"),
    ),
    "unicode escape in a double-quoted scalar": (
        'summary: "Found \\u0041KIAIOSFODNN7EXAMPLE in a log."\n',
        (1, 10, "secret.credential"),
    ),
    "token split by a line continuation": (
        'summary: "Pushed ghp_1234567890abcdefghij\\\n  klmnopqrstuvwxyzAB by mistake."\n',
        (1, 10, "secret.credential"),
    ),
    "password folded across lines": (
        "summary: >\n  The database password is\n  hunter2!x for now.\n",
        (1, 10, "secret.password"),
    ),
    "password in a multi-line plain scalar": (
        "timeline:\n  - text: The admin password was\n      S3cure!pass until today.\n",
        (2, 11, "secret.password"),
    ),
    "card number folded across lines": (
        "impact:\n  description: >-\n    Card 4111 1111\n    1111 1111 was charged.\n",
        (2, 16, "pii.card-number"),
    ),
    "e-mail address split by a line continuation": (
        'summary: "Mail jane.doe@\\\n  gmail.com for details."\n',
        (1, 10, "pii.email"),
    ),
}


@pytest.mark.parametrize(("text", "where"), HIDDEN.values(), ids=HIDDEN.keys())
def test_secrets_hidden_by_yaml_are_found_in_the_value(
    text: str, where: tuple[int, int, str]
) -> None:
    assert found(text) == []  # the line scan alone misses it: the case is real
    assert found_in_yaml(text) == [where]


def test_the_message_says_the_secret_is_in_the_value_as_yaml_reads_it() -> None:
    text = 'summary: "Found \\x41KIAIOSFODNN7EXAMPLE in a log."\n'
    loaded, _ = yamlsource.load(text, PATH)
    [f] = scan(text, PATH, NONE, loaded)
    assert f.message == (
        "looks like an AWS Access Key in this value as YAML reads it (escapes decoded, lines"
        " joined); remove it (rotate it if it is real)"
    )


def test_a_secret_on_a_line_and_in_its_value_is_reported_once_at_the_line() -> None:
    # The value joins both lines, so it is not written verbatim, but the key is on line 2.
    text = "timeline:\n  - text: Found AKIAIOSFODNN7EXAMPLE in the\n      deploy log.\n"
    assert found_in_yaml(text) == [(2, 17, "secret.credential")]


def test_a_value_written_as_is_is_scanned_once() -> None:
    text = "summary: Found AKIAIOSFODNN7EXAMPLE in a log.\n"
    assert found_in_yaml(text) == [(1, 16, "secret.credential")]


def test_the_same_secret_twice_is_reported_twice() -> None:
    text = (
        "summary: Found AKIAIOSFODNN7EXAMPLE in a log.\n"
        'details: "Found \\x41KIAIOSFODNN7EXAMPLE again."\n'
        'more: "And \\x41KIAIOSFODNN7EXAMPLE once more."\n'
    )
    # The line scan sees the first; the other two are only in values: one each, not one "seen".
    assert found_in_yaml(text) == [
        (1, 16, "secret.credential"),
        (2, 10, "secret.credential"),
        (3, 7, "secret.credential"),
    ]


def test_a_pragma_on_the_line_a_value_starts_covers_the_value() -> None:
    text = 'summary: "Old \\x41KIAIOSFODNN7EXAMPLE"  # pragma: allowlist secret\n'
    assert found_in_yaml(text) == []


def test_secrets_in_keys_and_clean_values_are_not_scanned_twice() -> None:
    text = "summary: >\n  The rollout\n  finished at 10:00.\nroles: {scribe: bob}\n"
    assert found_in_yaml(text) == []


ALLOW = Allow(
    frozenset({"security@vendor.example", "corp.example"}),
    (re.compile("AKIAIOSFODNN7EXAMPLE"), re.compile(r"4111[ -]?1111[ -]?1111[ -]?1111")),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail security@vendor.example now.", []),
        ("Mail SECURITY@Vendor.Example now.", []),
        ("Mail abuse@vendor.example now.", [(1, 6, "pii.email")]),
        ("Mail ops@corp.example or ops@eu.corp.example.", []),
        ("Mail ops@notcorp.example.", [(1, 6, "pii.email")]),
        ("Found AKIAIOSFODNN7EXAMPLE in a log.", []),
        ("Found AKIAIOSFODNN7EXAMPLF in a log.", [(1, 7, "secret.credential")]),
        ("Card 4111 1111 1111 1111 was charged.", []),
        ("Card 5555555555554444 was charged.", [(1, 6, "pii.card-number")]),
    ],
)
def test_the_allowlist_takes_addresses_domains_and_whole_values(
    text: str, expected: list[tuple[int, int, str]]
) -> None:
    assert found(text, ALLOW) == expected


def test_an_allow_pattern_must_match_the_whole_value() -> None:
    allow = Allow(patterns=(re.compile("AKIA"), re.compile("ghp_1234")))
    text = "Found AKIAIOSFODNN7EXAMPLE and ghp_1234567890abcdefghijklmnopqrstuvwxyzAB."
    assert found(text, allow) == [(1, 7, "secret.credential")]  # one per line and rule


def test_an_allow_pattern_matches_a_token_as_a_whole_word() -> None:
    allow = Allow(patterns=(re.compile("ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"),))
    assert found("Pushed ghp_1234567890abcdefghijklmnopqrstuvwxyzAB by mistake.", allow) == []


@pytest.mark.parametrize("limit", [32 * 1024, 0], ids=["small file", "large file"])
def test_a_pragma_inside_a_block_scalar_covers_its_line(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("incidentctl.rules.secrets._VERBATIM_LIMIT", limit)
    text = "summary: |\n  Old key AKIAIOSFODNN7EXAMPLE  # pragma: allowlist secret\n  Rotated.\n"
    assert found_in_yaml(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *HIDDEN.values(),
        ("summary: Found AKIAIOSFODNN7EXAMPLE in a log.\n", (1, 16, "secret.credential")),
        (
            "timeline:\n  - text: Found AKIAIOSFODNN7EXAMPLE in the\n      deploy log.\n",
            (2, 17, "secret.credential"),
        ),
        # the line scan reads the password with the closing quote, or with an escape and the
        # next word; the value's line reads it alone: the same secret, reported once
        ('summary: "The password is S3cure!x1"\n', (1, 27, "secret.password")),
        ("summary: 'The password is S3cure!x1'\n", (1, 27, "secret.password")),
        ('summary: "password is S3cure!x1\\nrotated since"\n', (1, 23, "secret.password")),
    ],
)
def test_a_large_file_gives_the_same_findings_without_the_verbatim_search(
    text: str, expected: tuple[int, int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size limit every value is scanned: de-duplication by line still reports once."""
    monkeypatch.setattr("incidentctl.rules.secrets._VERBATIM_LIMIT", 0)
    assert found_in_yaml(text) == [expected]


def test_a_value_ends_where_the_next_node_starts_not_at_the_end_of_the_file() -> None:
    # The escaped key on line 1 is only in the value; the same key on line 3 belongs to another
    # node: one finding each, not one taken as a repeat of the other (the value's lines are
    # bounded by the next key or value start, lines not columns).
    text = 'text: "key \\x41KIAIOSFODNN7EXAMPLE"\nother:\n  - AKIAIOSFODNN7EXAMPLE\n'
    assert found_in_yaml(text) == [(1, 7, "secret.credential"), (3, 5, "secret.credential")]


def test_a_long_value_spans_its_lines_however_deep_the_keys_after_it() -> None:
    # A folded value from line 1 to 7 with the key on line 7 (as written) and deep keys after
    # it, at columns below 7: the value's repeat is recognised, once.
    text = (
        'text: "intro \\x41\n  more\n  more\n  more\n  more\n  more\n'
        '  key AKIAIOSFODNN7EXAMPLE here"\nnested:\n  deeper:\n    deepest:\n      k: v\n'
    )
    assert found_in_yaml(text) == [(7, 7, "secret.credential")]
