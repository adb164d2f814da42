"""Where a detector's match is reported, and which whole token it is taken to be: detect-secrets
gives only "ghp" for a GitHub token, the token around it is what allow patterns see."""

from __future__ import annotations

import pytest

from incidentctl.rules.detectors import detector_hits

TOKEN = "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # at the very start of the line, with a letter at its end
        (f"{TOKEN} x", (1, TOKEN)),
        # glued to a prefix of an odd number of token characters, ending in X and a full stop
        (f"id xy-{TOKEN}X.", (7, f"xy-{TOKEN}X")),
        # a prefix reaching back to the first character of the line
        (f"x-{TOKEN}", (3, f"x-{TOKEN}")),
    ],
)
def test_the_whole_token_is_found_around_the_match(line: str, expected: tuple[int, str]) -> None:
    assert [(h.col, h.found, h.rule) for h in detector_hits(line)] == [
        (*expected, "secret.credential")
    ]


def test_the_first_of_two_equal_tokens_gives_the_column() -> None:
    hits = [(h.col, h.found) for h in detector_hits(f"a {TOKEN} and {TOKEN}")]
    assert hits == [(3, TOKEN)]


@pytest.mark.parametrize(
    ("line", "value", "expected"),
    [
        # no value from the detector: the line is the match, at column 1
        ("  password = hunter2  ", None, (1, "password = hunter2")),
        ("  password = hunter2  ", "", (1, "password = hunter2")),
        # a value the line does not hold as written (the detector decoded it): itself, column 1
        ("x = 'a\\x62c'", "abc", (1, "abc")),
        # a token glued on both sides is taken whole
        ("key: zz+ghp_1/2=x end", "ghp_1", (9, "zz+ghp_1/2=x")),
    ],
)
def test_locate_without_a_value_or_outside_the_line(
    line: str, value: str | None, expected: tuple[int, str]
) -> None:
    from incidentctl.rules.detectors import _locate

    assert _locate(line, value) == expected


def test_the_article_follows_the_kind() -> None:
    from incidentctl.rules.detectors import _describe

    assert [_describe(k) for k in ("Artifactory Token", "Xero Key", "Okta Token")] == [
        "an Artifactory Token",
        "a Xero Key",
        "an Okta Token",
    ]
