"""Shared options as decorators, and the repository context every command starts from."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from incidentctl.config import Settings, find_root, load_settings
from incidentctl.reporters import FORMATS
from incidentctl.reporters.escape import visible

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Repo:
    root: Path
    settings: Settings


def repo_option(func: F) -> F:
    return click.option(
        "--repo",
        "repo_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Repository root (default: the nearest folder upwards with .git or incidents/).",
    )(func)


def jobs_option(parallel_from: str) -> Callable[[F], F]:
    """``--jobs``: 0 (the default) lets the command pick by size."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help=f"Worker processes; 0 picks by size (parallel from {parallel_from}).",
    )


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="auto",
        show_default=True,
        help="Output: text, json, or github (workflow commands); auto picks github in Actions.",
    )(func)


def color_option(func: F) -> F:
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour the text output (auto: on a terminal, unless NO_COLOR is set).",
    )(func)


def repo_root(repo_dir: Path | None) -> Path:
    if repo_dir is not None and not repo_dir.is_dir():
        raise click.BadParameter(
            f"{visible(str(repo_dir))} is not a directory", param_hint="--repo"
        )
    return repo_dir.resolve() if repo_dir is not None else find_root(Path.cwd())


def open_repo(repo_dir: Path | None) -> Repo:
    root = repo_root(repo_dir)
    return Repo(root, load_settings(root))


def use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()
