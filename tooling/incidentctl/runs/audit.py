"""``audit``: replay the first-parent history and report every change ``check`` would refuse.

One ``git log --raw`` gives the plan (``history.plan``); blobs come through ``cat-file --batch``;
each folder then replays on its own, each of its versions parsed once (its "after" is the
next commit's "before"). On a long history the folders are shared out to worker processes,
each with its own ``cat-file``; the results are merged back in commit order. A whole-history
audit replays only the commits its cache (``runs.audit_cache``) does not know.

The replay itself (the evaluator and its workers) is ``runs.replay``; the cache's logic is
in ``audit_cache``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from incidentctl.config import PYPROJECT, Settings
from incidentctl.findings import Finding, sort_findings
from incidentctl.history.git import GitRepo, open_repo
from incidentctl.history.plan import Plan, Planner, Version
from incidentctl.history.results import AuditResult, Refusal, TrailRow, acknowledge, trail_row
from incidentctl.load.documents import IncidentDoc
from incidentctl.runs.audit_cache import AuditCache, CommitEntry, known_commits, policy_digest
from incidentctl.runs.judges import settings_at
from incidentctl.runs.replay import Evaluator, Progress, replay


def plan_audit(
    repo: GitRepo,
    settings: Settings,
    head: str,
    since: str | None,
    paths: list[str] | None = None,
    first_parent: bool = True,
    resumed: bool = False,
) -> Plan:
    """The plan of ``since..head`` over ``paths`` (default: the whole archive and its policy).

    ``resumed``: ``since`` ends a replay that had commits (see ``Planner``).
    """
    paths = paths or archive_paths(settings)
    entries = repo.tree(since, paths) if since else {}
    files = {p: (e.mode, e.sha) for p, e in entries.items()}
    planner = Planner(settings, files, resumed)
    for commit in repo.log(head, since, paths, first_parent=first_parent):
        planner.add(commit)
    return planner.plan


def archive_paths(settings: Settings) -> list[str]:
    """What the audit replays: the archive, its policy, and the settings that judge it."""
    return [settings.incidents_dir, settings.playbooks_dir, settings.policy_dir, PYPROJECT]


def run_audit(
    root: Path,
    settings: Settings | None = None,
    since: str | None = None,
    head: str = "HEAD",
    jobs: int = 0,
    progress: Callable[[int], Progress | None] | None = None,
    use_cache: bool = True,
) -> AuditResult:
    """Replay ``since..head``; ``jobs=0`` picks serial or parallel by the history's size.

    ``settings``: those committed at ``head`` when None (what the CLI passes); each commit's
    rules then run under the ``[tool.incidentctl]`` in force before it and its own, as its
    policy files do (``Evaluator.settings_of``).

    A whole-history audit (no ``since``) keeps what each commit was proven to add in the audit
    cache (``runs.audit_cache``) and replays only the commits it does not know.
    ``progress`` is given the number of folder steps and may return a callback to advance.
    """
    with open_repo(root) as repo:
        head_sha = repo.resolve(head)
        since_sha = repo.resolve(since) if since else None
        # as committed at the head, never the working tree's: an uncommitted edit of
        # pyproject.toml must not change what the history is judged by
        settings = settings or settings_at(repo, head_sha, head)
        paths = archive_paths(settings)
        cache = (
            AuditCache.open(root, settings.to_json(), paths) if use_cache and not since else None
        )
        kept: list[CommitEntry] = []  # the cached history before this plan's first commit
        if cache and cache.head and repo.on_first_parent_line(cache.head, head_sha):
            kept = cache.commits
            plan = plan_audit(repo, settings, head_sha, cache.head, resumed=bool(kept))
        else:
            plan = plan_audit(repo, settings, head_sha, since_sha)
        known = known_commits(plan, cache.by_sha() if cache and not kept else {})
        todo = plan.without(set(known))
        plan.steps.clear()  # only todo's are replayed, and a parallel replay lets go of them
        tick = progress(todo.step_count) if progress else None
        by_commit: dict[int, list[tuple[str, list[Finding]]]] = {}
        # the folders first: no cat-file process of this one exists yet when workers fork
        for batch in replay(root, repo, todo, settings, jobs, tick):
            for n, folder, found in batch:
                by_commit.setdefault(n, []).append((folder, found))
        evaluator = Evaluator(repo.blob, todo, settings)
        playbooks = evaluator.playbooks()
        baseline = evaluator.policy(len(plan.policies) - 1).baseline  # as committed at head
    entries = list(kept)
    for n, commit in enumerate(plan.commits):
        if n in known:
            entries.append(known[n])
            continue
        # in check's order (by place, then rule), so the two commands list a change alike
        found = sort_findings(
            [f for _, fs in by_commit.get(n, []) for f in fs]
            + playbooks.get(n, [])
            + plan.entries.get(n, [])
        )
        policy = policy_digest(*plan.policies_in_force(n))
        entries.append(
            CommitEntry(
                commit.sha,
                policy,
                commit.author,
                commit.committed_at,
                tuple(found),
            )
        )
    if cache:
        cache.save(head_sha, entries)
    result = AuditResult(commits=len(entries))
    for e in entries:
        result.refusals += [Refusal(f, e.sha, e.author, e.committed_at) for f in e.findings]
    return acknowledge(result, baseline)


def incident_trail(
    root: Path, settings: Settings, incident_id: str, head: str = "HEAD"
) -> list[TrailRow]:
    """The git-derived audit trail of one incident's status."""
    with open_repo(root) as repo:
        folder_path = f"{settings.incidents_dir}/{incident_id}"
        # every commit that touched it, merged branches included (the gate is first-parent)
        plan = plan_audit(repo, settings, repo.resolve(head), None, [folder_path], False)
        evaluator = Evaluator(repo.blob, plan, settings)
        docs: dict[Version, IncidentDoc | None] = {}  # a step's "after" is the next "before"

        def doc(version: Version) -> IncidentDoc | None:
            if version not in docs:
                docs[version] = evaluator.load(incident_id, version)[0].incident
            return docs[version]

        rows = []
        for step in plan.steps.get(incident_id, []):
            old, new = doc(step.before), doc(step.after)
            rows.append(trail_row(plan.commits[step.ordinal], old, new))
    return rows


__all__ = ["AuditResult", "Refusal", "TrailRow", "incident_trail", "run_audit"]
