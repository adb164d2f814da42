"""``history.plan.Planner``: when incident folders and playbooks exist, played over a log.

A folder exists while any of its files does; a playbook from its addition to its deletion or
rename. Each commit below makes one move; the spans are ``[first ordinal, end ordinal)``, and
``-1`` is the tree the history starts from.
"""

from __future__ import annotations

from incidentctl.config import Settings
from incidentctl.history.git import ChangedFile, ChangeType, Commit
from incidentctl.history.plan import NEVER, AliveAt, Planner

REC = "incidents/INC-2026-0001/incident.yaml"
PM = "incidents/INC-2026-0001/postmortem.md"
BOOK = "docs/playbooks/db.md"


def commit(*changes: tuple[ChangeType, str, str | None, str | None, str | None]) -> Commit:
    files = tuple(
        ChangedFile(path, kind, old_path, None, blob, mode)
        for kind, path, old_path, blob, mode in changes
    )
    return Commit("0" * 40, "Alice", "alice@example.com", "2026-03-01T10:00:00+00:00", "s", files)


def test_folder_and_playbook_lifetimes() -> None:
    planner = Planner(
        Settings(),
        {REC: ("100644", "a1"), PM: ("100644", "a2"), BOOK: ("100644", "p1")},
    )
    for c in [
        commit(("D", REC, None, None, None)),  # 0: the postmortem keeps the folder alive
        commit(("D", PM, None, None, None)),  # 1: the folder is gone
        commit(("A", REC, None, "a3", None)),  # 2: back, with the default mode
        commit(("M", REC, None, "a4", "100644")),  # 3: an edit neither ends nor starts it
        commit(("R", "docs/playbooks/db2.md", BOOK, "p1", "100644")),  # 4: renamed
        commit(("C", "docs/playbooks/db3.md", "docs/playbooks/db2.md", "p1", "100644")),  # 5
        commit(("D", "incidents/INC-2026-0002/incident.yaml", None, None, None)),  # 6: unknown
        commit(("A", "incidents/notes/todo.yaml", None, "n1", "100644")),  # 7: not an id
        commit(("D", REC, None, None, None)),  # 8: gone again
    ]:
        planner.add(c)
        if len(planner.plan.commits) == 1:
            # after 0: one file is left, so the folder still exists
            assert planner.plan.folder_spans == {"INC-2026-0001": [[-1, NEVER]]}
            assert planner.folders["INC-2026-0001"] == 1
    assert planner.plan.folder_spans == {"INC-2026-0001": [[-1, 1], [2, 8]]}
    assert planner.plan.playbook_spans == {
        "db": [[-1, 4]],
        "db2": [[4, NEVER]],
        "db3": [[5, NEVER]],
    }
    assert "docs/playbooks/db2.md" in planner.files  # a copy keeps its source
    assert planner.files["docs/playbooks/db3.md"] == ("100644", "p1")


def test_a_file_added_without_a_mode_gets_the_regular_file_mode() -> None:
    planner = Planner(Settings(), {})
    planner.add(commit(("A", REC, None, "a1", None)))
    assert planner.files[REC] == ("100644", "a1")
    assert planner.plan.folder_spans == {"INC-2026-0001": [[0, NEVER]]}


POLICY = "schemas/severities.yaml"


def epochs(planner: Planner) -> list[tuple[int, int, int]]:
    return [(s.ordinal, s.epoch, s.prior) for s in planner.plan.steps["INC-2026-0001"]]


def test_a_commit_is_judged_by_the_policy_before_it_and_its_own() -> None:
    planner = Planner(Settings(), {REC: ("100644", "a1"), POLICY: ("100644", "s1")})
    planner.add(commit(("M", REC, None, "a2", "100644")))  # 0: policy epoch 0 throughout
    planner.add(commit(("M", POLICY, None, "s2", "100644"), ("M", REC, None, "a3", "100644")))
    planner.add(commit(("M", REC, None, "a4", "100644")))  # 2: under the new policy only
    assert epochs(planner) == [(0, 0, 0), (1, 1, 0), (2, 1, 1)]
    assert [s.epochs for s in planner.plan.steps["INC-2026-0001"]] == [(0,), (0, 1), (1,)]
    assert planner.plan.policies == [{POLICY: ("100644", "s1")}, {POLICY: ("100644", "s2")}]


def test_the_first_commit_of_a_history_has_no_prior_policy() -> None:
    planner = Planner(Settings(), {})
    planner.add(commit(("A", POLICY, None, "s1", "100644"), ("A", REC, None, "a1", "100644")))
    planner.add(commit(("M", POLICY, None, "s2", "100644"), ("M", REC, None, "a2", "100644")))
    # commit 0 starts the history: its own policy (epoch 1) is the only one; commit 1 is judged
    # by the policy before it (1) and its own (2)
    assert epochs(planner) == [(0, 1, 1), (1, 2, 1)]


def test_a_history_from_a_tree_keeps_the_tree_policy_as_the_first_prior() -> None:
    planner = Planner(Settings(), {POLICY: ("100644", "s1")})
    planner.add(commit(("M", POLICY, None, "s2", "100644"), ("A", REC, None, "a1", "100644")))
    assert epochs(planner) == [(0, 1, 0)]


def test_alive_at_answers_only_for_names() -> None:
    at = AliveAt({"INC-2026-0001": [[-1, 2]]}, 0)
    assert "INC-2026-0001" in at
    assert "INC-2026-0002" not in at
    unhashable: object = ["INC-2026-0001"]
    assert unhashable not in at  # a value that is no name is absent, not an error
    assert "INC-2026-0001" not in AliveAt({"INC-2026-0001": [[-1, 2]]}, 2)
