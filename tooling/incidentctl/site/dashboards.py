"""Home, action items, metrics and status pages, pure: plain figures in, pages out.

The figures come from ``figures`` (the seam to ``incidentctl.report``); these functions only
lay them out, so they are tested with hand-made values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from incidentctl.models.incident import Visibility
from incidentctl.site.charts import Series, chart
from incidentctl.site.incident_page import incident_path, postmortem_path
from incidentctl.site.markup import GeneratedPage, badge, block, front_matter, link, table, when
from incidentctl.site.sanitize import paragraphs, text
from incidentctl.site.values import Record

LATEST = 10
NOT_WIRED = "No figures: this build has no report policy to compute them with."


@dataclass(frozen=True)
class Headline:
    incidents_this_quarter: int
    median_time_to_resolve: str  # already formatted, e.g. "2 h 10 min", or "n/a"
    overdue_priority_actions: int


@dataclass(frozen=True)
class ActionRow:
    id: str
    title: str
    incident_id: str
    owner: str
    team: str
    status: str
    due: str
    overdue: bool
    priority: str = ""


@dataclass(frozen=True)
class ActionItemsData:
    rows: list[ActionRow]
    by_owner: Series = field(default_factory=lambda: Series([]))  # series "open", "overdue"
    by_team: Series = field(default_factory=lambda: Series([]))


@dataclass(frozen=True)
class MetricsData:
    per_month_by_severity: Series
    time_to_resolve: Series  # labels are buckets ("< 1 h", ...), one series "incidents"
    contributing_factors: Series  # labels are categories, one series "incidents"


def home_page(
    intro: str, headline: Headline | None, records: list[Record], shown: list[Record]
) -> GeneratedPage:
    """Open incidents now, the headline numbers and the latest postmortems."""
    out = [front_matter("Home"), intro.strip() + "\n"]
    out.append("## Now\n")
    if headline is None:
        out.append(block(f'<p class="ia-empty">{NOT_WIRED}</p>'))
    else:
        cards = [
            ("Incidents this quarter", str(headline.incidents_this_quarter)),
            ("Median time to resolve", headline.median_time_to_resolve),
            ("Overdue priority actions", str(headline.overdue_priority_actions)),
        ]
        out.append(
            block(
                '<dl class="ia-headline">'
                + "".join(f"<div><dt>{text(k)}</dt><dd>{text(v)}</dd></div>" for k, v in cards)
                + "</dl>"
            )
        )
    ongoing = [r for r in records if r.ongoing]
    out.append("## Open incidents\n")
    items = [
        f"{link(_url(incident_path(r.id)), r.id)} {badge('status', r.incident.status)} "
        f"{text(r.incident.title)}"
        for r in ongoing
    ]
    out.append(block(_list(items, "None right now.")))
    latest = sorted(shown, key=_published, reverse=True)[:LATEST]
    out.append("## Latest postmortems\n")
    items = [
        f"{link(_url(postmortem_path(r.id)), r.incident.title)} ({text(r.id)})" for r in latest
    ]
    out.append(block(_list(items, "None published yet.")))
    more = [("incidents/index.html", "Every incident"), ("feed.xml", "Postmortems feed (Atom)"),
            ("status.json", "status.json")]  # fmt: skip
    out.append(block("<p>" + " · ".join(link(href, label) for href, label in more) + "</p>"))
    return GeneratedPage("index.md", "\n".join(out))


def _url(path: str) -> str:
    """A generated page's URL from the site root (these pages are all at the root)."""
    return path[:-3] + ".html" if path.endswith(".md") else path


def _list(items: list[str], empty: str) -> str:
    return (
        "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else f"<p>{empty}</p>"
    )


def _published(record: Record) -> dt.datetime:
    pm = record.postmortem
    at = pm.published_at if pm else None
    return at or record.incident.started_at or dt.datetime.min.replace(tzinfo=dt.UTC)


def action_items_page(data: ActionItemsData | None) -> GeneratedPage:
    out = [front_matter("Action items"), "# Action items\n"]
    if data is None:
        out.append(block(f'<p class="ia-empty">{NOT_WIRED}</p>'))
        return GeneratedPage("action-items.md", "\n".join(out))
    open_rows = [r for r in data.rows if r.status not in ("done", "wont_do")]
    out.append(block(f"<p>{len(open_rows)} open, {sum(r.overdue for r in open_rows)} overdue.</p>"))
    out += [
        "## By owner\n",
        block(chart("by-owner", "Open and overdue action items by owner", data.by_owner)),
    ]
    out += [
        "## By team\n",
        block(chart("by-team", "Open and overdue action items by team", data.by_team)),
    ]
    rows = [
        [text(r.id), text(r.title), link(_url(incident_path(r.incident_id)), r.incident_id),
         text(r.owner), text(r.team), text(r.priority), text(r.due),
         badge("action", "overdue" if r.overdue else r.status)]
        for r in open_rows
    ]  # fmt: skip
    out += [
        "## Open action items\n",
        block(
            table(["Id", "Action", "Incident", "Owner", "Team", "Priority", "Due", "State"], rows)
        ),
    ]
    return GeneratedPage("action-items.md", "\n".join(out))


def metrics_page(data: MetricsData | None) -> GeneratedPage:
    out = [front_matter("Metrics"), "# Metrics\n"]
    if data is None:
        out.append(block(f'<p class="ia-empty">{NOT_WIRED}</p>'))
        return GeneratedPage("metrics.md", "\n".join(out))
    out += [
        "## Incidents per month by severity\n",
        block(chart("per-month", "Incidents per month by severity", data.per_month_by_severity)),
    ]
    out += [
        "## Time to resolve\n",
        block(chart("ttr", "Time-to-resolve distribution", data.time_to_resolve)),
    ]
    out += [
        "## Recurring contributing factors\n",
        block(
            chart("factors", "Contributing factors across postmortems", data.contributing_factors)
        ),
    ]
    return GeneratedPage("metrics.md", "\n".join(out))


def status_page(records: list[Record], now: dt.datetime) -> GeneratedPage:
    """The public status page: ongoing incidents and their customer updates (status.json too)."""
    out = [front_matter("Status", search={"exclude": True}), "# Status\n"]
    ongoing = [r for r in records if r.ongoing and r.visibility is Visibility.PUBLIC]
    if not ongoing:
        out.append(block("<p>All systems operational.</p>"))
    for r in ongoing:
        inc = r.incident
        updates = [
            u
            for u in sorted(inc.updates, key=lambda u: u.at, reverse=True)
            if u.audience.value == "customers"
        ]
        items = "".join(
            f"<li><time>{text(when(u.at))}</time>{paragraphs(u.text)}</li>" for u in updates
        )
        out.append(f"## {text(inc.title)}\n")
        out.append(
            block(
                f"<p>{badge('status', inc.status)} {text(', '.join(inc.services))}</p>",
                f"<ul>{items}</ul>" if items else "",
            )
        )
    out.append(
        block(
            f'<p>As of {text(when(now))}. Machine-readable: <a href="status.json">status.json</a>.</p>'
        )
    )
    return GeneratedPage("status.md", "\n".join(out))
