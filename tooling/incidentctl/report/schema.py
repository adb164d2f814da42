"""The JSON document every report prints with ``--format json``, as one JSON Schema (pure).

Here, beside the report values it describes, so that ``schema export`` and a new repository's
scaffold (``incidentctl init``) write the same ``report.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["JSON_VERSION", "report_schema"]

JSON_VERSION = 1


def report_schema() -> str:
    """``report.schema.json``: the JSON document of every report kind (one schema, a oneOf)."""
    from pydantic import TypeAdapter

    from incidentctl.report import ActionsReport, BacklogReport, ComplianceReport, MetricsReport

    kinds = {
        "actions": ActionsReport, "metrics": MetricsReport,
        "compliance": ComplianceReport, "backlog": BacklogReport,
    }  # fmt: skip
    defs: dict[str, Any] = {}
    variants = []
    for kind, cls in kinds.items():
        schema = TypeAdapter(cls).json_schema(mode="serialization")
        defs.update(schema.pop("$defs", {}))
        schema["properties"] = {
            "schema_version": {"const": JSON_VERSION},
            "report": {"const": kind},
            "revision": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            **schema["properties"],
            "left_out": {"type": "array", "items": {"$ref": "#/$defs/LeftOut"}},
        }
        schema["required"] = ["schema_version", "report", *schema.get("required", []), "left_out"]
        schema["additionalProperties"] = False
        variants.append(schema)
    defs["LeftOut"] = {
        "type": "object",
        "properties": {"path": {"type": "string"}, "reason": {"type": "string"}},
        "required": ["path", "reason"],
        "additionalProperties": False,
    }
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "report.schema.json",
        "title": "incidentctl report (--format json)",
        "oneOf": variants,
        "$defs": dict(sorted(defs.items())),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
