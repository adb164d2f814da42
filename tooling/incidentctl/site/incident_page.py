"""An incident's page and its postmortem's page (pure): Record in, GeneratedPage out."""

from __future__ import annotations

from incidentctl.models.incident import Incident, TimelineType
from incidentctl.site.markup import (
    RECORD_TEMPLATE,
    GeneratedPage,
    badge,
    block,
    duration,
    front_matter,
    link,
    rel,
    table,
    when,
)
from incidentctl.site.sanitize import markdown_body, outside_images, paragraphs, text
from incidentctl.site.values import Record

# Incident pages are searched through their own document (``search.incident_doc``), not the
# page Material's search plugin would index; NO_INDEX keeps these sections out should a page
# ever be indexed again (attr_list).
NOT_INDEXED = {"exclude": True}
NO_INDEX = "{ data-search-exclude }"
SHOWN_IN_TIMELINE = frozenset(TimelineType) - {TimelineType.ROLE_CHANGE}


def incident_path(incident_id: str) -> str:
    return f"incidents/{incident_id}/index.md"


def postmortem_path(incident_id: str) -> str:
    return f"incidents/{incident_id}/postmortem.md"


def service_path(service: str) -> str:
    return f"incidents/by-service/{service}.md"


def playbook_path(slug: str) -> str:
    return f"playbooks/{slug}.md"


def page_title(inc: Incident) -> str:
    return f"{inc.id}: {inc.title}"


def header(record: Record, here: str) -> str:
    """The badges and facts every page of an incident starts with."""
    inc = record.incident
    badges = [badge("status", inc.status)]
    if inc.severity:
        badges.insert(0, badge("severity", inc.severity))
    badges.append(badge("type", inc.type))
    if record.visibility.value != "public":
        badges.append(badge("visibility", record.visibility.value))
    services = ", ".join(link(rel(here, service_path(s)), s) for s in inc.services)
    facts = [("Services", services or "none recorded"), ("Started", text(when(inc.started_at)))]
    if inc.roles:
        roles = ", ".join(f"{text(r.replace('_', ' '))}: {text(p)}" for r, p in inc.roles.items())
        facts.append(("Roles", roles))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts if v)
    return block(f'<p class="ia-badges">{" ".join(badges)}</p><dl class="ia-facts">{dl}</dl>')


def incident_page(record: Record, published: set[str], playbooks: set[str], pm: bool) -> str:
    """The Markdown of an incident's page. ``published``: ids this build publishes."""
    inc = record.incident
    here = incident_path(inc.id)
    meta = front_matter(
        page_title(inc),
        tags=inc.tags or None,
        template=RECORD_TEMPLATE,
        search=NOT_INDEXED,
        hide=["toc"],  # a few short sections; the slim chrome of record.html (#15)
    )
    out = [meta, f"# {text(page_title(inc))}\n"]
    out.append(header(record, here))
    if inc.summary:
        out += ["## Summary\n", block(paragraphs(inc.summary))]
    if inc.impact:
        out += ["## Impact\n", block(_impact(inc))]
    if pm:
        out.append(
            block(f"<p>{link(rel(here, postmortem_path(inc.id)), 'Read the postmortem')}</p>")
        )
    if inc.timeline:
        out += [f"## Timeline {NO_INDEX}\n", block(_states(inc), _timeline(inc), search=False)]
    if inc.updates:
        out += [f"## Stakeholder updates {NO_INDEX}\n", block(_updates(inc), search=False)]
    if inc.action_items:
        out += [f"## Action items {NO_INDEX}\n", block(_actions(inc), search=False)]
    out += _relations(inc, here, published, playbooks)
    return "\n".join(out)


def _impact(inc: Incident) -> str:
    imp = inc.impact
    assert imp is not None
    parts = [paragraphs(imp.description)] if imp.description else []
    facts = []
    if imp.customers_affected is not None:
        facts.append(f"Customers affected: {imp.customers_affected:,}")
    if imp.regions:
        facts.append("Regions: " + ", ".join(imp.regions))
    if imp.slo_breached is not None:
        facts.append("SLO breached: " + ("yes" if imp.slo_breached else "no"))
    if facts:
        parts.append("<ul>" + "".join(f"<li>{text(f)}</li>" for f in facts) + "</ul>")
    return "".join(parts)


def _states(inc: Incident) -> str:
    """Time in each state: from one status change to the next (the last one is still running)."""
    changes = [e for _, e in inc.status_changes()]
    rows = []
    for i, entry in enumerate(changes):
        nxt = changes[i + 1].at if i + 1 < len(changes) else None
        spent = duration((nxt - entry.at).total_seconds()) if nxt else "current"
        rows.append([badge("status", entry.status or ""), text(when(entry.at)), text(spent)])
    if not rows:
        return ""
    return "<h3>Time in each state</h3>" + table(["State", "Entered", "Time in state"], rows)


def _timeline(inc: Incident) -> str:
    items = []
    for e in sorted(inc.timeline, key=lambda e: e.at):
        if e.type not in SHOWN_IN_TIMELINE:
            continue
        label = f"status → {e.status}" if e.status else e.type.value.replace("_", " ")
        by = f" · {text(e.by)}" if e.by else ""
        body = f"<p>{text(e.text)}</p>" if e.text else ""
        items.append(
            f'<li class="ia-event ia-event-{e.type.value}"><time datetime="{e.at.isoformat()}">'
            f"{text(when(e.at))}</time> <strong>{text(label)}</strong>{by}{body}</li>"
        )
    return '<h3>Events</h3><ol class="ia-timeline">' + "".join(items) + "</ol>"


def _updates(inc: Incident) -> str:
    items = [
        f"<li><time>{text(when(u.at))}</time> · {text(u.audience.value)} via {text(u.channel)}"
        f"{paragraphs(u.text)}</li>"
        for u in sorted(inc.updates, key=lambda u: u.at)
    ]
    return '<ul class="ia-updates">' + "".join(items) + "</ul>"


def _actions(inc: Incident) -> str:
    rows = [
        [
            text(a.id), text(a.title), text(a.owner or ""), text(a.team or ""),
            text(a.priority or ""), text(a.due.isoformat() if a.due else ""),
            badge("action", a.status.value),
        ]
        for a in inc.action_items
    ]  # fmt: skip
    return table(["Id", "Action", "Owner", "Team", "Priority", "Due", "State"], rows)


def _relations(inc: Incident, here: str, published: set[str], playbooks: set[str]) -> list[str]:
    """Links to related incidents and playbooks this build publishes; the others are not named."""
    rel_ids = [i for i in [inc.relations.duplicate_of, *inc.relations.related] if i]
    related = [link(rel(here, incident_path(i)), i) for i in rel_ids if i in published]
    used = [
        link(rel(here, playbook_path(p)), p) for p in inc.relations.playbooks_used if p in playbooks
    ]
    out = []
    if related:
        out += [
            f"## Related incidents {NO_INDEX}\n",
            block("<ul>" + "".join(f"<li>{r}</li>" for r in related) + "</ul>"),
        ]
    if used:
        out += [
            f"## Playbooks used {NO_INDEX}\n",
            block("<ul>" + "".join(f"<li>{u}</li>" for u in used) + "</ul>"),
        ]
    return out


def postmortem_page(record: Record, dropped: list[str] | None = None) -> str:
    """The postmortem under its incident's header; its Markdown sanitized, headings shifted.

    ``dropped`` gets the URL of each image from outside the site left out of its body.
    """
    inc, pm = record.incident, record.postmortem
    assert pm is not None
    here = postmortem_path(inc.id)
    title = f"Postmortem: {page_title(inc)}"
    meta = sorted({*inc.tags, *pm.tags}) or None
    out = [front_matter(title, tags=meta, template=RECORD_TEMPLATE), f"# {text(title)}\n"]
    out.append(header(record, here))
    facts = [f"Status: {pm.status.value}", f"Owner: {pm.owner or 'not known'}"]
    if pm.published_at:
        facts.append(f"Published: {when(pm.published_at)}")
    back = link(rel(here, incident_path(inc.id)), f"The incident record of {inc.id}")
    out.append(block(f"<p>{text(' · '.join(facts))} · {back}</p>"))
    if pm.contributing_factors:
        items = "".join(
            f"<li><strong>{text(f.category)}</strong>: {text(f.description)}</li>"
            for f in pm.contributing_factors
        )
        out += ["## Contributing factors (recorded)\n", block(f"<ul>{items}</ul>")]
    out.append(markdown_body(record.postmortem_body or "", shift=1, dropped=dropped))
    return "\n".join(out)


def pages_for(
    record: Record, published: set[str], playbooks: set[str], with_pm: bool
) -> list[GeneratedPage]:
    pm = with_pm and record.postmortem is not None
    out = [GeneratedPage(incident_path(record.id), incident_page(record, published, playbooks, pm))]
    if pm:
        path, dropped = postmortem_path(record.id), list[str]()
        markdown = postmortem_page(record, dropped)
        out.append(GeneratedPage(path, markdown, outside_images(path, dropped)))
    return out
