"""The stage layers hold: lint-imports passes, and every contract fails on a planted bad import.

The contracts live in pyproject.toml ([tool.importlinter]). The planted tests run the same
contracts over a scratch copy of the package with one forbidden import added, so deleting or
loosening a contract makes them fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGE = REPO / "tooling" / "incidentctl"
HEADER = re.compile(r"^\[\[?\s*([A-Za-z0-9_.\-\"]+)")


@cache
def importlinter_config() -> str:
    """The [tool.importlinter] tables of pyproject.toml, verbatim, as a config file of their own."""
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    kept: list[str] = []
    keep = False
    for line in pyproject.splitlines():
        header = HEADER.match(line)
        if header:
            keep = header.group(1).startswith("tool.importlinter")
        if keep:
            kept.append(line)
    text = "\n".join(kept) + "\n"
    wanted: dict[str, Any] = tomllib.loads(pyproject)["tool"]["importlinter"]
    assert tomllib.loads(text)["tool"]["importlinter"] == wanted, "section copy is not faithful"
    return text


@cache
def contract_names() -> dict[str, str]:
    """Contract id -> the name lint-imports prints for it."""
    config = tomllib.loads(importlinter_config())["tool"]["importlinter"]
    return {contract["id"]: contract["name"] for contract in config["contracts"]}


def lint_imports(
    *args: str | Path, cwd: Path, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    # A wide console keeps each contract name and each import chain on one line.
    env = {**os.environ, "COLUMNS": "1000"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def statuses(out: str) -> dict[str, str]:
    """Contract id -> "KEPT" or "BROKEN", from the summary lines."""
    found: dict[str, str] = {}
    for cid, name in contract_names().items():
        line = re.search(rf"^{re.escape(name)} (KEPT|BROKEN)\b", out, re.MULTILINE)
        assert line, f"contract {cid!r} missing from the output:\n{out}"
        found[cid] = line.group(1)
    return found


def broken_report(out: str, cid: str) -> str:
    """The part of the "Broken contracts" section that belongs to contract ``cid``."""
    names = contract_names()
    _, _, broken = out.partition("\nBroken contracts\n")
    starts = sorted(
        (pos, other) for other, name in names.items() if (pos := broken.find(f"\n{name}\n")) >= 0
    )
    for i, (pos, other) in enumerate(starts):
        if other == cid:
            end = starts[i + 1][0] if i + 1 < len(starts) else len(broken)
            return broken[pos:end]
    return ""


def test_lint_imports_passes() -> None:
    """`lint-imports` from the repository root, as `make lint` and a developer run it."""
    proc = lint_imports(cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@dataclass(frozen=True)
class Plant:
    """One forbidden import added to a module of the copy, and what lint-imports must say."""

    module: str  # path under incidentctl/; created if missing
    statement: str
    broken: frozenset[str]  # contract ids that must break because of it
    expected: tuple[str, ...]  # text in each broken contract's report; {line}: the planted line


PLANTS = {
    "load-imports-runs": Plant(
        "load/records.py",
        "from incidentctl.runs import validate",
        # rules.policy -> policy.load -> load.records: the core now reaches runs too.
        frozenset({"layers", "pure-core"}),
        ("incidentctl.load.records -> incidentctl.runs.validate (l.{line})",),
    ),
    "config-imports-models": Plant(
        "config/settings.py",
        "from incidentctl.models import base",
        frozenset({"layers"}),
        ("incidentctl.config.settings -> incidentctl.models.base (l.{line})",),
    ),
    "findings-imports-errors": Plant(
        "findings.py",
        "from incidentctl.errors import UserError",
        frozenset({"layers"}),
        ("incidentctl.findings -> incidentctl.errors (l.{line})",),
    ),
    "reporters-import-runs": Plant(
        "reporters/json.py",
        "from incidentctl.runs import cache",
        frozenset({"layers"}),
        ("incidentctl.reporters.json -> incidentctl.runs.cache (l.{line})",),
    ),
    "new-subpackage-not-layered": Plant(
        "plugins/__init__.py",
        "",
        frozenset({"layers"}),
        ("- incidentctl.plugins\n",),
    ),
    "rules-import-git": Plant(
        "rules/check.py",
        "import git",
        frozenset({"git-only-in-history-git", "pure-core"}),
        ("incidentctl.rules.check -> git (l.{line})",),
    ),
    "runs-import-git": Plant(
        "runs/check.py",
        "from git import Repo",
        frozenset({"git-only-in-history-git"}),
        ("incidentctl.runs.check -> git (l.{line})",),
    ),
    "lifecycle-imports-subprocess": Plant(
        "policy/lifecycle.py",
        "import subprocess",
        frozenset({"pure-core"}),
        ("incidentctl.policy.lifecycle -> subprocess (l.{line})",),
    ),
    "rules-import-click": Plant(
        "rules/fields.py",
        "import click",
        frozenset({"pure-core"}),
        ("incidentctl.rules.fields -> click (l.{line})",),
    ),
    "models-import-ruamel": Plant(
        "models/base.py",
        "from ruamel.yaml import YAML",
        frozenset({"pure-core"}),
        ("incidentctl.models.base -> ruamel (l.{line})",),
    ),
    "compare-imports-history-git": Plant(
        "history/compare.py",
        "from incidentctl.history import git",
        frozenset({"pure-core"}),
        (
            # Named as such, not only through history.git's own import of git.
            "incidentctl.history.compare is not allowed to import incidentctl.history.git:",
            "incidentctl.history.compare -> incidentctl.history.git (l.{line})",
        ),
    ),
}


def copy_package(dest: Path) -> Path:
    """A scratch ``incidentctl`` in ``dest/src``; the contracts in ``dest/importlinter.toml``."""
    shutil.copytree(
        PACKAGE, dest / "src" / "incidentctl", ignore=shutil.ignore_patterns("__pycache__")
    )
    (dest / "importlinter.toml").write_text(importlinter_config(), encoding="utf-8")
    return dest


def lint_copy(root: Path) -> subprocess.CompletedProcess[str]:
    return lint_imports(root / "importlinter.toml", cwd=root, pythonpath=root / "src")


def plant(root: Path, module: str, statement: str) -> int:
    """Append ``statement`` to ``module`` of the copy; the line number it landed on."""
    target = root / "src" / "incidentctl" / module
    target.parent.mkdir(parents=True, exist_ok=True)
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    target.write_text(f"{text}{statement}\n", encoding="utf-8")
    return text.count("\n") + 1


def test_every_contract_is_planted() -> None:
    """A new contract needs a plant here that proves it bites."""
    planted = set().union(*(p.broken for p in PLANTS.values()))
    assert planted == set(contract_names())


@pytest.mark.parametrize("case", sorted(PLANTS))
def test_contract_catches_planted_import(case: str, tmp_path: Path) -> None:
    spec = PLANTS[case]
    assert spec.broken <= contract_names().keys(), "a contract this plant needs is gone"
    root = copy_package(tmp_path)
    line = plant(root, spec.module, spec.statement)
    expected = [text.format(line=line) for text in spec.expected]

    proc = lint_copy(root)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    found = statuses(proc.stdout)
    for cid in contract_names():
        report = broken_report(proc.stdout, cid)
        if cid in spec.broken:
            assert found[cid] == "BROKEN", f"{cid} did not catch {spec.statement!r}:\n{out}"
            for text in expected:
                assert text in report, f"{cid} does not name {text!r}:\n{out}"
        else:
            for text in expected:
                assert text not in report, f"{cid} unexpectedly names {text!r}:\n{out}"
