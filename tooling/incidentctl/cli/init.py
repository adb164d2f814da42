"""``incidentctl init``: start a new incident repository that passes its own gate."""

from __future__ import annotations

from pathlib import Path

import click

EPILOG = """\b
Examples:
  incidentctl init incidents-repo
  incidentctl init incidents-repo --action my-org/incidentctl@3f2c...e9a1   # pin the gate

\b
Writes incidents/, schemas/ (the default policy, an empty roster, the JSON Schemas), docs/,
mkdocs.yml, a pull request workflow that runs the incidentctl action, a pre-commit
config and a README for responders. The result validates and builds its site as it is.
"""


@click.command(epilog=EPILOG)
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--action", help="The incidentctl action to use, pinned: OWNER/REPO@COMMIT.")
def init(target: Path, action: str | None) -> None:
    """Create a new incident repository in TARGET (a new or empty folder)."""
    import re

    from incidentctl.reporters.escape import visible
    from incidentctl.runs.init import run_init

    if action is not None and not re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}", action):
        raise click.BadParameter("give OWNER/REPO@COMMIT, the full 40-character commit id",
                                 param_hint="--action")  # fmt: skip
    written = run_init(target, action)
    click.echo(visible(f"{target}: {len(written)} files written"))
    steps = [f"cd {target} && git init -b main && git add -A && git commit -m 'incidentctl init'",
             "add your people and teams to schemas/people.yaml",
             "incidentctl validate && mkdocs build --strict"]  # fmt: skip
    if action is None:
        steps.insert(
            1, "pin the gate: set the incidentctl commit in .github/workflows/incidents.yml"
        )
    for step in steps:
        click.echo(f"  next: {visible(step)}")
