"""Two branches that opened the same incident id: found by ``check`` against the base branch.

A folder the change adds (absent at the merge base) that the base branch has also added
since is a clash: merged, one incident would overwrite the other. The finding names the
next id free on both sides and the command that moves this branch's incident there.
"""

from __future__ import annotations

from incidentctl.config import Settings
from incidentctl.findings import Finding
from incidentctl.history.git import GitRepo
from incidentctl.load.documents import Unit
from incidentctl.rules.context import finding
from incidentctl.runs.allocate import next_id


def id_clashes(
    repo: GitRepo,
    units: list[tuple[Unit, Unit]],
    revs: tuple[str, str, str],
    base_name: str,
    settings: Settings,
) -> list[Finding]:
    """``incident.id-clash`` for each incident this change opens that the base also opened."""
    base, merge_base, head = revs
    opened = [new for old, new in units if not old.has_incident_file and new.has_incident_file]
    if base == merge_base or not opened:
        return []
    theirs = set(repo.children(base, settings.incidents_dir))
    taken = theirs | set(repo.children(head, settings.incidents_dir))
    out = []
    for unit in opened:
        if unit.folder not in theirs or not repo.tree(base, [unit.incident_path]):
            continue
        year = unit.folder.split("-")[-2]
        free = next_id(settings.id_prefix, int(year), taken)
        taken.add(free)
        pos = unit.incident.loaded.value_pos(("id",)) if unit.incident else (1, 1)
        msg = (
            f"{unit.folder} was also opened on {base_name} since this branch started; renumber "
            f"this one: incidentctl renumber {unit.folder} {free}"
        )
        out.append(finding(unit.incident_path, pos, "incident.id-clash", msg))
    return out
