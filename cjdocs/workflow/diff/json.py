"""The diff as JSON for tools (stable: keys may be added, none renamed or removed; lists keep the
order described):

    {
      "base": {"revision": "main", "commit": "<sha>", "source": "journeys",
               "files": 8, "definitions": 40, "errors": 0},
      "head": {... the same; "revision" and "commit" are null for the working tree},
      "summary": {"added": 1, "removed": 0, "renamed": 0, "changed": 2,
                  "kinds": {"persona": {"added": 0, "removed": 0, "renamed": 0, "changed": 0},
                            ... every kind, in the order persona, phase, channel, touchpoint,
                            journey, system}},
      "changes": [  # sorted by kind (in that order), then id
        {"kind": "journey", "id": "mug-shop", "name": "...", "change": "changed",
         # added | removed | renamed (same content, now in another file) | changed
         "file": "journeys/mug.yaml",      # where it is at HEAD; where it was, when removed
         "old_file": "journeys/mug.yaml",  # where it was at BASE; null when added
         "fields": [{"field": "name", "old": "...", "new": "..."}],
         # every changed field (journeys: but `steps`) in schema order, then `x-` keys by name;
         # "old"/"new" are null where the field is not set; empty unless "changed"
         "steps": [  # journeys only, in the order of the steps at HEAD, removed ones in place
           {"id": "cart-reminder", "name": "...", "phase": "purchase",
            "change": "changed",                 # added | removed | changed
            "position": {"old": 6, "new": 7},    # 1-based; null on the side it is missing
            "moved": false,                      # its place among the kept steps changed
            "emotion": {"old": -1, "new": 1, "trend": "rose"} or null,
            # trend: rose | fell | null (set, unset, or not a number); for added and removed
            # steps, the emotion the step has on its side
            "touchpoints": {"added": ["sms"], "removed": []},
            "ways": {"old": [{"if": null, "goto": "pays"}], "new": [...],
                     "added": [...], "removed": [...]} or null,
            # a way is {"if": condition or null, "goto": step id}; [] ends the journey;
            # null when the ways on stayed the same
            "fields": [{"field": "action", "old": "...", "new": "..."}]}],
         "opportunities": [  # journeys only: kept opportunities whose status changed
           {"id": "repair-service" or null, "text": "...", "step": "repair",
            "status": {"old": "planned", "new": "in-progress"}}]}],  # a status null: none
      "problems": [{"side": "head", "message": "HEAD (the working tree) has 2 errors in the
                    definitions", "findings": [{"file", "line", "column", "severity", "code",
                    "path", "message"}]}],
      "review": [{"file", "line", "column", "severity", "code", "path", "message"}]
      # the journey rules' warnings and notes (severity info) at HEAD that BASE has not
    }
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from cjdocs.definitions.findings import json_text
from cjdocs.workflow.diff.compare import (
    CHANGES,
    Diff,
    FieldChange,
    Side,
    StepChange,
    Way,
    emotion_trend,
    minus,
    problems,
    review_notes,
)

# -- JSON -------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value JSON can hold without extensions: NaN and infinity become text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _fields_json(fields: Iterable[FieldChange]) -> list[dict]:
    return [{"field": field.field, "old": field.old, "new": field.new} for field in fields]


def _ways_json(ways: Iterable[Way]) -> list[dict]:
    return [{"if": way.condition, "goto": way.target} for way in ways]


def _step_json(step: StepChange) -> dict:
    emotion = None
    if step.emotion is not None:
        emotion = {
            "old": step.emotion[0],
            "new": step.emotion[1],
            "trend": emotion_trend(*step.emotion),
        }
    ways = None
    if step.ways is not None:
        old, new = step.ways
        ways = {
            "old": _ways_json(old),
            "new": _ways_json(new),
            "added": _ways_json(minus(new, old)),
            "removed": _ways_json(minus(old, new)),
        }
    return {
        "id": step.id,
        "name": step.name,
        "phase": step.phase,
        "change": step.change,
        "position": {"old": step.old_position, "new": step.new_position},
        "moved": step.moved,
        "emotion": emotion,
        "touchpoints": {
            "added": list(step.touchpoints_added),
            "removed": list(step.touchpoints_removed),
        },
        "ways": ways,
        "fields": _fields_json(step.fields),
    }


def _side_json(side: Side) -> dict:
    return {
        "revision": side.revision,
        "commit": side.commit,
        "source": side.source,
        "files": side.files,
        "definitions": len(side.definitions),
        "errors": len(side.errors),
    }


def diff_json(diff: Diff) -> str:
    """The structure described at the top of this module."""
    counts = diff.counts()
    document = {
        "base": _side_json(diff.base),
        "head": _side_json(diff.head),
        "summary": {
            **{change: sum(kind[change] for kind in counts.values()) for change in CHANGES},
            "kinds": counts,
        },
        "changes": [
            {
                "kind": change.kind,
                "id": change.id,
                "name": change.name,
                "change": change.change,
                "file": change.file,
                "old_file": change.old_file,
                "fields": _fields_json(change.fields),
                "steps": [_step_json(step) for step in change.steps],
                "opportunities": [
                    {
                        "id": status.id,
                        "text": status.text,
                        "step": status.step,
                        "status": {"old": status.old, "new": status.new},
                    }
                    for status in change.opportunities
                ],
            }
            for change in diff.changes
        ],
        "problems": [
            {"side": side, "message": message, "findings": [asdict(error) for error in errors]}
            for side, message, errors in problems(diff)
        ],
        "review": [asdict(note) for note in review_notes(diff)],
    }
    return json_text(_plain(document))
