"""Which sections a postmortem needs, and which headings count as each (pure).

Why aliases: real templates name one section differently ("Root causes", "Five whys",
"Contributing factors"; "What didn't go so well?", "What went wrong"), and a team bringing
its own template should not have to rename its headings to pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidentctl.models.policy import PostmortemPolicy, SectionEntry, SectionRequirement


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def headings(self) -> tuple[str, ...]:
        """Every heading that counts as this section, its own name first."""
        return (self.name, *self.aliases)


def _requirement(entry: SectionEntry) -> SectionRequirement:
    return entry if isinstance(entry, SectionRequirement) else SectionRequirement(name=entry)


def sections_for(
    policy: PostmortemPolicy, incident_type: str | None, severity: str | None
) -> list[Section]:
    """The type's own list (else the general one), less sections meant for other severities."""
    entries = policy.sections_by_type.get(incident_type or "", policy.required_sections)
    out = []
    for req in map(_requirement, entries):
        if req.severities and severity not in req.severities:
            continue
        out.append(Section(req.name, tuple(req.aliases)))
    return out
