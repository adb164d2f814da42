"""``init``: a new incident repository that validates and builds its site at once.

Files come from package data (``runs/templates/init``) and the built-in policy (every default
file, an empty roster, the JSON Schemas), so a team adopts the tool without copying this
repository. Nothing is written into a folder that already holds files, and a write that
fails leaves nothing behind.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from incidentctl.errors import UserError
from incidentctl.policy.files import POLICY_FILES
from incidentctl.policy.load import parse_policy
from incidentctl.policy.schema import render_all
from incidentctl.report.schema import report_schema
from incidentctl.runs.transaction import transaction

# package file -> path in the new repository
TEMPLATES = {
    "README.md": "README.md",
    "docs-index.md": "docs/index.md",
    "docs-responders.md": "docs/responders.md",
    "mkdocs.yml": "mkdocs.yml",
    "github-workflow-incidents.yml": ".github/workflows/incidents.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "gitignore": ".gitignore",
}
PLACEHOLDER_ACTION = (
    "incidentctl/incidentctl@0000000000000000000000000000000000000000"
    " # set: the incidentctl commit to use (incidentctl init --action OWNER/REPO@SHA)"
)


def scaffold(action: str | None) -> dict[str, str]:
    """Every file of a new repository: path -> text."""
    init = resources.files("incidentctl").joinpath("runs/templates/init")
    files = {dest: init.joinpath(src).read_text("utf-8") for src, dest in TEMPLATES.items()}
    workflow = ".github/workflows/incidents.yml"
    files[workflow] = files[workflow].replace("{action}", action or PLACEHOLDER_ACTION)
    defaults = resources.files("incidentctl.policy.defaults")
    names = [k.name for k in POLICY_FILES if k.has_default]
    for name in names:
        files[f"schemas/{name}"] = defaults.joinpath(name).read_text("utf-8")
    raw = {f"schemas/{n}": files[f"schemas/{n}"].encode() for n in names}
    policy = parse_policy(raw, "schemas").policy
    files |= {f"schemas/{n}": t for n, t in render_all(policy).items()}
    files["schemas/report.schema.json"] = report_schema()
    files["incidents/.gitkeep"] = ""
    files["docs/playbooks/.gitkeep"] = ""
    return files


def run_init(target: Path, action: str | None) -> list[str]:
    """Write the scaffold into ``target`` (absent or empty); the paths written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target}: not an empty folder; init writes only into a new one")
    files = scaffold(action)
    with transaction() as steps:  # a failed write takes back every file and folder made
        for rel, text in sorted(files.items()):
            steps.mkdir((target / rel).parent)
            steps.write(target / rel, text, durable=False)
    return sorted(files)
