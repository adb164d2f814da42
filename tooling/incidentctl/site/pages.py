"""The archive's pages, pure: validated records in, ``GeneratedPage(path, markdown)`` values out.

Only what ``values.publishable`` kept reaches here, so a restricted record cannot appear on a
page, in a title, a tag, a count or a link: related incidents and playbook users are linked
only when this build publishes them. Incidents are reached through index pages (all, by year,
service, severity and tag) and search, never one navigation entry each: every page carries
the whole navigation, so a nav entry per incident makes the build quadratic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from incidentctl.models.postmortem import PostmortemStatus
from incidentctl.site import dashboards, feeds, figures, search
from incidentctl.site.incident_page import (
    incident_path,
    page_title,
    pages_for,
    playbook_path,
    postmortem_path,
    service_path,
)
from incidentctl.site.markup import (
    RECORD_TEMPLATE,
    GeneratedPage,
    badge,
    block,
    front_matter,
    link,
    rel,
    table,
)
from incidentctl.site.sanitize import markdown_body, outside_images, text
from incidentctl.site.values import Archive, PlaybookRecord, Record

__all__ = ["GeneratedPage", "SiteOptions", "build_pages", "search_docs"]

INDEX = "incidents/index.md"
# Index pages: not searched (their rows are), no table of contents (record.html).
NOT_IN_SEARCH = {"search": {"exclude": True}, "template": RECORD_TEMPLATE, "hide": ["toc"]}


@dataclass(frozen=True)
class SiteOptions:
    internal: bool = False
    intro: str = ""  # the home page's opening Markdown (docs/index.md, maintainers' text)
    site_url: str = ""


def postmortem_shown(record: Record, internal: bool) -> bool:
    """A public build shows published postmortems only; an internal one shows every draft."""
    pm = record.postmortem
    return pm is not None and (internal or pm.status is PostmortemStatus.PUBLISHED)


def build_pages(archive: Archive, options: SiteOptions) -> list[GeneratedPage]:
    """Every generated page and feed file; ``archive`` must already be ``publishable``."""
    records = sorted(archive.records, key=lambda r: r.id, reverse=True)
    published = {r.id for r in records}
    playbook_ids = {p.slug for p in archive.playbooks}
    out: list[GeneratedPage] = []
    for record in records:
        out += pages_for(
            record, published, playbook_ids, postmortem_shown(record, options.internal)
        )
    out.append(index_page(INDEX, "All incidents", records, filters=True))
    out += _grouped(records, "by-year", "Incidents in {}", lambda r: [r.year])
    out += _grouped(records, "by-service", "Service history: {}", lambda r: r.incident.services)
    out += _grouped(
        records, "by-severity", "{} incidents", lambda r: [r.incident.severity or "none"]
    )
    out.append(
        GeneratedPage(
            "incidents/tags.md",
            front_matter("Incidents by tag", **NOT_IN_SEARCH)
            + "# Incidents by tag\n\n<!-- material/tags -->\n",
        )
    )
    out += [_playbook_page(p, records) for p in archive.playbooks]
    shown = [r for r in records if postmortem_shown(r, options.internal)]
    out.append(dashboards.home_page(options.intro, figures.headline(archive), records, shown))
    out.append(dashboards.action_items_page(figures.action_items(archive)))
    out.append(dashboards.metrics_page(figures.metrics(archive)))
    out.append(dashboards.status_page(records, archive.now))
    out.append(GeneratedPage("status.json", feeds.status_json(records, archive.now)))
    out.append(GeneratedPage("feed.xml", feeds.atom(shown, options.site_url, archive.now)))
    return out


def search_docs(archive: Archive, options: SiteOptions) -> list[dict[str, object]]:
    """One search document per published incident; ``archive`` must already be ``publishable``.

    A shown postmortem's recorded contributing factors join its incident's text.
    """
    out = []
    for record in sorted(archive.records, key=lambda r: r.id, reverse=True):
        pm = record.postmortem if postmortem_shown(record, options.internal) else None
        factors = [f"{f.category} {f.description}" for f in pm.contributing_factors] if pm else []
        location = rel("index.md", incident_path(record.id))
        out.append(search.incident_doc(record, location, factors))
    return out


def row(record: Record, here: str) -> list[str]:
    inc = record.incident
    return [
        link(rel(here, incident_path(inc.id)), inc.id),
        text(inc.title),
        badge("severity", inc.severity) if inc.severity else "",
        text(inc.type),
        badge("status", inc.status),
        text(", ".join(inc.services)),
        text(", ".join(inc.tags)),
        text(inc.started_at.date().isoformat() if inc.started_at else ""),
    ]


HEADERS = ["Id", "Title", "Severity", "Type", "Status", "Services", "Tags", "Started"]


def _attrs(record: Record) -> str:
    inc = record.incident
    values = {
        "year": record.year, "severity": inc.severity or "", "type": inc.type,
        "status": inc.status, "service": " ".join(inc.services), "tag": " ".join(inc.tags),
    }  # fmt: skip
    return " ".join(f'data-{k}="{text(v)}"' for k, v in values.items())


def index_page(
    path: str, title: str, records: list[Record], *, filters: bool = False, intro: str = ""
) -> GeneratedPage:
    """A table of incidents; with ``filters``, the controls archive.js sorts and filters with."""
    rows = [row(r, path) for r in records]
    grid = table(HEADERS, rows, cls="ia-table ia-incidents", row_attrs=[_attrs(r) for r in records])
    controls = _filters(records) if filters else ""
    body = [front_matter(title, **NOT_IN_SEARCH), f"# {text(title)}\n"]
    if intro:
        body.append(intro)
    body.append(block(f"<p>{len(records)} incidents.</p>", controls, grid))
    return GeneratedPage(path, "\n".join(body))


def _filters(records: list[Record]) -> str:
    keys: dict[str, set[str]] = defaultdict(set)
    for r in records:
        inc = r.incident
        keys["year"].add(r.year)
        keys["severity"].add(inc.severity or "")
        keys["type"].add(inc.type)
        keys["service"].update(inc.services)
        keys["status"].add(inc.status)
        keys["tag"].update(inc.tags)
    selects = []
    for key in ("year", "severity", "type", "service", "status", "tag"):
        options = "".join(
            f'<option value="{text(v)}">{text(v)}</option>' for v in sorted(keys[key]) if v
        )
        select = f'<select data-filter="{key}"><option value="">all</option>{options}</select>'
        selects.append(f"<label>{key.capitalize()} {select}</label>")
    return (
        '<div class="ia-filters" role="search" aria-label="Filter incidents">'
        + "".join(selects)
        + '<output class="ia-count" aria-live="polite"></output></div>'
    )


def _grouped(
    records: list[Record], folder: str, title: str, keys: Callable[[Record], list[str]]
) -> list[GeneratedPage]:
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        for key in keys(r):
            groups[key].append(r)
    pages = [
        index_page(f"incidents/{folder}/{k}.md", title.format(k), v)
        for k, v in sorted(groups.items())
    ]
    links = "".join(
        f"<li>{link(f'{k}.html', k)} ({len(v)})</li>" for k, v in sorted(groups.items())
    )
    label = folder.replace("-", " ")
    pages.append(
        GeneratedPage(
            f"incidents/{folder}/index.md",
            front_matter(f"Incidents {label}", **NOT_IN_SEARCH)
            + f"# Incidents {text(label)}\n\n"
            + block(f"<ul>{links}</ul>"),
        )
    )
    return pages


def _playbook_page(pb: PlaybookRecord, records: list[Record]) -> GeneratedPage:
    """A playbook, sanitized like a postmortem, with the incidents that used it."""
    path = playbook_path(pb.slug)
    users = [r for r in records if pb.slug in r.incident.relations.playbooks_used]
    meta = front_matter(pb.playbook.title, status=pb.playbook.status.value)
    dropped: list[str] = []
    body = markdown_body(pb.body, dropped=dropped)
    used = [link(rel(path, incident_path(r.id)), page_title(r.incident)) for r in users]
    tail = "## Incidents that used this playbook\n\n" + block(
        "<ul>" + "".join(f"<li>{u}</li>" for u in used) + "</ul>" if used else "<p>None yet.</p>"
    )
    return GeneratedPage(path, f"{meta}{body}\n\n{tail}", outside_images(path, dropped))


__all__ += ["postmortem_path", "service_path"]
