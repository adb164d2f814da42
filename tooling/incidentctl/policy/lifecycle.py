"""The lifecycle state machine: pure functions over a ``Lifecycle`` (no I/O).

Vocabulary: an *edge* is an allowed move ``a -> b``, maybe with a *guard*; a *path* is the
sequence of states an incident's ``status_change`` entries record, starting from an initial state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from incidentctl.models.policy import Guard, Lifecycle, Transition
from incidentctl.models.postmortem import PostmortemStatus
from incidentctl.suggest import did_you_mean

GuardCheck = Callable[[Guard], bool]
# What each guard asks, as the end of "allowed only when ...".
GUARD_WORDS = {
    Guard.POSTMORTEM_NOT_REQUIRED: "no postmortem is required",
    Guard.POSTMORTEM_REQUIRED: "a postmortem is required",
}


@dataclass(frozen=True, slots=True)
class PathProblem:
    """A step of a path that the lifecycle does not allow; ``index`` is the step's position."""

    index: int
    rule: str
    message: str


def initial_states(lc: Lifecycle) -> list[str]:
    return [name for name, s in lc.states.items() if s.initial]


def terminal_states(lc: Lifecycle) -> list[str]:
    return [name for name, s in lc.states.items() if s.terminal]


_EDGES: dict[int, tuple[Lifecycle, dict[tuple[str, str], Transition]]] = {}


def edge(lc: Lifecycle, src: str, dst: str) -> Transition | None:
    # An edge map per lifecycle object: audit asks this for every step of every version.
    cached = _EDGES.get(id(lc))
    if cached is None or cached[0] is not lc:
        table = {(name, t.to): t for name, s in lc.states.items() for t in s.edges()}
        cached = _EDGES[id(lc)] = (lc, table)
    return cached[1].get((src, dst))


def allowed(lc: Lifecycle, src: str, dst: str, guard_ok: GuardCheck = lambda _: True) -> bool:
    """Whether ``src -> dst`` is an edge whose guard (if any) holds."""
    t = edge(lc, src, dst)
    return t is not None and (t.when is None or guard_ok(t.when))


def next_states(lc: Lifecycle, src: str) -> list[str]:
    state = lc.states.get(src)
    return [t.to for t in state.edges()] if state else []


def options(lc: Lifecycle, src: str, guard_ok: GuardCheck = lambda _: True) -> str:
    """The moves from ``src`` as a responder reads them: the open ones, then guarded ones.

    e.g. ``postmortem, investigating; 'closed' only when no postmortem is required``.
    """
    state = lc.states.get(src)
    edges = state.edges() if state else []
    open_ = [t.to for t in edges if t.when is None or guard_ok(t.when)]
    shut = [
        f"'{t.to}' only when {GUARD_WORDS[t.when]}"
        for t in edges
        if t.when and not guard_ok(t.when)
    ]
    text = ", ".join(open_) or ("none: it is terminal" if not shut else "none")
    return "; ".join([text, *shut])


def detours(lc: Lifecycle, src: str, dst: str, guard_ok: GuardCheck) -> list[str]:
    """Open next states of ``src`` from which ``dst`` can then be reached."""
    return [
        s
        for s in next_states(lc, src)
        if allowed(lc, src, s, guard_ok) and allowed(lc, s, dst, guard_ok)
    ]


def guarded_message(
    lc: Lifecycle, src: str, dst: str, guard_ok: GuardCheck, why: Callable[[Guard], str]
) -> str | None:
    """The clause for an edge its guard blocks; None for an open or a missing edge.

    ``is allowed only when ..., and <why>; go through 'postmortem' first``, to follow the move.
    """
    t = edge(lc, src, dst)
    if t is None or t.when is None or guard_ok(t.when):
        return None
    via = detours(lc, src, dst, guard_ok)
    hint = f"; go through {' or '.join(repr(s) for s in via)} first" if via else ""
    return f"is allowed only when {GUARD_WORDS[t.when]}, and {why(t.when)}{hint}"


def unknown_state_message(lc: Lifecycle, value: str = "") -> str:
    """Names the lifecycle's states (the closest first), never the unknown value itself."""
    hint = (
        f"; {did_you_mean(value, lc.states).rstrip()}"
        if value and did_you_mean(value, lc.states)
        else ""
    )
    return f"not a state of the '{lc.name}' lifecycle{hint} ({', '.join(lc.states)})"


def check_path(
    lc: Lifecycle, path: list[str], guard_ok: GuardCheck, why: Callable[[Guard], str] | None = None
) -> list[PathProblem]:
    """Every problem of a recorded path: unknown states, a bad start, illegal or guarded steps.

    ``why`` says, for a guard that does not hold, why not (the policy knows: a SEV2 needs a
    postmortem); messages then say what would satisfy it.
    """
    problems: list[PathProblem] = []
    for i, state in enumerate(path):
        if state not in lc.states:
            problems.append(PathProblem(i, "ref.unknown-state", unknown_state_message(lc, state)))
    if problems or not path:
        return problems
    if not lc.states[path[0]].initial:
        starts = ", ".join(initial_states(lc))
        msg = f"the first status change must enter an initial state ({starts})"
        problems.append(PathProblem(0, "timeline.illegal-transition", msg))
    for i in range(1, len(path)):
        problems.extend(_step_problems(lc, path[i - 1], path[i], i, guard_ok, why))
    return problems


def _step_problems(
    lc: Lifecycle,
    src: str,
    dst: str,
    index: int,
    guard_ok: GuardCheck,
    why: Callable[[Guard], str] | None,
) -> list[PathProblem]:
    t = edge(lc, src, dst)
    if t is None:
        moves = options(lc, src, guard_ok)
        msg = f"'{src}' -> '{dst}' is not a transition of '{lc.name}' (from '{src}': {moves})"
        return [PathProblem(index, "timeline.illegal-transition", msg)]
    clause = guarded_message(lc, src, dst, guard_ok, why or _unsaid)
    if clause is not None:
        return [PathProblem(index, "timeline.guarded-transition", f"'{src}' -> '{dst}' {clause}")]
    return []


def _unsaid(_guard: Guard) -> str:
    return "that does not hold for this incident"


def required_fields(lc: Lifecycle, visited: Iterable[str]) -> list[str]:
    """Fields required by every state visited so far (requirements hold from a state onwards)."""
    seen: dict[str, None] = {}
    for name in visited:
        state = lc.states.get(name)
        for f in state.requires if state else ():
            seen.setdefault(f, None)
    return list(seen)


def postmortem_needed(lc: Lifecycle, visited: Iterable[str]) -> PostmortemStatus | None:
    """The least postmortem status the visited states ask for, where a postmortem is required."""
    levels = [lc.states[s].postmortem for s in visited if s in lc.states]
    present = [lvl for lvl in levels if lvl is not None]
    return max(present, key=lambda s: s.rank) if present else None


def graph_problems(lc: Lifecycle) -> list[tuple[str, str, str]]:
    """``(state, rule, message)`` for unknown targets, no start, unreachable states, dead ends."""
    problems: list[tuple[str, str, str]] = []
    for name, state in lc.states.items():
        for t in state.edges():
            if t.to not in lc.states:
                msg = f"state '{name}' moves to '{t.to}', which is not a state"
                problems.append((name, "lifecycle.unknown-state", msg))
    starts = initial_states(lc)
    if not starts:
        problems.append(("", "lifecycle.no-initial-state", "no state is marked 'initial: true'"))
    reachable = _reachable(lc, starts)
    for name, state in lc.states.items():
        if name not in reachable and starts:
            msg = f"state '{name}' cannot be reached from an initial state"
            problems.append((name, "lifecycle.unreachable-state", msg))
        if not state.terminal and not any(t.to in lc.states for t in state.edges()):
            msg = f"state '{name}' has no way out; mark it 'terminal: true' or add transitions"
            problems.append((name, "lifecycle.dead-end", msg))
    if not terminal_states(lc):
        problems.append(("", "lifecycle.no-terminal-state", "no state is marked 'terminal: true'"))
    return problems


def _reachable(lc: Lifecycle, starts: list[str]) -> set[str]:
    seen = set(starts)
    todo = list(starts)
    while todo:
        for nxt in next_states(lc, todo.pop()):
            if nxt in lc.states and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
