"""The records a change leaves naming a playbook it removes: ``check`` loads them too.

A pull request that deletes or renames a playbook touches no incident, yet every record that
names it now fails ``ref.unknown-playbook``. ``validate`` sees that on the whole archive;
``check`` judges only what a change touches, so it asks git which records at head hold the
playbook's name (one ``git grep``, no parsing) and judges those folders as touched.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from incidentctl.config import Settings
from incidentctl.history.git import ChangedFile, GitRepo
from incidentctl.load.discovery import FOLDER_ID, folder_of, is_playbook_path


def removed_playbooks(changes: list[ChangedFile], settings: Settings) -> set[str]:
    """The playbook ids (file stems) whose file the change deletes or renames away."""
    gone = set()
    for c in changes:
        old = c.path if c.change == "D" else c.old_path if c.change == "R" else None
        if old is not None and is_playbook_path(old, settings.playbooks_dir):
            gone.add(PurePosixPath(old).stem)
    return gone


def folders_naming_removed(
    repo: GitRepo, changes: list[ChangedFile], settings: Settings, head: str
) -> set[str]:
    """Incident folders at ``head`` that may name a playbook the change removed."""
    gone = removed_playbooks(changes, settings)
    if not gone:
        return set()
    names = repo.children(head, settings.playbooks_dir)
    stems = {  # playbooks only: credential-leak.txt or a folder credential-leak/ is none
        PurePosixPath(n).stem
        for n in names
        if is_playbook_path(f"{settings.playbooks_dir}/{n}", settings.playbooks_dir)
    }
    gone -= stems  # renamed within the folder under the same name, or added back
    # a YAML escape ("credential\x2dleak") spells a name with a backslash: such records are
    # judged too (an escape is the only way to write a name with other characters)
    paths = repo.files_naming(head, [*sorted(gone), "\\"], settings.incidents_dir)
    folders = {folder_of(p, settings.incidents_dir) for p in paths}
    return {f for f in folders if f is not None and FOLDER_ID.match(f)}
