"""Card numbers: the check digit alone is not enough, one digit repeated is never a card."""

from __future__ import annotations

import pytest

from incidentctl.rules.pii import pii_hits


def cards(line: str) -> list[tuple[int, str]]:
    return [(h.col, h.rule) for h in pii_hits(line, lambda _: True) if h.rule == "pii.card-number"]


@pytest.mark.parametrize(
    "number",
    [
        "6666666666666",  # 13 digits, a card prefix (6) and a valid check digit
        "44444444444444444",  # 17 digits, prefix 4, valid check digit
    ],
)
def test_one_digit_repeated_with_a_card_prefix_and_check_digit_is_no_card(number: str) -> None:
    assert cards(f"ref {number} filler") == []


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111111",  # the classic test Visa: only two different digits
        "5555555555555557",
        "3222222222222222",
    ],
)
def test_two_different_digits_are_enough_for_a_card(number: str) -> None:
    assert cards(f"ref {number} filler") == [(5, "pii.card-number")]
