"""Incident records written in many styles, each with the exact line diff a transition gives.

Every case is INC-2026-0013 (``detected``) moved to ``investigating`` at ``AT`` by ``ahmed.nasser``:
the unit tests (tests/unit/test_writer_corpus.py) edit the text in memory, the acceptance
tests (tests/acceptance/test_transition_edits.py) run the real command in a git repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AT = "2026-11-27T09:00:00Z"
ENTRY = {"at": AT, "type": "status_change", "status": "investigating", "by": "ahmed.nasser"}

HEAD = """\
# yaml-language-server: $schema=../../schemas/incident.schema.json
schema_version: 1
id: INC-2026-0013
title: Slow logins in the mobile app
summary: Mobile login p95 latency doubled since 06:00 UTC; web login is normal. Just declared.
type: degradation
status: detected
severity: SEV3
visibility: public
services: [identity, mobile-api]
detection:
  source: monitoring_alert
  alert: mobile-login-latency-p95-high
started_at: 2026-11-26T06:00:00Z
roles:
  incident_commander: ahmed.nasser
"""
TIMELINE = """\
timeline:
  - at: 2026-11-26T06:20:00Z
    type: alert
    by: alertmanager
    text: mobile-login-latency-p95-high (2.4 s).
  - at: 2026-11-26T06:24:00Z
    type: status_change
    status: detected
    by: ahmed.nasser
    text: Declared SEV3; investigating next.
"""
TAIL = "tags: [login, mobile]\n"
BASE = HEAD + TIMELINE + TAIL


def entry_lines(dash: int = 2, key: int = 4, at: str = AT) -> list[str]:
    """The new entry as diff lines, in a file whose list items sit at these columns."""
    first = f"+{' ' * dash}-{' ' * (key - dash - 1)}at: {at}"
    rest = ["type: status_change", "status: investigating", "by: ahmed.nasser"]
    return [first, *(f"+{' ' * key}{line}" for line in rest)]


STATUS = ["-status: detected", "+status: investigating"]
OLD_FLOW = "{at: 2026-11-26T06:24:00Z, type: status_change, status: detected}"
NEW_FLOW = f"{{at: {AT}, type: status_change, status: investigating, by: ahmed.nasser}}"
DIFF = [*STATUS, *entry_lines()]


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    diff: list[str]  # the "-" and "+" lines of a unified diff, in order
    valid_before: bool = True  # False: the record breaks a rule until it has a status_change


def _indent4(text: str) -> str:
    """4-space mappings, list items 4 in under their key: ``    - at:`` then ``      type:``."""
    return re.sub(r"(?m)^ +", lambda m: {2: "    ", 4: "      "}[len(m[0])], text)


_ENTRIES = "".join(
    f"  - at: 2026-11-26T06:{m:02d}:00Z\n    type: observation\n    text: check {m}\n"
    for m in range(25, 37)
)

CASES = [
    Case("example", BASE, DIFF),
    Case("crlf", BASE.replace("\n", "\r\n"), DIFF),
    Case("no-final-newline", BASE.rstrip("\n"), DIFF),
    Case("timeline-last-no-final-newline", HEAD + TAIL + TIMELINE.rstrip("\n"), DIFF),
    Case("bom", "\ufeff" + BASE, DIFF),
    Case("bom-crlf-no-final-newline", "\ufeff" + BASE.replace("\n", "\r\n").rstrip("\r\n"), DIFF),
    Case(
        "tabs-in-comments",
        BASE.replace("status: detected\n", "status: detected\t#\tthe current state\n").replace(
            "timeline:\n", "timeline:\t# append only\n#\ttabs\there\n"
        ),
        [
            "-status: detected\t#\tthe current state",
            "+status: investigating\t#\tthe current state",
            *entry_lines(),
        ],
    ),
    Case(
        "comments-everywhere",
        "# top\n"
        + HEAD.replace("\n", "  # trailing\n").replace("status: detected  #", "status: detected #")
        + "# before the timeline\n"
        + "timeline:  # the log\n"
        + "  # first\n"
        + "  - at: 2026-11-26T06:20:00Z  # from the pager\n"
        + "    # inside\n"
        + "    type: alert\n"
        + "    by: alertmanager\n"
        + "    text: mobile-login-latency-p95-high (2.4 s).  # quoted from the alert\n"
        + "  - at: 2026-11-26T06:24:00Z\n"
        + "    type: status_change  # the first state\n"
        + "    status: detected\n"
        + "    by: ahmed.nasser\n"
        + "    text: Declared SEV3; investigating next.\n"
        + "    # the end of the last entry\n"
        + "\n"
        + "# after the timeline\n"
        + TAIL
        + "# bottom\n",
        ["-status: detected # trailing", "+status: investigating # trailing", *entry_lines()],
    ),
    Case(
        "quoted-timestamps-double",
        BASE.replace("at: 2026-11-26T06:2", 'at: "2026-11-26T06:2').replace(
            ":00Z\n    type", ':00Z"\n    type'
        ),
        [*STATUS, *entry_lines(at=f'"{AT}"')],
    ),
    Case(
        "quoted-timestamps-single",
        BASE.replace("at: 2026-11-26T06:2", "at: '2026-11-26T06:2").replace(
            ":00Z\n    type", ":00Z'\n    type"
        ),
        [*STATUS, *entry_lines(at=f"'{AT}'")],
    ),
    Case(
        "fractions-and-offsets",
        BASE.replace("06:20:00Z", "06:20:00.123456Z").replace(
            "at: 2026-11-26T06:24:00Z", "at: 2026-11-26 07:24:00+01:00"
        ),
        DIFF,
    ),
    Case(
        "space-separated-utc",
        BASE.replace("2026-11-26T06:24:00Z", "2026-11-26 06:24:00Z"),
        DIFF,
    ),
    Case(
        "text-plus-one", BASE.replace("text: Declared SEV3; investigating next.", "text: +1"), DIFF
    ),
    Case(
        "multi-line-plain-scalar",
        BASE.replace(
            "text: Declared SEV3; investigating next.\n",
            "text: Declared SEV3;\n      investigating next,\n      with a plain scalar.\n",
        ),
        DIFF,
    ),
    Case(
        "block-scalars",
        BASE.replace(
            "text: mobile-login-latency-p95-high (2.4 s).\n",
            "text: |\n      line one\n\n      line three\n",
        ).replace(
            "text: Declared SEV3; investigating next.\n", "text: >-\n      folded\n      text\n\n"
        ),
        DIFF,
    ),
    Case(
        "keep-chomped-block-last",
        HEAD
        + TIMELINE.replace("text: Declared SEV3; investigating next.\n", "text: |+\n      kept\n\n")
        + TAIL,
        DIFF,
    ),
    Case("four-space-indent", _indent4(BASE), [*STATUS, *entry_lines(4, 6)]),
    Case(
        "zero-offset-sequences",
        BASE.replace("\n  - ", "\n- ").replace("\n    ", "\n  "),
        [*STATUS, *entry_lines(0, 2)],
    ),
    Case(
        "wide-dash",
        BASE.replace("\n  - at", "\n  -   at").replace("\n    ", "\n      "),
        [*STATUS, *entry_lines(2, 6)],
    ),
    Case("timeline-last", HEAD + TAIL + TIMELINE, DIFF),
    Case(
        "keys-in-another-order",
        "id: INC-2026-0013\n"
        + TIMELINE
        + HEAD.replace("id: INC-2026-0013\n", "").replace("status: detected\n", "")
        + TAIL
        + "status: detected\n",
        [*entry_lines(), *STATUS],
    ),
    Case(
        "one-entry",
        HEAD
        + TIMELINE[: TIMELINE.index("  - at: 2026-11-26T06:24")].replace(
            "type: alert", "type: status_change\n    status: detected"
        )
        + TAIL,
        DIFF,
    ),
    Case("many-entries", HEAD + TIMELINE + _ENTRIES + TAIL, DIFF),
    Case(
        "flow-items-in-a-block-list",
        HEAD + f"timeline:\n  - {OLD_FLOW}\n" + TAIL,
        [*STATUS, f"+  - {NEW_FLOW}"],
    ),
    Case(
        "flow-timeline",
        HEAD + f"timeline: [{OLD_FLOW}]  # flow\n" + TAIL,
        [
            *STATUS,
            f"-timeline: [{OLD_FLOW}]  # flow",
            f"+timeline: [{OLD_FLOW}, {NEW_FLOW}]  # flow",
        ],
    ),
    Case(
        "flow-timeline-on-many-lines",
        HEAD + f"timeline: [\n  {OLD_FLOW},\n]\n" + TAIL,
        [*STATUS, f"-  {OLD_FLOW},", f"+  {OLD_FLOW}, {NEW_FLOW},"],
    ),
    Case(
        "quoted-status",
        BASE.replace("status: detected\nseverity", 'status: "detected"\nseverity'),
        ['-status: "detected"', '+status: "investigating"', *entry_lines()],
    ),
    Case(
        "document-markers",
        "---\n" + BASE + "...\n",
        DIFF,
    ),
    Case(
        "unicode-and-line-separators",
        BASE.replace("text: Declared SEV3; investigating next.", 'text: "Déclaré\u2028SEV3 — 🚨"'),
        DIFF,
    ),
    Case(
        "nine-digit-fraction",
        BASE.replace("06:20:00Z", "06:20:00.123456789Z"),
        DIFF,
        False,  # the model takes six digits at most; the writer keeps all nine
    ),
    Case("no-timeline", HEAD + TAIL, [*STATUS, "+timeline:", *entry_lines()], False),
    Case(
        "empty-flow-timeline",
        HEAD + "timeline: []\n" + TAIL,
        [*STATUS, "-timeline: []", "+timeline:", *entry_lines()],
        False,
    ),
    Case(
        "empty-flow-timeline-with-comment",
        HEAD + "timeline: [ ]  # none yet\n" + TAIL,
        [*STATUS, "-timeline: [ ]  # none yet", "+timeline:  # none yet", *entry_lines()],
        False,
    ),
    Case(
        "empty-timeline-key",
        HEAD + "timeline:\n" + TAIL,
        [*STATUS, *entry_lines()],
        False,
    ),
]
