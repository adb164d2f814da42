"""Naming a new incident (pure): the next free id of a year, and its chat channel's name.

Why the highest number plus one, not the first gap: a gap is usually an incident on another
branch or one that was renumbered away, and reusing it invites exactly the clash ``check``
reports (``incident.id-clash``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

CHANNEL_MAX = 80  # Slack's limit for a channel name, the tightest of the common chat tools


def next_id(prefix: str, year: int, taken: Iterable[str]) -> str:
    """``INC-2026-0007`` after ``INC-2026-0006``; four digits, more only past 9999."""
    pattern = re.compile(rf"^{re.escape(prefix)}-{year:04d}-([0-9]{{4,6}})\Z")
    numbers = [int(m.group(1)) for t in taken if (m := pattern.match(t))]
    return f"{prefix}-{year:04d}-{max(numbers, default=0) + 1:04d}"


def channel_name(incident_id: str, title: str) -> str:
    """``#inc-2026-0007-checkout-502s``: lower-case ASCII, hyphens, at most 80 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    name = f"{incident_id.lower()}-{words}" if words else incident_id.lower()
    return "#" + name[: CHANNEL_MAX - 1].rstrip("-")
