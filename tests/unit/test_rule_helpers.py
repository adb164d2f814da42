"""Small pure helpers of the rules: the rule table is keyed by id, and merging two results adds
their file counts and sorts their findings (only the parallel paths merge, out of the stats'
sight, so the in-process suite never reached it)."""

from __future__ import annotations

from incidentctl.findings import Finding
from incidentctl.rules.registry import Rule, _rules
from incidentctl.rules.results import CheckResult


def test_rules_are_keyed_by_id() -> None:
    assert _rules(("a.b", "Summary.")) == {"a.b": Rule("a.b", "Summary.")}


def test_merged_results_add_files_and_sort_findings() -> None:
    one = Finding("b.yaml", 1, 1, "yaml.syntax", "m")
    two = Finding("a.yaml", 2, 1, "yaml.syntax", "m")
    merged = CheckResult([one], 3).merged(CheckResult([two], 4))
    assert merged == CheckResult([two, one], 7)
