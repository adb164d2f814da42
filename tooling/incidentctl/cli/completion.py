"""``incidentctl completion SHELL``: print the tab-completion script (click's own)."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class


@click.command(
    epilog='\b\nExamples:\n  eval "$(incidentctl completion bash)"   # in ~/.bashrc\n'
    "  incidentctl completion fish > ~/.config/fish/completions/incidentctl.fish"
)
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL."""
    from incidentctl.cli import cli  # the group is complete only after import

    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - the Choice above admits only known shells
        raise click.BadParameter(shell)
    comp = cls(cli, {}, "incidentctl", "_INCIDENTCTL_COMPLETE")
    click.echo(comp.source())
