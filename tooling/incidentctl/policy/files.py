"""Which files are policy, read as bytes: what the cache fingerprints before anything parses."""

from __future__ import annotations

from incidentctl.load.sources import Source

POLICY_NAMES = (
    "severities.yaml",
    "incident-types.yaml",
    "action-items.yaml",
    "contributing-factors.yaml",
    "postmortem.yaml",
    "roles.yaml",
    "services.yaml",
    "changes.yaml",
)
LIFECYCLES_DIR = "lifecycles"


def read_policy_files(source: Source, policy_dir: str) -> dict[str, bytes]:
    """The repository's policy files (path -> bytes); absent ones are left out."""
    out: dict[str, bytes] = {}
    for name in POLICY_NAMES:
        rel = f"{policy_dir}/{name}"
        if (raw := source.read(rel)) is not None:
            out[rel] = raw
    lc_dir = f"{policy_dir}/{LIFECYCLES_DIR}"
    for name in source.listdir(lc_dir):
        rel = f"{lc_dir}/{name}"
        if name.endswith(".yaml") and (raw := source.read(rel)) is not None:
            out[rel] = raw
    return out
