"""THE SEAM to the report computations (``incidentctl.report``, issue #14): one function per page.

Each takes the archive this build publishes (restricted records already gone, so no figure
can count one) and returns the plain values its page draws, or None while the computations
are not wired in; the page then says so. Wire each to ``incidentctl.report`` at merge; the
pages (``dashboards``) and charts (``charts``) need nothing else.
"""

from __future__ import annotations

from incidentctl.site.dashboards import ActionItemsData, Headline, MetricsData
from incidentctl.site.values import Archive


def headline(archive: Archive) -> Headline | None:
    """Home: incidents this quarter, median time to resolve, overdue priority actions."""
    del archive  # wired to incidentctl.report at merge (#14)
    return None


def action_items(archive: Archive) -> ActionItemsData | None:
    """The action-items dashboard: rows (open and overdue flagged), counts by owner and team."""
    del archive  # wired to incidentctl.report at merge (#14)
    return None


def metrics(archive: Archive) -> MetricsData | None:
    """Metrics: incidents per month by severity, time-to-resolve distribution, factors."""
    del archive  # wired to incidentctl.report at merge (#14)
    return None
