"""The exit codes every command uses, one table (the maintainers' docs are tested against it).

Why one table: a gate in CI branches on these numbers. A usage error (a bad option, a missing
argument, a path outside the repository, an unknown revision) is 2 in every command, never
1, so "problems found" can never be mistaken for "the command was called wrongly".
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3
    INTERRUPTED = 130


MEANING = {
    ExitCode.OK: "no errors (warnings allowed)",
    ExitCode.FINDINGS: "problems found (findings, a refused edit, stale schemas)",
    ExitCode.USAGE: "usage, configuration or user error (bad option or path, bad"
    " `[tool.incidentctl]`, not a git repository, unknown revision or incident)",
    ExitCode.INTERNAL: "internal error: one line; `--traceback` shows the traceback",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


def verdict(ok: bool) -> ExitCode:
    """The code of a run that may have found problems."""
    return ExitCode.OK if ok else ExitCode.FINDINGS


def markdown_table() -> str:
    rows = "\n".join(f"| {code.value} | {MEANING[code]} |" for code in ExitCode)
    return f"| code | meaning |\n|---|---|\n{rows}\n"
