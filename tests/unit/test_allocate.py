"""Ids and channel names for a new incident."""

from __future__ import annotations

from incidentctl.runs.allocate import channel_name, next_id


def test_next_id_is_after_the_highest_of_the_year_only() -> None:
    taken = ["INC-2026-0001", "INC-2026-0009", "INC-2025-0042", "OPS-2026-0050", "INC-2026-10000"]
    assert next_id("INC", 2026, taken) == "INC-2026-10001"
    assert next_id("INC", 2026, taken[:3]) == "INC-2026-0010"
    assert next_id("INC", 2027, taken) == "INC-2027-0001"


def test_channel_names_are_short_lower_case_ascii() -> None:
    assert channel_name("INC-2026-0007", "Checkout: 502s!") == "#inc-2026-0007-checkout-502s"
    assert channel_name("INC-2026-0007", "Zahlungen in Köln") == "#inc-2026-0007-zahlungen-in-koln"
    assert channel_name("INC-2026-0007", "¿?") == "#inc-2026-0007"
    long = channel_name("INC-2026-0007", "word " * 40)
    assert len(long) == 79
    assert not long.endswith("-")
