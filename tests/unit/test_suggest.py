"""'Did you mean': close names are suggested, ties and far-off names are not."""

from __future__ import annotations

import pytest

from incidentctl.suggest import closest, did_you_mean, known_list

SERVICES = ["checkout-api", "checkout-web", "payments", "identity", "search"]


@pytest.mark.parametrize(
    ("value", "known", "expected"),
    [
        ("paymnets", SERVICES, ["payments"]),
        ("Payments", SERVICES, ["payments"]),  # a different case wins outright
        ("checkout", SERVICES, ["checkout-api", "checkout-web"]),  # a tie of two is shown
        ("SEV5", ["SEV1", "SEV2", "SEV3", "SEV4"], []),  # four equal guesses mislead: none
        ("warehouse", SERVICES, []),  # nothing close
        ("payments", SERVICES, []),  # the value itself is never suggested
    ],
)
def test_closest(value: str, known: list[str], expected: list[str]) -> None:
    assert closest(value, known) == expected


def test_messages_name_known_names_only() -> None:
    assert did_you_mean("paymnets", SERVICES) == "did you mean 'payments'? "
    assert did_you_mean("zzz", SERVICES) == ""
    assert known_list(str(i) for i in range(20)).endswith(", ...")
    assert known_list(["b", "a"]) == "a, b"
