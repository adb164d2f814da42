"""Every case of the official YAML test suite through the strict loader (see tests/data/yaml-test-suite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidentctl.load import yaml as yamlsource

CASES = json.loads((Path(__file__).parent.parent / "data/yaml-test-suite/cases.json").read_text())
# Invalid per the suite, accepted by libyaml (the C parser we build on). Each parses to one
# unambiguous value, so accepting them is harmless; listed exactly so a change shows up.
LIBYAML_LENIENT = {
    "9C9N": "flow sequence indented less than its key",
    "DK95-1": "a tab that looks like indentation inside a quoted scalar",
    "QB6E": "quoted scalar continued less indented than its key",
    "SU5Z": "comment without a space after a quoted scalar",
    "S98Z": "block scalar whose blank lines are more indented than its content",
    "X4QW": "comment without a space after a block scalar indicator",
}


def test_the_suite_is_all_there() -> None:
    assert len(CASES) >= 400
    assert sum(c["fail"] for c in CASES) >= 90


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_only_findings_come_out(case: dict[str, object]) -> None:
    text = str(case["yaml"])
    loaded, findings = yamlsource.load(text, "case.yaml")
    assert (loaded is None) == bool(findings)
    assert all(f.rule_id.startswith("yaml.") and f.line >= 1 and f.col >= 1 for f in findings)
    if case["fail"]:
        assert bool(findings) == (case["id"] not in LIBYAML_LENIENT), (
            "the suite says this is invalid"
        )
