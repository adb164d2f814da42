"""Where an imported record came from: the source, when and by whom it was brought in (pure).

Why it matters to the rules: an imported record holds only what its source knew. Rules that
ask for facts a 2017 write-up never had (an owner and due date on an old action item, a
``completed_at``, an action type) warn on such a record instead of forcing invented values.
"""

from __future__ import annotations

from pydantic import Field

from incidentctl.models.base import Line, Name, Person, StrictModel, Text, Timestamp


class Imported(StrictModel):
    source: Line = Field(description="Where the record was taken from: a URL, a file, a tool.")
    format: Name | None = Field(None, description="e.g. 'Google SRE postmortem', 'PagerDuty'.")
    at: Timestamp = Field(description="When it was imported.")
    by: Person
    notes: Text | None = Field(None, description="What was left out or could not be known.")
