"""The archive as the site sees it: plain, validated values, nothing MkDocs or I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from incidentctl.models.incident import Incident, Visibility
from incidentctl.models.playbook import Playbook
from incidentctl.models.postmortem import Postmortem
from incidentctl.report import IncidentFacts, ReportPolicy


@dataclass(frozen=True)
class Record:
    """One incident that validated, with what the policy says about it.

    ``phase`` is its state's lifecycle phase; ``ongoing`` whether that phase is one of its
    lifecycle's first two (detecting and responding: Detect and Respond for outages,
    Detection and analysis and Containment for security) in a state that is not terminal.
    ``assets`` are the image file names under its ``assets/``.
    """

    incident: Incident
    visibility: Visibility
    phase: str = ""
    ongoing: bool = False
    postmortem: Postmortem | None = None
    postmortem_body: str | None = None
    assets: tuple[str, ...] = ()
    facts: IncidentFacts | None = None  # what the report computations read of it

    @property
    def id(self) -> str:
        return self.incident.id

    @property
    def year(self) -> str:
        return self.id.split("-")[1]


@dataclass(frozen=True)
class PlaybookRecord:
    slug: str
    playbook: Playbook
    body: str


@dataclass(frozen=True)
class Withheld:
    """What still names a record that failed: the ids a link could use, its title if it read.

    ``restricted``: its visibility reads as restricted, or could not be read at all.
    """

    ids: tuple[str, ...] = ()
    title: str = ""
    restricted: bool = True


@dataclass(frozen=True)
class Rejected:
    """A record left out of the site, and why (the validator's first error lines).

    ``withheld`` is set for an incident record (not for a playbook).
    """

    path: str
    reasons: tuple[str, ...]
    withheld: Withheld | None = None


@dataclass(frozen=True)
class Archive:
    records: list[Record]
    playbooks: list[PlaybookRecord] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    report_policy: ReportPolicy | None = None  # None: no figures (the pages say so)
    timezone: str = "UTC"  # days, months and quarters of the figures


def publishable(archive: Archive, internal: bool) -> Archive:
    """Only what this build may publish: public, plus internal for an internal build.

    Restricted records never pass, whatever the build. Every page, feed and chart is made
    from the result, so nothing downstream has to remember the rule.
    """
    allowed = {Visibility.PUBLIC, Visibility.INTERNAL} if internal else {Visibility.PUBLIC}
    kept = [r for r in archive.records if r.visibility in allowed]
    return dataclasses.replace(archive, records=kept)


# A title names a record only when it is distinctive: "Outage" is on every page.
MIN_TITLE_WORDS, MIN_TITLE_CHARS = 3, 16


def forbidden(archive: Archive, shown: Archive) -> frozenset[str]:
    """What no output file may contain: every id this build does not publish, and titles.

    Ids: every record left out by visibility (``shown`` is ``publishable(archive, ...)``) and
    every record that failed, by its folder and its own id. Titles: those of restricted
    records and of failed ones whose visibility is restricted or could not be read, when
    distinctive enough to search for (``MIN_TITLE_WORDS`` words, ``MIN_TITLE_CHARS``).
    """
    published = {r.id for r in shown.records}
    out = {r.id for r in archive.records if r.id not in published}
    titles = [r.incident.title for r in archive.records if r.visibility is Visibility.RESTRICTED]
    for rejected in archive.rejected:
        held = rejected.withheld
        if held is not None:
            out.update(i for i in held.ids if i not in published)
            titles += [held.title] if held.restricted else []
    out.update(t for t in titles if _distinctive(t))
    return frozenset(out)


def _distinctive(title: str) -> bool:
    words = title.split()
    return len(words) >= MIN_TITLE_WORDS and len(" ".join(words)) >= MIN_TITLE_CHARS
