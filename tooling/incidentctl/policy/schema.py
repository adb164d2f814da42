"""JSON Schemas generated from the models, with this repository's policy names as enums (pure).

Editors autocomplete ``incident.yaml`` from them (``# yaml-language-server: $schema=...``);
CI runs ``incidentctl schema export --check`` so they never drift from the models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from incidentctl.models.incident import Incident
from incidentctl.models.playbook import Playbook
from incidentctl.models.postmortem import Postmortem
from incidentctl.policy.files import LIFECYCLE, POLICY_FILES
from incidentctl.policy.value import Policy

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def models() -> dict[str, type[BaseModel]]:
    """Schema name -> model: the three records, then every policy file kind of the table."""
    out: dict[str, type[BaseModel]] = {
        "incident": Incident, "postmortem": Postmortem, "playbook": Playbook,
    }  # fmt: skip
    for kind in (LIFECYCLE, *POLICY_FILES):
        out[kind.schema] = kind.model_class()
    return out


def schema_file(name: str) -> str:
    return f"{name}.schema.json"


def render_all(policy: Policy) -> dict[str, str]:
    """File name -> JSON text, deterministic so that ``--check`` can compare bytes."""
    out = {}
    for name, model in models().items():
        schema = model.model_json_schema()
        schema = {"$schema": SCHEMA_DIALECT, "$id": schema_file(name), **schema}
        if model is Incident:
            _policy_enums(schema, policy)
        elif model is Playbook:
            _playbook_enums(schema, policy)
        out[schema_file(name)] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def _enum(prop: dict[str, Any], values: list[str]) -> None:
    """Offer the policy's names as a completion list; the pattern still applies."""
    if values:
        prop["examples"] = values
        prop["enum"] = values


def _policy_enums(schema: dict[str, Any], policy: Policy) -> None:
    props = schema["properties"]
    _enum(props["type"], [t.id for t in policy.types.types])
    _enum(props["status"], sorted(policy.state_ids))
    _enum(props["lifecycle"]["anyOf"][0], sorted(policy.lifecycles))
    _enum(props["severity"]["anyOf"][0], [s.id for s in policy.severities.severities])
    _enum(props["priority"]["anyOf"][0], policy.priority_ids)
    item = schema["$defs"]["ActionItem"]["properties"]
    _enum(item["priority"]["anyOf"][0], policy.priority_ids)
    props["roles"]["propertyNames"] = {"enum": sorted(policy.role_ids)}
    if policy.service_ids is not None:
        _enum(props["services"]["items"], sorted(policy.service_ids))


def _playbook_enums(schema: dict[str, Any], policy: Policy) -> None:
    applies = schema["$defs"]["AppliesTo"]["properties"]
    _enum(applies["types"]["items"], [t.id for t in policy.types.types])
    _enum(applies["severities"]["items"], [s.id for s in policy.severities.severities])
    if policy.service_ids is not None:
        _enum(applies["services"]["items"], sorted(policy.service_ids))
