"""The architecture page cannot drift: it is generated from the code, and the code documents itself."""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from types import ModuleType

from conftest import REPO

GENERATOR = REPO / "docs/hooks/architecture.py"
PACKAGE = REPO / "tooling/incidentctl"


@cache
def generator() -> ModuleType:
    """docs/hooks/architecture.py, loaded from its path (docs/hooks is not a package)."""
    spec = importlib.util.spec_from_file_location("architecture_doc", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def has_docstring(path_in_package: str) -> bool:
    source = (PACKAGE / path_in_package).read_text(encoding="utf-8")
    return bool(ast.get_docstring(ast.parse(source)))


def test_architecture_page_is_current() -> None:
    page = (REPO / "docs/maintainers/architecture.md").read_text(encoding="utf-8")
    assert page == generator().render(), f"run: {generator().COMMAND}"


def test_every_stage_has_an_init_with_a_docstring() -> None:
    stages = [p for p in sorted(PACKAGE.iterdir()) if p.is_dir() and p.name != "__pycache__"]
    assert len(stages) > 5
    missing = [p.name for p in stages if not (p / "__init__.py").is_file()]
    assert missing == [], f"stage directories without an __init__.py: {missing}"
    undocumented = [p.name for p in stages if not has_docstring(f"{p.name}/__init__.py")]
    assert undocumented == [], f"stages whose __init__.py has no docstring: {undocumented}"


def test_every_module_has_a_docstring() -> None:
    modules = [path.as_posix() for path in generator().modules()]
    assert len(modules) > 20
    undocumented = [module for module in modules if not has_docstring(module)]
    assert undocumented == [], f"add a docstring whose first line names the concern: {undocumented}"
