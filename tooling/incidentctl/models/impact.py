"""What an incident did, as measured: the outage window and quantified effects (pure).

Why apart from the incident's own times: the outage (``impact.started_at`` / ``ended_at``) is
not the incident (opened later, closed after the postmortem), and a count of customers is one
measure among many ("queries lost 1.21e9", "webhooks delayed 5000000", a data-loss window).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from incidentctl.models.base import (
    DIGITS_ONLY,
    Line,
    Name,
    Number,
    Slug,
    StrictBool,
    StrictModel,
    Text,
    Timestamp,
)


class Bound(StrEnum):
    """How a stated figure bounds the true one: "at least 5000", "fewer than 5"."""

    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"


class Effect(StrictModel):
    """One measured effect: a quantity, or a window of time (data written and lost)."""

    name: Name = Field(description="What was measured, e.g. 'queries lost'.")
    value: Number | None = None
    unit: Name | None = Field(None, description="e.g. 'queries', 'webhooks', '%', 'GB'.")
    approximate: StrictBool = Field(False, description="The value is an estimate.")
    bound: Bound | None = Field(None, description="The value is a bound, not the figure.")
    started_at: Timestamp | None = None
    ended_at: Timestamp | None = None
    description: Text | None = None
    source: Line | None = Field(None, description="Where the figure comes from.")

    @model_validator(mode="after")
    def _says_something(self) -> Effect:
        if self.value is None and self.started_at is None and self.ended_at is None:
            raise PydanticCustomError(
                "schema.missing-field",
                "an effect needs a value (with its unit) or a window (started_at, ended_at)",
            )
        return self


class Impact(StrictModel):
    description: Text | None = None
    customers_affected: Annotated[int, Field(ge=0), DIGITS_ONLY] | None = None
    regions: list[Slug] = []
    slo_breached: StrictBool | None = None
    started_at: Timestamp | None = Field(None, description="When the impact began (the outage).")
    ended_at: Timestamp | None = Field(None, description="When the impact ended.")
    effects: list[Effect] = Field([], description="Measured effects: name, value, unit.")
