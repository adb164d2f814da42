"""Generate docs/maintainers/architecture.md from the code: the layers, the stages, their modules.

Run ``python docs/hooks/architecture.py > docs/maintainers/architecture.md``. Everything comes
from pyproject.toml's import-linter contracts and the source files' docstrings (read with
``ast``; the package is never imported). Not an MkDocs hook: tests/test_architecture_doc.py
fails when the committed page differs from ``render()``.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tooling" / "incidentctl"
LONG = 250
REASON = f"Over {LONG} lines:"
COMMAND = "python docs/hooks/architecture.py > docs/maintainers/architecture.md"


def contracts() -> dict[str, dict[str, Any]]:
    """The import-linter contracts of pyproject.toml, by id."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in pyproject["tool"]["importlinter"]["contracts"]}


def modules() -> list[Path]:
    """Every module of the package, relative to it, sorted."""
    found = (p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
    return sorted(p.relative_to(PACKAGE) for p in found)


def docstring(module: Path) -> str:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    return ast.get_docstring(tree) or ""


def dotted(module: Path) -> str:
    parts = module.with_suffix("").parts
    return ".".join(("incidentctl", *parts[: -1 if parts[-1] == "__init__" else None]))


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def _reason(doc: str) -> str:
    """The paragraph of a docstring that starts with ``Over 250 lines:``, on one line."""
    for paragraph in doc.split("\n\n"):
        if paragraph.strip().startswith(REASON):
            return " ".join(paragraph.split()).removeprefix(REASON).strip()
    return ""


def render() -> str:
    """The architecture page, as Markdown."""
    by_id = contracts()
    layers: list[str] = by_id["layers"]["layers"]
    stages = [name.strip() for layer in layers for name in layer.split("|")]
    core: list[str] = by_id["pure-core"]["source_modules"]
    short = [s.removeprefix("incidentctl.") for s in core]
    out = [
        "# Architecture",
        "",
        f"Generated from the code by `{COMMAND}`; a test fails when it is stale.",
        "Do not edit it by hand: change the docstrings or `[tool.importlinter]` in pyproject.toml.",
        "",
        "## Layers",
        "",
        "The stages of `tooling/incidentctl/`, top to bottom (the `layers` contract):",
        "",
        *(
            f"{n}. " + " | ".join(f"`{s.strip()}`" for s in layer.split("|"))
            for n, layer in enumerate(layers, 1)
        ),
        "",
        "An upper stage may import a lower one, never the reverse. Stages on one line,",
        "separated by `|`, are siblings: independent, neither imports the other.",
    ]
    ignored = by_id["layers"].get("exhaustive_ignores", [])
    if by_id["layers"].get("exhaustive"):
        names = ", ".join(f"`{i}`" for i in ignored) or "none"
        out.append(f"Every top-level module must be placed in a layer (exceptions: {names}).")
    out += ["", "The other contracts held with it:", ""]
    out += [f"- {c['name']}" for i, c in by_id.items() if i != "layers"]
    out += [
        "",
        "A module is **core** when it lies inside one of the pure-core contract's source",
        f"modules ({', '.join(f'`{s}`' for s in short)}); every other module is **edge**.",
    ]
    grouped: dict[str, list[Path]] = {}
    for module in modules():
        stage = module.parts[0] if len(module.parts) > 1 else module.stem
        grouped.setdefault(stage if stage in stages else "", []).append(module)
    long: list[str] = []
    for stage in [*stages, ""]:
        if stage not in grouped:
            continue
        heading = f"`{stage}`" if stage else "Outside the layers"
        out += ["", f"## {heading}", ""]
        head = Path(stage, "__init__.py") if (PACKAGE / stage).is_dir() else Path(f"{stage}.py")
        if stage and docstring(head):
            out += [docstring(head), ""]
        out += ["| module | concern | core or edge |", "|---|---|---|"]
        for module in grouped[stage]:
            doc = docstring(module)
            lines = len((PACKAGE / module).read_text(encoding="utf-8").splitlines())
            name = dotted(module)
            kind = "core" if any(name == s or name.startswith(s + ".") for s in core) else "edge"
            first = cell(doc.splitlines()[0]) if doc else "*(no docstring)*"
            out.append(f"| `{module.as_posix()}` | {first} | {kind} |")
            if lines > LONG:
                said = _reason(doc) or "*(no reason stated)*"
                long.append(f"- `{module.as_posix()}`: {said}")
    out += ["", f"## Modules over {LONG} lines", ""]
    out += [f"Each must say why in its docstring, on a line starting `{REASON}`.", ""]
    out += long or ["none"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
