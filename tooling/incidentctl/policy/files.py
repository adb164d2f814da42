"""The one table of policy files, and reading their bytes before anything parses.

Every fact about a policy file lives in ``POLICY_FILES``: its file name, the model that
validates it, the ``Policy`` field it fills and the name of its JSON Schema. Models are named,
not imported: the warm cache fingerprints these bytes on a run that never imports pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from incidentctl.load.sources import (
    Source,
    SymlinkError,
    Withheld,
    symlink_finding,
    unreadable_finding,
)

if TYPE_CHECKING:
    from incidentctl.models.base import StrictModel


@dataclass(frozen=True, slots=True)
class PolicyFileKind:
    """One kind of policy file in the policy folder (``schemas/`` by default)."""

    name: str  # the file name, e.g. severities.yaml
    model: str  # its model's class name in incidentctl.models.policy
    field: str  # the Policy attribute it fills
    schema: str  # its JSON Schema is <schema>.schema.json
    has_default: bool = True  # a built-in default applies when the file is absent

    def model_class(self) -> type[StrictModel]:
        from incidentctl.models import policy as models  # on use: see the module docstring

        cls: type[StrictModel] = getattr(models, self.model)
        return cls


POLICY_FILES: tuple[PolicyFileKind, ...] = (
    PolicyFileKind("severities.yaml", "Severities", "severities", "severities"),
    PolicyFileKind("incident-types.yaml", "IncidentTypes", "types", "incident-types"),
    PolicyFileKind("action-items.yaml", "ActionItemPolicy", "action_items", "action-items"),
    PolicyFileKind(
        "contributing-factors.yaml", "ContributingFactors", "factors", "contributing-factors"
    ),
    PolicyFileKind("postmortem.yaml", "PostmortemPolicy", "postmortem", "postmortem-policy"),
    PolicyFileKind("roles.yaml", "Roles", "roles", "roles"),
    PolicyFileKind("priorities.yaml", "Priorities", "priorities", "priorities"),
    PolicyFileKind("vocabularies.yaml", "Vocabularies", "vocabularies", "vocabularies"),
    PolicyFileKind("people.yaml", "People", "people", "people"),
    PolicyFileKind("alerts.yaml", "AlertRouting", "alerts", "alerts"),
    # No catalog means service names are not checked, so there is no default catalog.
    PolicyFileKind("services.yaml", "ServiceCatalog", "services", "services", has_default=False),
    PolicyFileKind("changes.yaml", "ChangePolicy", "changes", "changes"),
    PolicyFileKind("secrets.yaml", "SecretScanPolicy", "secrets", "secrets"),
    PolicyFileKind("audit-baseline.yaml", "AuditBaseline", "baseline", "audit-baseline"),
)
# Lifecycles are a folder of files, one lifecycle each, over the built-in ones.
LIFECYCLES_DIR = "lifecycles"
LIFECYCLE = PolicyFileKind("lifecycle-*.yaml", "Lifecycle", "lifecycles", "lifecycle")
BUILTIN_LIFECYCLES = ("lifecycle-outage.yaml", "lifecycle-security.yaml")


def read_policy_files(source: Source, policy_dir: str) -> dict[str, bytes]:
    """The repository's policy files (path -> bytes); absent ones are left out.

    A file that is there but cannot be used (a symbolic link, a folder, a FIFO, unreadable)
    is never taken for absent, which would quietly mean the default, or no service catalog:
    it stands as ``Withheld`` bytes that the loader reports as its finding. A linked
    lifecycles folder stands as one entry under its own name and a slash.
    """
    out: dict[str, bytes] = {}
    for kind in POLICY_FILES:
        rel = f"{policy_dir}/{kind.name}"
        if (raw := _read(source, rel)) is not None:
            out[rel] = raw
    lc_dir = f"{policy_dir}/{LIFECYCLES_DIR}"
    try:
        source.read(lc_dir)  # a folder, as it should be, raises IsADirectoryError
    except SymlinkError as exc:
        out[f"{lc_dir}/"] = Withheld(symlink_finding(str(exc.filename)))
        return out
    except OSError:
        pass
    for name in source.listdir(lc_dir):
        rel = f"{lc_dir}/{name}"
        if name.endswith(".yaml") and (raw := _read(source, rel)) is not None:
            out[rel] = raw
    return out


def _read(source: Source, rel: str) -> bytes | None:
    try:
        return source.read(rel)
    except SymlinkError as exc:
        return Withheld(symlink_finding(str(exc.filename)))
    except OSError as exc:
        return Withheld(unreadable_finding(rel, exc))
