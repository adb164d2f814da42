"""The names a record takes from the policy's scales: severities and priorities (pure).

Their form only; which names exist is the policy's (``ref.unknown-severity``,
``ref.unknown-priority``), so PagerDuty's ``P1``-``P5`` and ``SEV-1`` are both valid forms.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

Severity = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,16}$")]
Priority = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,16}$")]
