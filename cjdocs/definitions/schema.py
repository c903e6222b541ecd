"""The `schema` check: each document against the JSON Schema of its kind, failures in plain words.

The schemas in `cjdocs/schemas/` are the single source of truth. A document is first tried
with a validator that fastjsonschema compiles from the same schema (a tenth of jsonschema's
time, and nearly every document is valid); only a document that fails is walked by
jsonschema's Draft 2020-12 validator, whose errors are turned into sentences located at the
offending value. The schemas use only keywords that both read alike, and a test holds the two
to the same verdict.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from typing import Any

from cjdocs.definitions.findings import ERROR, Finding, did_you_mean, format_path, quoted
from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.loader import Document, LargeNumber, Path

# The largest whole number the schemas allow (reach, order): 2**53 - 1, the largest that every
# program reading JSON (JavaScript's included) keeps exact.
LARGEST_WHOLE_NUMBER = 9_007_199_254_740_991
# Whole numbers written with a point are named as such up to here; past it, by their range.
_SMALL_ENOUGH = 10**15
# A document with more problems than this is reported in part, ending with a count of the rest.
MAX_FINDINGS_PER_DOCUMENT = 100

# What a missing required field is for, so the message tells the editor what to write.
_FIELD_HINTS = {
    "id": "a short name in lower-case letters, digits and hyphens, like 'first-visit'",
    "name": "the name readers see",
    "order": "a whole number that sorts the phases from left to right",
    "type": "'online' or 'offline'",
    "channel": "the id of the channel this touchpoint belongs to",
    "persona": "the id of the persona who takes this journey",
    "steps": "the list of steps the customer takes",
    "phase": "the id of the phase this step belongs to",
    "if": "the condition, like 'cart abandoned'",
    "goto": "the id of the step this branch leads to",
}
_ID_RULE = (
    "use lower-case letters a-z, digits and single hyphens between them, like 'first-purchase'"
)


@functools.cache
def load_schema(kind: str) -> dict:
    """The JSON Schema of a kind, as shipped inside the package."""
    source = resources.files("cjdocs.definitions") / "schemas" / f"{kind}.schema.json"
    return json.loads(source.read_text(encoding="utf-8"))


@functools.cache
def _fast_validator(kind: str):
    import fastjsonschema

    return fastjsonschema.compile(load_schema(kind))


@functools.cache
def _explaining_validator(kind: str):
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema(kind))


def is_valid(kind: str, data: Any) -> bool:
    """The fast verdict: does the document satisfy its kind's schema?"""
    import fastjsonschema

    try:
        _fast_validator(kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_document(document: Document) -> list[Finding]:
    """Every way the document breaks its kind's schema, as findings."""
    data = document.data
    if not isinstance(data, dict):
        return [
            _finding(
                document,
                (),
                f"this document is {_describe_document(data)}, "
                "but a definition must be a mapping of keys and values starting with 'kind:' "
                "and 'id:'",
            )
        ]
    kind = data.get("kind")
    if kind not in KINDS:
        return [_unknown_kind(document, kind)]
    slips = _written_with_a_point(document, kind) + _too_large(document)
    if not document.large_numbers and is_valid(kind, data):
        return slips
    findings: dict[tuple, Finding] = {finding.sort_key(): finding for finding in slips}
    large = set(document.large_numbers)
    for error in _explaining_validator(kind).iter_errors(data):
        if tuple(error.absolute_path) in large:
            continue  # said by _too_large
        for finding in _explain(document, kind, error):
            findings.setdefault(
                (finding.line, finding.column, finding.path, finding.message), finding
            )
    ordered = sorted(findings.values(), key=Finding.sort_key)
    if len(ordered) > MAX_FINDINGS_PER_DOCUMENT:
        rest = len(ordered) - MAX_FINDINGS_PER_DOCUMENT
        ordered = ordered[:MAX_FINDINGS_PER_DOCUMENT]
        ordered.append(_finding(document, (), f"… and {rest:,} more problems in this {kind}"))
    return ordered


def _finding(document: Document, path: Path, message: str, *, at_key: bool = False) -> Finding:
    line, column = document.locate_key(path) if at_key else document.locate(path)
    return Finding(document.file, line, column, ERROR, "schema", format_path(path), message)


def _unknown_kind(document: Document, kind: Any) -> Finding:
    choices = ", ".join(KINDS)
    if "kind" not in document.data:
        return _finding(document, (), f"this definition has no kind (one of {choices})")
    if not isinstance(kind, str):
        return _finding(
            document, ("kind",), f"kind must be one of {choices}, not {_describe_value(kind)}"
        )
    return _finding(
        document,
        ("kind",),
        f"unknown kind {quoted(kind)}{did_you_mean(kind, KINDS)}; use one of {choices}",
    )


# -- turning jsonschema's errors into sentences ---------------------------------------------------


def _explain(document: Document, kind: str, error) -> list[Finding]:
    path: Path = tuple(error.absolute_path)
    keyword = error.validator
    value = error.instance
    name = _field_name(path)
    if keyword == "required":
        missing = [key for key in error.validator_value if key not in value]
        return [_missing(document, kind, path, value, key) for key in missing]
    if keyword == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        return [
            _finding(
                document,
                (*path, key),
                _unknown_key(key, allowed, _what(kind, path, value)),
                at_key=True,
            )
            for key in value
            if key not in allowed and not key.startswith("x-")
        ]
    if keyword == "not":  # the only `not` in our schemas forbids next and branches together
        return [
            _finding(
                document,
                (*path, "branches"),
                f"{_what(kind, path, value)} has both next and branches; a step goes on by one of "
                "them, never both",
                at_key=True,
            )
        ]
    if keyword in ("minimum", "maximum") and isinstance(value, float) and not math.isfinite(value):
        return []  # the type error says it: infinity is no whole number
    return [_finding(document, path, _sentence(keyword, name, value, error))]


def _sentence(keyword: str, name: str, value: Any, error) -> str:
    schema = error.schema
    if keyword == "type":
        expected = error.validator_value
        if value is None:
            return _empty(name)
        hint = (
            " (put it in quotes to keep it as text)"
            if expected == "string" and isinstance(value, (int, float))
            else ""
        )
        return f"{name} must be {_describe_type(expected)}, not {_describe_value(value)}{hint}"
    if keyword in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        shown = _number(value)
        if keyword == "maximum" and high == LARGEST_WHOLE_NUMBER:
            return f"{name} must be at most {high:,}, the largest number cjdocs works with, not {shown}"
        if keyword == "minimum" and low == -LARGEST_WHOLE_NUMBER:
            return f"{name} must be at least {low:,}, the smallest number cjdocs works with, not {shown}"
        if low is not None and high is not None and LARGEST_WHOLE_NUMBER not in (-low, high):
            return f"{name} must be between {low} and {high}, not {shown}"
        return (
            f"{name} must be {low} or more, not {shown}"
            if keyword == "minimum"
            else f"{name} must be {high} or less, not {shown}"
        )
    if keyword == "pattern":
        if name == "url":
            return (
                f"url must be a web address starting with http:// or https://, not {quoted(value)}"
            )
        return f"{quoted(value)} is not a valid id: {_ID_RULE}"
    if keyword == "maxLength":
        return (
            f"{name} is {len(value)} characters long; at most {error.validator_value} are allowed"
        )
    if keyword == "minLength":
        return _empty(name)
    if keyword == "enum":
        choices = " or ".join(quoted(choice) for choice in error.validator_value)
        return f"{name} must be {choices}, not {quoted(value)}{did_you_mean(value, error.validator_value)}"
    if keyword == "const":
        return f"{name} must be {quoted(error.validator_value)}, not {quoted(value)}"
    if keyword == "minItems":
        if name == "steps":
            return "a journey needs at least one step"
        if name == "branches":
            return "branches is empty; give at least one {if, goto}, or end the journey here with next: []"
        return f"{name} needs at least {error.validator_value} entries"
    return f"{name} does not fit the definition format (rule '{keyword}')"


def _empty(name: str) -> str:
    """An empty value: a required field needs one, a list item or an optional field can go."""
    if name.endswith("]"):
        return f"{name} is empty; write a value or remove it from the list"
    hint = _FIELD_HINTS.get(name)
    if hint:
        return f"{name} is empty; write {hint}"
    return f"{name} is empty; write a value or remove the key"


# Fields that hold whole numbers. JSON Schema counts 18.0 as a whole number, but in a
# definition it is a slip: `reach: 18.000` (eighteen thousand, the German way) reads as 18.
_WHOLE_NUMBER_FIELDS = {
    "phase": (("order",),),
    "journey": (("steps", "*", "emotion"), ("steps", "*", "reach")),
}


def _written_with_a_point(document: Document, kind: str) -> list[Finding]:
    findings = []
    for pattern in _WHOLE_NUMBER_FIELDS.get(kind, ()):
        for path, value in _values_at(document.data, pattern):
            # Past the largest whole number, the range check speaks (and `int(1e308 * 1000)`
            # would fail: the product is infinite).
            if isinstance(value, float) and value.is_integer() and abs(value) <= _SMALL_ENOUGH:
                name = _field_name(path)
                example = (
                    f" (for {int(value * 1000):,} write {int(value * 1000)})"
                    if name.endswith("reach") and 0 < abs(value) * 1000 <= LARGEST_WHOLE_NUMBER
                    else ""
                )
                findings.append(
                    _finding(
                        document,
                        path,
                        f"{name} must be a whole number written without a point, not {value:.1f}{example}",
                    )
                )
    return findings


def _too_large(document: Document) -> list[Finding]:
    """A `schema` finding for each number too large to work with, wherever it stands (in a
    field of text as much as in `reach`: it was written as a number)."""
    findings = []
    for path in document.large_numbers:
        value = _value_at(document.data, path)
        findings.append(
            _finding(
                document,
                path,
                f"{_field_name(path)} is {value.description}, too large for cjdocs to work "
                "with; write a smaller number, or put it in quotes to keep it as text",
            )
        )
    return findings


def _value_at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _values_at(data: Any, pattern: tuple, path: Path = ()):
    if not pattern:
        yield path, data
        return
    head, *rest = pattern
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _values_at(item, tuple(rest), (*path, index))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], tuple(rest), (*path, head))


def _missing(document: Document, kind: str, path: Path, mapping: dict, key: str) -> Finding:
    hint = _FIELD_HINTS.get(key)
    message = f"{_what(kind, path, mapping)} has no {key}"
    if hint:
        message += f" ({hint})"
    return _finding(document, path, message)


def _unknown_key(key: str, allowed: set[str], what: str) -> str:
    suggestion = did_you_mean(key, allowed)
    if suggestion:
        return f"unknown key {quoted(key)}{suggestion}"
    return (
        f"unknown key {quoted(key)}: {_article(what)} can have {', '.join(sorted(allowed - {'kind'}))} "
        "(keys of your own must start with 'x-')"
    )


def _article(what: str) -> str:
    noun = what.split(" ")[0]
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _what(kind: str, path: Path, mapping: Any) -> str:
    """Names the mapping a message is about: `step 'kauf'`, `journey 'laptop'`, `branch 2`."""
    noun = kind
    if len(path) >= 2 and path[0] == "steps":
        noun = "step" if len(path) == 2 else "branch"
    identifier = mapping.get("id") if isinstance(mapping, dict) and noun != "branch" else None
    if isinstance(identifier, str) and identifier:
        return f"{noun} {quoted(identifier)}"
    if noun == "branch" and isinstance(path[-1], int):
        return f"branch {path[-1] + 1}"
    return f"this {noun}"


def _field_name(path: Path) -> str:
    """The field a value belongs to, as the editor wrote it: `emotion`, `touchpoints[1]`."""
    if not path:
        return "this definition"
    tail: list[str | int] = []
    for part in reversed(path):
        tail.insert(0, part)
        if isinstance(part, str):
            break
    return format_path(tail)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of keys and values",
    "boolean": "true or false",
    "null": "empty",
}


def _describe_type(expected: str | list[str]) -> str:
    if isinstance(expected, list):
        return " or ".join(_TYPE_WORDS.get(item, item) for item in expected)
    return _TYPE_WORDS.get(expected, expected)


def _number(value: Any) -> str:
    """A number as a message shows it: whole numbers with thousands separators when long."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def _describe_document(data: Any) -> str:
    # Text is not quoted: a file that is no definition at all (a link to some other file, say)
    # must not have its content shown, and a plain text folds all its lines into one.
    if isinstance(data, LargeNumber):
        return data.description
    return "text" if isinstance(data, str) else _describe_value(data)


def _describe_value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, LargeNumber):
        return value.description
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, str):
        return f"the text {quoted(value)}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
