"""How alerts become incidents (``schemas/alerts.yaml``): which labels name a service or a region.

Severities are not here: an alert's ``severity`` label (or PagerDuty's priority) goes through
``vocabularies.yaml`` like every other foreign name (``Policy.translate``).
"""

from __future__ import annotations

from pydantic import Field

from incidentctl.models.base import Name, SchemaVersion, Slug, StrictModel
from incidentctl.models.vocab import Severity


class AlertRouting(StrictModel):
    """``schemas/alerts.yaml``: what ``incidentctl declare --from-alert`` opens, and how."""

    schema_version: SchemaVersion
    type: Slug = Field("outage", description="The incident type an alert opens.")
    service_labels: list[Name] = Field(
        ["service", "app", "job"], description="Labels whose value names a service, in order."
    )
    services: dict[Name, Slug] = Field(
        {}, description="A label value (or PagerDuty service name) -> a catalog service."
    )
    region_labels: list[Name] = Field(
        ["region", "zone", "availability_zone", "cluster"],
        description="Labels whose value names a region or zone: the record's impact.regions.",
    )
    regions: dict[Name, Slug] = Field(
        {}, description="A region label's value -> the region name records use."
    )
    default_severity: Severity | None = Field(
        None, description="When the alert's severity maps to none (vocabularies.yaml)."
    )
    move_on_resolved: Slug | None = Field(
        None,
        description="Move the incident to this state when every alert of its group has "
        "resolved, where the lifecycle allows it and its guards pass (else only advise).",
    )
