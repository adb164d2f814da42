"""history.postmortem-status, pair by pair: every move the contract allows passes, every other
move is refused with one finding on the new version's ``status``."""

from __future__ import annotations

import itertools

import pytest

from incidentctl.history.compare import compare_postmortem
from incidentctl.load.documents import PostmortemDoc
from incidentctl.load.records import parse_markdown
from incidentctl.models.postmortem import Postmortem
from incidentctl.models.postmortem import PostmortemStatus as PS

PATH = "incidents/INC-2026-0001/postmortem.md"

# The contract, written out here on purpose rather than read from compare.POSTMORTEM_MOVES:
# a review stays where it is, moves forward one step, or goes back to draft; published is final.
ALLOWED: frozenset[tuple[PS, PS]] = frozenset(
    {
        (PS.DRAFT, PS.DRAFT),
        (PS.DRAFT, PS.IN_REVIEW),
        (PS.IN_REVIEW, PS.IN_REVIEW),
        (PS.IN_REVIEW, PS.APPROVED),
        (PS.IN_REVIEW, PS.DRAFT),
        (PS.APPROVED, PS.APPROVED),
        (PS.APPROVED, PS.PUBLISHED),
        (PS.APPROVED, PS.DRAFT),
        (PS.PUBLISHED, PS.PUBLISHED),
    }
)
PAIRS = list(itertools.product(PS, repeat=2))
PERMITTED = [pair for pair in PAIRS if pair in ALLOWED]
FORBIDDEN = [pair for pair in PAIRS if pair not in ALLOWED]


def _ids(pair: tuple[PS, PS]) -> str:
    return f"{pair[0].value}->{pair[1].value}"


def postmortem(status: PS) -> PostmortemDoc:
    text = (
        "---\n"
        "schema_version: 1\n"
        "incident: INC-2026-0001\n"
        f"status: {status.value}\n"
        "owner: alice\n"
        "approvers: [carol]\n"
        "---\n"
        "\n"
        "# Postmortem\n"
    )
    loaded, model, split, findings = parse_markdown(text.encode(), PATH, Postmortem)
    assert findings == []
    assert loaded is not None
    assert model is not None
    assert split is not None
    return PostmortemDoc(PATH, loaded, model, split.body, split.body_line)


def test_the_contract_covers_every_pair() -> None:
    assert len(PAIRS) == 16
    assert (len(PERMITTED), len(FORBIDDEN)) == (9, 7)


@pytest.mark.parametrize("pair", PERMITTED, ids=_ids)
def test_allowed_move_passes(pair: tuple[PS, PS]) -> None:
    before, after = pair
    assert compare_postmortem(postmortem(before), postmortem(after)) == []


@pytest.mark.parametrize("pair", FORBIDDEN, ids=_ids)
def test_forbidden_move_is_refused(pair: tuple[PS, PS]) -> None:
    before, after = pair
    found = [str(f) for f in compare_postmortem(postmortem(before), postmortem(after))]
    message = (
        "a postmortem moves draft -> in_review -> approved -> published (or back to draft),"
        f" not {before.value} -> {after.value}"
    )
    assert found == [f"{PATH}:4:9: history.postmortem-status {message}"]
