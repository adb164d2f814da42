"""A list item replaced where it stands (block or flow, quoted or not); nothing else changes."""

from __future__ import annotations

import pytest

from incidentctl.runs.textedit import EditRefused
from incidentctl.runs.writer import SetValue, edit_record

BLOCK = 'relations:\n  related:\n    - INC-2026-0009  # c\n    - "INC-2026-0002"\nz: 1\n'
FLOW = "relations: {related: [INC-2026-0009, 'INC-2026-0002']}  # c\n"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (BLOCK, BLOCK.replace('"INC-2026-0002"', '"INC-2026-0003"')),
        (FLOW, FLOW.replace("'INC-2026-0002'", "'INC-2026-0003'")),
    ],
)
def test_a_list_item_is_replaced_in_its_own_style(text: str, want: str) -> None:
    assert edit_record(text, [SetValue(("relations", "related", 1), "INC-2026-0003")]) == want


def test_an_index_past_the_end_is_refused() -> None:
    with pytest.raises(EditRefused):
        edit_record(BLOCK, [SetValue(("relations", "related", 2), "INC-2026-0003")])
