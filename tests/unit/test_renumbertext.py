"""The old id renamed where it is the incident's own name, and only there (pure)."""

from __future__ import annotations

from incidentctl.runs.renumbertext import Left, leftovers, renamed_channel, rewrite_body

OLD, NEW = "INC-2026-0002", "INC-2026-0003"


def test_headings_and_action_item_ids_are_renamed_every_other_byte_kept() -> None:
    body = (
        "\r\n# INC-2026-0002: Checkout 502s\r\n"
        "## Follow-up to INC-2026-0002 and INC-2026-00021\n"
        "- INC-2026-0002-AI-1: canary (bob)\n"
        "Prose about INC-2026-0002 stays.\n"
        "    # INC-2026-0002 indented code is not a heading\n"
        "#INC-2026-0002 is not a heading either\n"
        "~~~~\n# INC-2026-0002 in a fence\n~~~\nINC-2026-0002-AI-2 still fenced\n~~~~\n"
        "INC-2026-0002-AI-3 after the fence"
    )
    assert rewrite_body(body, OLD, NEW) == (
        "\r\n# INC-2026-0003: Checkout 502s\r\n"
        "## Follow-up to INC-2026-0003 and INC-2026-00021\n"
        "- INC-2026-0003-AI-1: canary (bob)\n"
        "Prose about INC-2026-0002 stays.\n"
        "    # INC-2026-0002 indented code is not a heading\n"
        "#INC-2026-0002 is not a heading either\n"
        "~~~~\n# INC-2026-0002 in a fence\n~~~\nINC-2026-0002-AI-2 still fenced\n~~~~\n"
        "INC-2026-0003-AI-3 after the fence"
    )


def test_only_the_incidents_own_channel_is_renamed() -> None:
    assert renamed_channel("#inc-2026-0002-checkout", OLD, NEW) == "#inc-2026-0003-checkout"
    assert renamed_channel("#inc-2026-0002", OLD, NEW) == "#inc-2026-0003"
    for other in ("#inc-2026-00021-x", "#payments", "inc-2026-0002-x", "#INC-2026-0002-x"):
        assert renamed_channel(other, OLD, NEW) is None


def test_leftovers_are_whole_token_mentions_with_their_positions() -> None:
    text = "a INC-2026-0002\nINC-2026-00021 XINC-2026-0002\n#inc-2026-0002-x INC-2026-0002-AI-1"
    assert leftovers(text, OLD, "p.md", 1) == [
        Left("p.md", 1, 3), Left("p.md", 3, 1), Left("p.md", 3, 18),
    ]  # fmt: skip
