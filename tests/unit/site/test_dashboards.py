"""The pages the report computations feed, on hand-made figures (the seam in site.figures)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from incidentctl.site.charts import Series, chart
from incidentctl.site.dashboards import (
    ActionItemsData,
    ActionRow,
    Headline,
    MetricsData,
    action_items_page,
    home_page,
    metrics_page,
)
from incidentctl.site.stash import expand

PER_MONTH = Series(["2026-01", "2026-02"], {"SEV1": [1, 0], "SEV2": [2, 3]})


def html(markdown: str) -> str:
    return expand(expand(markdown), late=True)


def test_chart_is_inline_svg_with_a_table_of_the_same_numbers() -> None:
    out = chart("m", "Incidents per month", PER_MONTH)
    svg = ET.fromstring(out[out.index("<svg") : out.index("</svg>") + 6])
    assert svg.get("role") == "img"
    rects = svg.findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 3  # zero-height bars are not drawn
    assert '<tr><th scope="row">2026-02</th><td>0</td><td>3</td></tr>' in out
    assert "http" not in out.replace("http://www.w3.org/2000/svg", "")


def test_chart_labels_are_escaped() -> None:
    out = chart("x", "<b>", Series(["<script>"], {"a&b": [1]}))
    assert "<script>" not in out
    assert "<b>" not in out
    assert "&#60;script&#62;" in out
    assert "a&#38;b" in out


def test_empty_series_says_so() -> None:
    assert "no data yet" in chart("x", "Empty", Series([], {}))


def test_metrics_page_draws_the_three_charts() -> None:
    data = MetricsData(
        PER_MONTH,
        Series(["< 1 h", "1-4 h"], {"incidents": [3, 1]}),
        Series(["change"], {"incidents": [4]}),
    )
    out = html(metrics_page(data).markdown)
    assert out.count("<svg") == 3
    assert out.count("<table") == 3
    assert "Recurring contributing factors" in out


def test_metrics_page_without_figures_says_they_are_not_wired() -> None:
    assert "No figures" in html(metrics_page(None).markdown)


def test_home_headline_numbers() -> None:
    out = html(home_page("# Home\n", Headline(4, "2 h 10 min", 1), [], []).markdown)
    assert "<dt>Median time to resolve</dt><dd>2 h 10 min</dd>" in out
    assert "<dt>Overdue priority actions</dt><dd>1</dd>" in out


def test_action_items_dashboard_lists_open_items_and_marks_overdue() -> None:
    rows = [
        ActionRow(
            "INC-2026-0001-AI-1",
            "Alert",
            "INC-2026-0001",
            "ann",
            "edge",
            "open",
            "2026-01-01",
            True,
            "P1",
        ),
        ActionRow(
            "INC-2026-0001-AI-2",
            "Done one",
            "INC-2026-0001",
            "ann",
            "edge",
            "done",
            "2026-01-01",
            False,
        ),
    ]
    by_owner = Series(["ann"], {"open": [1], "overdue": [1]})
    out = html(action_items_page(ActionItemsData(rows, by_owner, by_owner)).markdown)
    assert "1 open, 1 overdue." in out
    assert "INC-2026-0001-AI-1" in out
    assert "Done one" not in out
    assert "ia-action-overdue" in out
