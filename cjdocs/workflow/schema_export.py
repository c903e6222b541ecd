"""The JSON Schemas as files for editors: one per kind, and one that picks the kind itself.

The combined schema embeds each kind's schema under `$defs/<kind>` (their internal `$ref`s
rewritten to point there) and chooses by `kind` with if/then, so a single file serves
yaml-language-server for every definition file, with no references to resolve elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.schema import load_schema

COMBINED = "cjdocs.schema.json"


def _relocated(node: Any, kind: str) -> Any:
    """A schema with its `#/$defs/...` references moved under `#/$defs/<kind>/$defs/...`."""
    if isinstance(node, dict):
        moved = {key: _relocated(value, kind) for key, value in node.items()}
        reference = moved.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            moved["$ref"] = f"#/$defs/{kind}/$defs/" + reference[len("#/$defs/") :]
        return moved
    if isinstance(node, list):
        return [_relocated(item, kind) for item in node]
    return node


def combined_schema() -> dict:
    definitions = {}
    for kind in KINDS:
        schema = _relocated(load_schema(kind), kind)
        schema.pop("$schema", None)
        definitions[kind] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cjdocs definition",
        "description": "A persona, phase, channel, touchpoint, journey or system; `kind` says which.",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(KINDS), "description": "What this document defines."}},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": f"#/$defs/{kind}"},
            }
            for kind in KINDS
        ],
        "$defs": definitions,
    }


def schema_files() -> dict[str, str]:
    """File name → text of every schema `cjdocs schema` writes."""
    files = {f"{kind}.schema.json": load_schema(kind) for kind in KINDS}
    files[COMBINED] = combined_schema()
    return {
        name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        for name, schema in files.items()
    }


def written_by_cjdocs(path: Path) -> bool:
    """Whether a file where `cjdocs schema` writes holds a schema cjdocs wrote (of any version):
    JSON titled as ours for that name. Anything else is the user's and is never overwritten."""
    titles = {f"{kind}.schema.json": f"cjdocs {kind}" for kind in KINDS}
    titles[COMBINED] = "cjdocs definition"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("title") == titles.get(path.name)
