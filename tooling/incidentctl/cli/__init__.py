"""The ``incidentctl`` command: a click group, and ``main()`` with the exit-code contract.

Exit codes (``cli.exits``, one table for every command): 0 clean; 1 problems found; 2 usage
or configuration error; 3 internal error (one line, no traceback unless ``--traceback``);
130 interrupted.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from incidentctl import __version__
from incidentctl.cli.exits import ExitCode
from incidentctl.errors import UserError
from incidentctl.reporters.escape import visible

__all__ = ["cli", "main"]

EPILOG = """\b
Examples:
  incidentctl validate                      # check the whole archive
  incidentctl validate --format github      # annotations in GitHub Actions
  incidentctl check --base origin/main      # the pull request gate
  incidentctl schema export --check         # are schemas/*.json current?
  incidentctl report actions --overdue      # what is overdue, and whose is it
  incidentctl report metrics --by quarter   # are we getting faster?
  incidentctl rules                         # every rule id
  eval "$(incidentctl completion bash)"     # tab completion

Docs: docs/responders/ and docs/maintainers/ in this repository.
"""


# command -> module:attribute; a module is imported only when its command runs (or for --help)
COMMANDS = {
    "validate": "validate:validate",
    "check": "check:check",
    "audit": "audit:audit",
    "transition": "transition:transition",
    "report": "report:report",
    "new": "new:new",
    "declare": "declare:declare",
    "list": "list:list_cmd",
    "show": "show:show",
    "note": "note:note",
    "severity": "severity:severity",
    "assign": "assign:assign",
    "escalate": "escalate:escalate",
    "action": "action:action",
    "renumber": "renumber:renumber",
    "postmortem": "postmortem:postmortem",
    "comms": "comms:comms",
    "set": "setfield:set_cmd",
    "release": "setfield:release",
    "schema": "schema:schema",
    "rules": "rules:rules_cmd",
    "init": "init:init",
    "completion": "completion:completion",
}


class LazyGroup(click.Group):
    """Subcommands imported on use: a pre-commit ``validate`` pays for nothing else."""

    def list_commands(self, _ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, _ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click's, with "did you mean" from every command (click's sees only loaded ones)."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            from incidentctl.suggest import closest

            guesses = " or ".join(repr(g) for g in closest(exc.command_name, COMMANDS))
            hint = f" Did you mean {guesses}?" if guesses else ""
            message = f"No such command {exc.command_name!r}.{hint}"
            raise click.exceptions.NoSuchCommand(exc.command_name, message, ctx=ctx) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, "-V", "--version", prog_name="incidentctl")
@click.option("--traceback", is_flag=True, help="On an internal error, print the traceback.")
def cli(traceback: bool) -> None:
    """Incident management as code: validate incidents, postmortems and playbooks in git."""


# git's switches for how a pathspec matches (``git --literal-pathspecs`` sets one for every
# command an alias runs). incidentctl's paths are exact names, and ``check`` passes folder
# names as ``:(literal)`` pathspecs, which GIT_LITERAL_PATHSPECS=1 turns into names that match
# nothing: its note about uncommitted edits went silent. The git processes it starts get none.
PATHSPEC_SWITCHES = (
    "GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS",
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for name in PATHSPEC_SWITCHES:
        os.environ.pop(name, None)
    try:
        cli.main(args=args, prog_name="incidentctl", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        # click quotes the arguments it refuses; its message is Final, hence the instance dict
        vars(exc)["message"] = visible(exc.message)
        exc.show()
        return ExitCode.USAGE
    except click.exceptions.Abort:
        click.echo("incidentctl: aborted", err=True)
        return ExitCode.INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else ExitCode.FINDINGS
    except UserError as exc:
        click.echo(f"incidentctl: error: {visible(str(exc))}", err=True)  # may quote git or a path
        return ExitCode.USAGE
    except KeyboardInterrupt:
        click.echo("incidentctl: interrupted", err=True)
        return ExitCode.INTERRUPTED
    except Exception as exc:
        if "--traceback" in args:
            raise
        name = type(exc).__name__
        click.echo(
            f"incidentctl: internal error: {name}: {_first_line(exc)} "
            "(re-run with --traceback, and please report it)",
            err=True,
        )
        return ExitCode.INTERNAL
    return ExitCode.OK


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else "(no message)"
