"""The lifecycle state machine: pure functions over a ``Lifecycle`` (no I/O).

Vocabulary: an *edge* is an allowed move ``a -> b``, maybe with a *guard*; a *path* is the
sequence of states an incident's ``status_change`` entries record, starting from an initial state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from incidentctl.models.policy import Guard, Lifecycle, Transition
from incidentctl.models.postmortem import PostmortemStatus

GuardCheck = Callable[[Guard], bool]


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


def unknown_state_message(lc: Lifecycle) -> str:
    """Names the lifecycle's states, never the unknown value (messages echo no input)."""
    return f"not a state of the '{lc.name}' lifecycle ({', '.join(lc.states)})"


def check_path(lc: Lifecycle, path: list[str], guard_ok: GuardCheck) -> list[PathProblem]:
    """Every problem of a recorded path: unknown states, a bad start, illegal or guarded steps."""
    problems: list[PathProblem] = []
    for i, state in enumerate(path):
        if state not in lc.states:
            problems.append(PathProblem(i, "ref.unknown-state", unknown_state_message(lc)))
    if problems or not path:
        return problems
    if not lc.states[path[0]].initial:
        starts = ", ".join(initial_states(lc))
        msg = f"the first status change must enter an initial state ({starts})"
        problems.append(PathProblem(0, "timeline.illegal-transition", msg))
    for i in range(1, len(path)):
        problems.extend(_step_problems(lc, path[i - 1], path[i], i, guard_ok))
    return problems


def _step_problems(
    lc: Lifecycle, src: str, dst: str, index: int, guard_ok: GuardCheck
) -> list[PathProblem]:
    t = edge(lc, src, dst)
    if t is None:
        options = ", ".join(next_states(lc, src)) or "none: it is terminal"
        msg = f"'{src}' -> '{dst}' is not a transition of '{lc.name}' (from '{src}': {options})"
        return [PathProblem(index, "timeline.illegal-transition", msg)]
    if t.when is not None and not guard_ok(t.when):
        msg = f"'{src}' -> '{dst}' is allowed only when {t.when.value.replace('_', ' ')}"
        return [PathProblem(index, "timeline.guarded-transition", msg)]
    return []


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
