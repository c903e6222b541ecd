"""Comparing two sides by meaning: definitions paired by kind and id, journeys down to their steps."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from cjdocs.definitions.findings import Finding
from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.loader import Document
from cjdocs.definitions.schema import load_schema
from cjdocs.definitions.steps import Way, onward

CHANGES = ("added", "removed", "renamed", "changed")
Key = tuple[str, str]
_STEP_DETAILS = ("id", "emotion", "touchpoints", "next", "branches")  # compared on their own


# -- the two sides ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Definition:
    kind: str
    id: str
    file: str
    data: dict


@dataclass(frozen=True, slots=True)
class Side:
    """The definitions at one revision, or in the working tree (`revision` None)."""

    revision: str | None
    commit: str | None
    source: str
    files: int
    definitions: dict[Key, Definition]
    errors: tuple[Finding, ...]
    # The journey rules' warnings and notes (cjdocs/definitions/lint.py), for the review.
    review: tuple[Finding, ...] = ()

    @property
    def label(self) -> str:
        return self.revision if self.revision is not None else "the working tree"


def collect(documents: Iterable[Document]) -> dict[Key, Definition]:
    """The definitions among the documents by kind and id; the first wins where ids repeat."""
    definitions: dict[Key, Definition] = {}
    for document in documents:
        data = document.data
        if not isinstance(data, dict):
            continue
        kind, identifier = data.get("kind"), data.get("id")
        if isinstance(kind, str) and kind in KINDS and isinstance(identifier, str):
            definitions.setdefault(
                (kind, identifier), Definition(kind, identifier, document.file, data)
            )
    return definitions


# -- comparing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any  # None where the field is not set
    new: Any


@dataclass(frozen=True, slots=True)
class StepChange:
    id: str
    name: Any
    phase: Any
    change: str  # added | removed | changed
    old_position: int | None
    new_position: int | None
    moved: bool = False
    emotion: tuple[Any, Any] | None = None  # (old, new), None where they are the same
    touchpoints_added: tuple[str, ...] = ()
    touchpoints_removed: tuple[str, ...] = ()
    ways: tuple[tuple[Way, ...], tuple[Way, ...]] | None = None  # (old, new) when they differ
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusChange:
    """An opportunity of a journey whose status changed: `text` and `id` (None where it has
    none) as at HEAD, the step it stands at there, and its status before and after (None: it
    had none, as plain text has none)."""

    text: Any
    id: str | None
    step: Any
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    id: str
    change: str  # added | removed | renamed | changed
    name: Any
    file: str
    old_file: str | None
    fields: tuple[FieldChange, ...] = ()
    steps: tuple[StepChange, ...] = ()
    opportunities: tuple[StatusChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Diff:
    base: Side
    head: Side
    changes: tuple[Change, ...]

    def counts(self) -> dict[str, dict[str, int]]:
        """How many definitions of each kind were added, removed, renamed or changed."""
        counts = {kind: dict.fromkeys(CHANGES, 0) for kind in KINDS}
        for change in self.changes:
            counts[change.kind][change.change] += 1
        return counts


def compare(base: Side, head: Side) -> Diff:
    return Diff(base, head, compare_definitions(base.definitions, head.definitions))


def compare_definitions(
    base: Mapping[Key, Definition], head: Mapping[Key, Definition]
) -> tuple[Change, ...]:
    """What happened to each definition from `base` to `head`, sorted by kind, then id."""
    changes = []
    for key in sorted(base.keys() | head.keys(), key=lambda key: (KINDS.index(key[0]), key[1])):
        kind, identifier = key
        old, new = base.get(key), head.get(key)
        if old is None:
            new = head[key]
            changes.append(Change(kind, identifier, "added", _name(new.data), new.file, None))
        elif new is None:
            changes.append(Change(kind, identifier, "removed", _name(old.data), old.file, old.file))
        else:
            change = _changed(old, new)
            if change is not None:
                changes.append(change)
    return tuple(changes)


def _changed(old: Definition, new: Definition) -> Change | None:
    """The changes to one definition; None when it means the same in the same file."""
    kind = old.kind
    fields: tuple[FieldChange, ...] = ()
    steps: tuple[StepChange, ...] = ()
    statuses: tuple[StatusChange, ...] = ()
    if not _same(old.data, new.data):
        old_steps, new_steps = old.data.get("steps"), new.data.get("steps")
        by_step = kind == "journey" and isinstance(old_steps, list) and isinstance(new_steps, list)
        skipped = ("kind", "id", "steps") if by_step else ("kind", "id")
        fields = _field_changes(_field_order(kind), old.data, new.data, skipped)
        if by_step:
            steps = _step_changes(old_steps, new_steps)
            statuses = status_changes(old_steps, new_steps)
    name = _name(new.data)
    if fields or steps:
        return Change(kind, old.id, "changed", name, new.file, old.file, fields, steps, statuses)
    if old.file != new.file:
        return Change(kind, old.id, "renamed", name, new.file, old.file)
    return None  # written differently (key order, `next` spelt out), meaning the same


def _same(old: Any, new: Any) -> bool:
    """Equal values of equal types: `1` is not `true`, nor `1.0`; NaN equals NaN."""
    if type(old) is not type(new):
        return False
    if isinstance(old, dict):
        return old.keys() == new.keys() and all(_same(old[key], new[key]) for key in old)
    if isinstance(old, list):
        return len(old) == len(new) and all(map(_same, old, new))
    if isinstance(old, float) and math.isnan(old):
        return math.isnan(new)
    return old == new


_MISSING = object()


def _field_changes(
    order: Sequence[str], old: Mapping, new: Mapping, skipped: Sequence[str]
) -> tuple[FieldChange, ...]:
    """The fields whose values differ, in schema order, then the others by name."""
    present = (old.keys() | new.keys()) - set(skipped)
    names = [name for name in order if name in present]
    names += sorted(present - set(order))
    return tuple(
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if not _same(old.get(name, _MISSING), new.get(name, _MISSING))
    )


def _field_order(kind: str) -> tuple[str, ...]:
    return tuple(load_schema(kind)["properties"])


def _step_field_order() -> tuple[str, ...]:
    return tuple(load_schema("journey")["$defs"]["step"]["properties"])


def _name(data: Mapping) -> Any:
    return data.get("name") if isinstance(data, Mapping) else None


def as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _keyed_steps(steps: list) -> dict[str, tuple[int, dict]]:
    """Steps by id, with their 1-based position; a step without a usable id is keyed by its place
    (`#3`), as happens while a file is being edited."""
    keyed: dict[str, tuple[int, dict]] = {}
    for position, step in enumerate(steps, 1):
        mapping = step if isinstance(step, dict) else {}
        identifier = mapping.get("id")
        key = identifier if isinstance(identifier, str) and identifier not in keyed else None
        keyed[key or f"#{position}"] = (position, mapping)
    return keyed


def _ways(keys: list[str], steps: list[dict], index: int) -> tuple[Way, ...]:
    """Where a step leads, by meaning: `next: b` and a step that is followed by `b` are alike."""
    return tuple(
        Way(
            keys[way.target] if isinstance(way.target, int) else way.target,
            None if way.condition is None else as_text(way.condition),
        )
        for way in onward(steps, index).ways
    )


def _way_key(way: Way) -> tuple:
    return (way.condition is not None, way.condition or "", way.target)


def minus(items: Iterable, taken: Iterable) -> tuple:
    """The items not in `taken`, in their order, each repetition counted."""
    left = Counter(taken)
    result = []
    for item in items:
        if left[item]:
            left[item] -= 1
        else:
            result.append(item)
    return tuple(result)


def _step_changes(old_steps: list, new_steps: list) -> tuple[StepChange, ...]:
    """Steps added, removed, moved and changed, in the order of the new steps, removed ones where
    they stood."""
    old, new = _keyed_steps(old_steps), _keyed_steps(new_steps)
    old_keys, new_keys = list(old), list(new)
    old_mappings = [mapping for _, mapping in old.values()]
    new_mappings = [mapping for _, mapping in new.values()]
    old_ways = {key: _ways(old_keys, old_mappings, index) for index, key in enumerate(old_keys)}
    new_ways = {key: _ways(new_keys, new_mappings, index) for index, key in enumerate(new_keys)}
    order = _step_field_order()

    def alone(key: str, change: str) -> StepChange:
        """A step only one side has: `added` at HEAD or `removed` from BASE."""
        position, step = (new if change == "added" else old)[key]
        before, after = (None, position) if change == "added" else (position, None)
        emotion = (None, step.get("emotion")) if change == "added" else (step.get("emotion"), None)
        return StepChange(
            key, step.get("name"), step.get("phase"), change, before, after, emotion=emotion
        )

    def kept(key: str, moved: bool) -> StepChange | None:
        (old_position, before), (new_position, after) = old[key], new[key]
        emotion = before.get("emotion"), after.get("emotion")
        touchpoints = _as_list(before.get("touchpoints")), _as_list(after.get("touchpoints"))
        ways = old_ways[key], new_ways[key]
        change = StepChange(
            key,
            after.get("name"),
            after.get("phase"),
            "changed",
            old_position,
            new_position,
            moved=moved,
            emotion=None if _same(*emotion) else emotion,
            touchpoints_added=minus(touchpoints[1], touchpoints[0]),
            touchpoints_removed=minus(touchpoints[0], touchpoints[1]),
            ways=None if sorted(ways[0], key=_way_key) == sorted(ways[1], key=_way_key) else ways,
            fields=_field_changes(order, before, after, _STEP_DETAILS),
        )
        details = (
            change.emotion,
            change.touchpoints_added,
            change.touchpoints_removed,
            change.ways,
            change.fields,
        )
        return change if moved or any(details) else None

    changes: list[StepChange | None] = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            changes.extend(kept(key, False) for key in new_keys[new_start:new_end])
            continue
        # Out of place: a step that left here and stands elsewhere is reported where it stands.
        changes.extend(
            alone(key, "removed") for key in old_keys[old_start:old_end] if key not in new
        )
        changes.extend(
            kept(key, True) if key in old else alone(key, "added")
            for key in new_keys[new_start:new_end]
        )
    return tuple(change for change in changes if change is not None)


# -- the backlog ---------------------------------------------------------------------------------

# An opportunity as compared: (id or None, text, status or None, step id).
_Opportunity = tuple[Any, Any, Any, Any]


def _opportunities(steps: list) -> list[_Opportunity]:
    """Every opportunity of a side's steps, written as text or as a mapping."""
    found = []
    for step in steps:
        if not isinstance(step, dict) or not isinstance(step.get("opportunities"), list):
            continue
        for item in step["opportunities"]:
            if isinstance(item, dict):
                identifier = item.get("id") if isinstance(item.get("id"), str) else None
                found.append((identifier, item.get("text"), item.get("status"), step.get("id")))
            else:
                found.append((None, item, None, step.get("id")))
    return found


def status_changes(old_steps: list, new_steps: list) -> tuple[StatusChange, ...]:
    """The opportunities kept from BASE to HEAD whose status changed, in HEAD's order. An
    opportunity is the same one by its id, or, where either side has no id for it, by its text
    (so that plain text given a status, or moved to another step, is followed)."""
    old = _opportunities(old_steps)
    new = _opportunities(new_steps)
    by_id = {item[0]: item for item in old if item[0] is not None}
    by_text: dict[str, list[_Opportunity]] = {}
    for item in old:
        by_text.setdefault(as_text(item[1]), []).append(item)
    taken: set[int] = set()
    changes = []
    for identifier, text, status, step in new:
        before = by_id.get(identifier) if identifier is not None else None
        if before is None or id(before) in taken:
            before = next(
                (
                    item
                    for item in by_text.get(as_text(text), ())
                    if id(item) not in taken and (item[0] is None or identifier is None)
                ),
                None,
            )
        if before is None:
            continue  # a new opportunity: the step's changes say so
        taken.add(id(before))
        if not _same(before[2], status):
            changes.append(StatusChange(text, identifier, step, before[2], status))
    return tuple(changes)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [as_text(item) for item in (value if isinstance(value, list) else [value])]


def emotion_trend(old: Any, new: Any) -> str | None:
    """'rose' or 'fell' between two emotions that are numbers; None otherwise."""
    if not all(
        isinstance(value, (int, float)) and not isinstance(value, bool) for value in (old, new)
    ):
        return None
    return "rose" if new > old else "fell" if new < old else None


# -- problems -----------------------------------------------------------------------------------


def problems(diff: Diff) -> list[tuple[str, str, tuple[Finding, ...]]]:
    """(side, message, errors) for each side whose definitions have errors or cannot be found."""
    found = []
    for side_name, side in (("base", diff.base), ("head", diff.head)):
        who = f"{side_name.upper()} ({side.label})"
        if side.errors:
            count = len(side.errors)
            found.append(
                (
                    side_name,
                    f"{who} has {count:,} error{'' if count == 1 else 's'} in the definitions",
                    side.errors,
                )
            )
        if side.files == 0:
            found.append(
                (
                    side_name,
                    f"{who} has no definition files (*.yaml, *.yml) under {side.source}",
                    (),
                )
            )
    return found


def review_notes(diff: Diff) -> tuple[Finding, ...]:
    """The journey rules' warnings and notes that HEAD has and BASE has not: what a reviewer of
    the change may ask about. A finding counts as the same on both sides by its file, code and
    message (its line moves with every line added above it)."""
    before = {(finding.file, finding.code, finding.message) for finding in diff.base.review}
    return tuple(
        finding
        for finding in diff.head.review
        if (finding.file, finding.code, finding.message) not in before
    )
