"""Read the policy: ``schemas/*.yaml`` over the built-in defaults, through the strict loader."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from incidentctl.errors import UserError
from incidentctl.findings import Finding
from incidentctl.load import yaml as yamlsource
from incidentctl.load.records import parse_yaml
from incidentctl.load.sources import FsSource, Source
from incidentctl.models.base import StrictModel
from incidentctl.models.policy import Lifecycle
from incidentctl.policy.files import (
    BUILTIN_LIFECYCLES,
    LIFECYCLES_DIR,
    POLICY_FILES,
    read_policy_files,
)
from incidentctl.policy.value import Policy

BUILTIN = "(built-in)"


@dataclass(frozen=True, slots=True)
class PolicyFile:
    """One loaded policy file, kept with its positions so policy rules can point into it."""

    path: str
    loaded: yamlsource.Loaded
    model: Any


@dataclass(frozen=True)
class LoadedPolicy:
    policy: Policy
    files: list[PolicyFile]  # the repository's own files that loaded (not the built-ins)
    findings: list[Finding]


def _read_builtin(name: str) -> bytes:
    return resources.files("incidentctl.policy.defaults").joinpath(name).read_bytes()


def _parse(
    raw: bytes, path: str, model: type[StrictModel]
) -> tuple[PolicyFile | None, list[Finding]]:
    loaded, parsed, findings = parse_yaml(raw, path, model)
    if loaded is None or parsed is None:
        return None, findings
    return PolicyFile(path, loaded, parsed), findings


def _builtin(name: str, model: type[StrictModel]) -> Any:
    parsed, findings = _parse(_read_builtin(name), f"{BUILTIN}/{name}", model)
    if parsed is None:  # a broken default is a bug in incidentctl, not in the repository
        raise RuntimeError(f"built-in policy {name} is invalid: {findings}")
    return parsed.model


def load_policy(source: Source | Path, policy_dir: str) -> LoadedPolicy:
    """Each file in ``policy_dir`` replaces its built-in default; a broken one falls back to it."""
    if isinstance(source, Path):
        source = FsSource(source)
    return parse_policy(read_policy_files(source, policy_dir), policy_dir)


def policy_to_edit_by(source: Source | Path, policy_dir: str) -> Policy:
    """The policy an editing command writes under; a UserError if any policy file is broken.

    ``validate`` reports a broken or linked policy file and judges by the built-in default
    meanwhile; a command that writes must not: a record written under the laxer default
    (a guard, a roster) fails once the file is mended, or was written by a roster read
    through a link from outside the repository.
    """
    loaded = load_policy(source, policy_dir)
    broken = [f for f in loaded.findings if f.is_error]
    if broken:
        first = broken[0]
        raise UserError(
            f"{first}; mend the policy first (incidentctl validate lists every problem):"
            " nothing is written under a policy that does not load"
        )
    return loaded.policy


def parse_policy(raw_files: dict[str, bytes], policy_dir: str) -> LoadedPolicy:
    """The policy from files already read (``read_policy_files``)."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    files: list[PolicyFile] = []
    findings: list[Finding] = []
    for kind in POLICY_FILES:
        rel, model = f"{policy_dir}/{kind.name}", kind.model_class()
        parsed = None
        raw = raw_files.get(rel)
        if raw is not None:
            parsed, found = _parse(raw, rel, model)
            findings += found
        if parsed is not None:
            files.append(parsed)
            values[kind.field], sources[kind.name] = parsed.model, rel
        elif kind.has_default:
            values[kind.field], sources[kind.name] = _builtin(kind.name, model), BUILTIN
    lifecycles = {lc.name: lc for lc in (_builtin(n, Lifecycle) for n in BUILTIN_LIFECYCLES)}
    lc_prefix = f"{policy_dir}/{LIFECYCLES_DIR}/"
    for rel in sorted(r for r in raw_files if r.startswith(lc_prefix)):
        parsed, found = _parse(raw_files[rel], rel, Lifecycle)
        findings += found
        if parsed is not None:
            files.append(parsed)
            lifecycles[parsed.model.name] = parsed.model
            sources[f"lifecycle:{parsed.model.name}"] = rel
    policy = Policy(lifecycles=lifecycles, sources=sources, **values)
    return LoadedPolicy(policy, files, findings)
