"""Read the policy: ``schemas/*.yaml`` over the built-in defaults, through the strict loader."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from incidentctl import yamlsource
from incidentctl.findings import Finding
from incidentctl.loading import parse_yaml
from incidentctl.models.base import StrictModel
from incidentctl.models.policy import (
    ActionItemPolicy,
    ContributingFactors,
    IncidentTypes,
    Lifecycle,
    PostmortemPolicy,
    Roles,
    ServiceCatalog,
    Severities,
)
from incidentctl.policy import Policy

BUILTIN = "(built-in)"
LIFECYCLES_DIR = "lifecycles"
POLICY_FILES: dict[str, type[StrictModel]] = {
    "severities.yaml": Severities,
    "incident-types.yaml": IncidentTypes,
    "action-items.yaml": ActionItemPolicy,
    "contributing-factors.yaml": ContributingFactors,
    "postmortem.yaml": PostmortemPolicy,
    "roles.yaml": Roles,
    "services.yaml": ServiceCatalog,
}
_FIELDS = {
    "severities.yaml": "severities",
    "incident-types.yaml": "types",
    "action-items.yaml": "action_items",
    "contributing-factors.yaml": "factors",
    "postmortem.yaml": "postmortem",
    "roles.yaml": "roles",
    "services.yaml": "services",
}
BUILTIN_LIFECYCLES = ("lifecycle-outage.yaml", "lifecycle-security.yaml")


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
    return resources.files("incidentctl.defaults").joinpath(name).read_bytes()


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


def load_policy(root: Path, policy_dir: str) -> LoadedPolicy:
    """Each file in ``policy_dir`` replaces its built-in default; a broken one falls back to it."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    files: list[PolicyFile] = []
    findings: list[Finding] = []
    base = root / policy_dir
    for name, model in POLICY_FILES.items():
        rel = f"{policy_dir}/{name}"
        parsed = None
        if (base / name).is_file():
            parsed, found = _parse((base / name).read_bytes(), rel, model)
            findings += found
        if parsed is not None:
            files.append(parsed)
            values[_FIELDS[name]], sources[name] = parsed.model, rel
        elif name != "services.yaml":
            values[_FIELDS[name]], sources[name] = _builtin(name, model), BUILTIN
    lifecycles = {lc.name: lc for lc in (_builtin(n, Lifecycle) for n in BUILTIN_LIFECYCLES)}
    lc_dir = base / LIFECYCLES_DIR
    for file in sorted(lc_dir.glob("*.yaml")) if lc_dir.is_dir() else []:
        rel = f"{policy_dir}/{LIFECYCLES_DIR}/{file.name}"
        parsed, found = _parse(file.read_bytes(), rel, Lifecycle)
        findings += found
        if parsed is not None:
            files.append(parsed)
            lifecycles[parsed.model.name] = parsed.model
            sources[f"lifecycle:{parsed.model.name}"] = rel
    policy = Policy(lifecycles=lifecycles, sources=sources, **values)
    return LoadedPolicy(policy, files, findings)
