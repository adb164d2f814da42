"""Charts as inline SVG, drawn at build time from plain series; each with a table beside it.

Why our own code, not a plotting library: the charts are bar charts of a few dozen bars;
matplotlib would add a large dependency, and its SVG embeds fonts and ids per chart. Ours is
small, deterministic (golden-testable), scales with the page's CSS and loads nothing.
Labels are escaped; the table carries the same numbers for screen readers and for copying.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from incidentctl.site.sanitize import text

WIDTH, HEIGHT, PAD, AXIS = 640, 240, 8, 28
PALETTE = ("#3949ab", "#d81b60", "#00897b", "#f4511e", "#6d4c41", "#546e7a")


@dataclass(frozen=True)
class Series:
    """Labelled numbers: ``values[name][i]`` is the bar segment of ``name`` at ``labels[i]``."""

    labels: list[str]
    values: dict[str, list[float]] = field(default_factory=dict)
    unit: str = ""


def chart(chart_id: str, title: str, series: Series) -> str:
    """A ``<figure>`` with a stacked bar chart and its data table, as one HTML block."""
    if not series.labels or not series.values:
        return f'<p class="ia-empty">{text(title)}: no data yet.</p>'
    svg = _svg(chart_id, title, series)
    return (
        f'<figure class="ia-chart" aria-labelledby="{chart_id}-cap">{svg}'
        f'<figcaption id="{chart_id}-cap">{text(title)}</figcaption>'
        f"{table(series, title)}</figure>"
    )


def _svg(chart_id: str, title: str, series: Series) -> str:
    n = len(series.labels)
    totals = [sum(v[i] for v in series.values.values()) for i in range(n)]
    top = max(totals) or 1.0
    slot = (WIDTH - 2 * PAD) / n
    bar = max(1.0, slot * 0.8)
    plot = HEIGHT - AXIS - PAD
    parts = [
        (
            f'<svg class="ia-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{chart_id}-title" xmlns="http://www.w3.org/2000/svg">'
        ),
        f'<title id="{chart_id}-title">{text(title)}</title>',
        (
            f'<line x1="{PAD}" y1="{PAD + plot}" x2="{WIDTH - PAD}" y2="{PAD + plot}" '
            'stroke="currentColor" stroke-width="1"/>'
        ),
    ]
    for i, label in enumerate(series.labels):
        x = PAD + i * slot + (slot - bar) / 2
        y = float(PAD + plot)
        for k, (name, values) in enumerate(series.values.items()):
            h = plot * values[i] / top
            if h <= 0:
                continue
            y -= h
            tip = f"{label} {name}: {_num(values[i])}{series.unit}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"><title>{text(tip)}</title></rect>'
            )
        if n <= 24:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 10}" font-size="11" '
                f'text-anchor="middle" fill="currentColor">{text(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def table(series: Series, caption: str) -> str:
    """The chart's numbers as an HTML table (its text alternative)."""
    names = list(series.values)
    head = "".join(f'<th scope="col">{text(n)}</th>' for n in names)
    rows = []
    for i, label in enumerate(series.labels):
        cells = "".join(f"<td>{_num(series.values[n][i])}{series.unit}</td>" for n in names)
        rows.append(f'<tr><th scope="row">{text(label)}</th>{cells}</tr>')
    return (
        f'<table class="ia-table"><caption>{text(caption)}</caption>'
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
