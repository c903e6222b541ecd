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
import re
from importlib import resources
from typing import Any

from cjdocs.definitions.findings import ERROR, Finding, closest, format_path, quoted
from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.loader import Document, LargeNumber, Path, resolve_plain
from cjdocs.definitions.messages import (
    ODD_CHARACTERS,
    Words,
    character_name,
    is_id,
    item_called,
    odd_characters,
    plain,
    slug,
    where,
    words,
    yaml_item,
    yaml_text,
)

# The largest whole number the schemas allow (reach, order): 2**53 - 1, the largest that every
# program reading JSON (JavaScript's included) keeps exact.
LARGEST_WHOLE_NUMBER = 9_007_199_254_740_991
# Whole numbers written with a point are named as such up to here; past it, by their range.
_SMALL_ENOUGH = 10**15
# A document with more problems than this is reported in part, ending with a count of the rest.
MAX_FINDINGS_PER_DOCUMENT = 100

# Required fields whose message says what to write (`message.schema.hint.<field>`).
_FIELD_HINTS = frozenset(
    ("id", "name", "order", "type", "channel", "persona", "steps", "phase", "if", "goto", "system")
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


def check_document(document: Document, language: str | None = None) -> list[Finding]:
    """Every way the document breaks its kind's schema, as findings (in `language`)."""
    word = words(language)
    data = document.data
    if not isinstance(data, dict):
        return [
            _finding(
                document, (), word("schema.not_a_definition", what=_describe_document(word, data))
            )
        ]
    kind = data.get("kind")
    if kind not in KINDS:
        return [_unknown_kind(document, kind, word)]
    slips = _written_with_a_point(document, kind, word) + _too_large(document, word)
    if not document.large_numbers and is_valid(kind, data):
        return slips
    joined = _joined_key(document, kind, word)
    if joined is not None:
        return [joined]
    findings: dict[tuple, Finding] = {finding.sort_key(): finding for finding in slips}
    large = set(document.large_numbers)
    for error in _explaining_validator(kind).iter_errors(data):
        if tuple(error.absolute_path) in large:
            continue  # said by _too_large
        for finding in _explain(document, kind, error, word):
            findings.setdefault(
                (finding.line, finding.column, finding.path, finding.message), finding
            )
    ordered = sorted(findings.values(), key=Finding.sort_key)
    if len(ordered) > MAX_FINDINGS_PER_DOCUMENT:
        rest = len(ordered) - MAX_FINDINGS_PER_DOCUMENT
        ordered = ordered[:MAX_FINDINGS_PER_DOCUMENT]
        ordered.append(_finding(document, (), word.count("schema.more", rest)))
    return ordered


def _finding(
    document: Document,
    path: Path,
    message: str,
    word: Words | None = None,
    *,
    at_key: bool = False,
    column: int | None = None,
) -> Finding:
    """A `schema` finding at `path`. Given `word`, its message starts with the step or branch
    it is about (messages that name it themselves are given without)."""
    line, start = document.locate_key(path) if at_key else document.locate(path)
    if word is not None:
        message = word.at(where(word, document.data, path), message)
    return Finding(
        document.file, line, column or start, ERROR, "schema", format_path(path), message
    )


def _unknown_kind(document: Document, kind: Any, word: Words) -> Finding:
    choices = ", ".join(KINDS)
    if "kind" not in document.data:
        misspelt = _misspelt_key(document.data, "kind")
        if misspelt is not None:
            return _finding(
                document,
                (misspelt,),
                word("schema.unknown_key_suggestion", key=quoted(misspelt), suggestion="'kind'"),
                at_key=True,
            )
        return _finding(document, (), word("schema.no_kind", choices=choices))
    if not isinstance(kind, str):
        return _finding(
            document,
            ("kind",),
            word("schema.kind_not_text", choices=choices, value=_describe_value(word, kind)),
        )
    suggestion = closest(kind, KINDS) or closest(kind.lower(), KINDS)
    if suggestion:
        return _finding(
            document,
            ("kind",),
            word(
                "schema.unknown_kind_suggestion",
                kind=quoted(kind),
                suggestion=quoted(suggestion),
                fix=suggestion,
            ),
        )
    return _finding(
        document, ("kind",), word("schema.unknown_kind", kind=quoted(kind), choices=choices)
    )


def _misspelt_key(mapping: dict, meant: str, allowed: set[str] | None = None) -> str | None:
    """A key of `mapping` that is no key it may have (`allowed`, by default any key of any
    definition) and most likely means `meant`: `kin` for `kind`, `nme` for `name`."""
    known = allowed if allowed is not None else all_keys()
    for key in mapping:
        if (
            isinstance(key, str)
            and key not in known
            and not key.startswith("x-")
            and closest(key, {meant, *known}) == meant
        ):
            return key
    return None


# -- turning jsonschema's errors into sentences ---------------------------------------------------


@functools.cache
def all_keys() -> frozenset[str]:
    """Every key any kind of definition (or step, or branch) can have."""
    keys: set[str] = set()

    def collect(schema: Any) -> None:
        if isinstance(schema, dict):
            keys.update(schema.get("properties", {}))
            for value in schema.values():
                collect(value)
        elif isinstance(schema, list):
            for value in schema:
                collect(value)

    for kind in KINDS:
        collect(load_schema(kind))
    return frozenset(keys)


def _explain(document: Document, kind: str, error, word: Words) -> list[Finding]:
    path: Path = tuple(error.absolute_path)
    keyword = error.validator
    value = error.instance
    if keyword in ("required", "additionalProperties") and _colon_in_item(path, value):
        # `- Delivery: two days` under pain points: a text whose colon made it a key. One
        # message, given once (both keywords see it), saying how to keep it text.
        if keyword == "additionalProperties":
            return []
        ((key, inner),) = value.items()
        text = f"{key}:" if inner is None else f"{key}: {inner}"
        return [
            _finding(
                document, path, word("schema.colon_made_a_key", fix=f"- {yaml_text(text)}"), word
            )
        ]
    if keyword == "required":
        allowed = set(error.schema.get("properties", {}))
        missing = [
            key
            for key in error.validator_value
            # One cause, one message: a misspelt key is said by its unknown-key finding.
            if key not in value and _misspelt_key(value, key, allowed) is None
        ]
        return [_missing(document, kind, path, value, key, word) for key in missing]
    if keyword == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        return [
            _unknown_key(document, kind, (*path, key), allowed, word)
            for key in value
            if key not in allowed and not key.startswith("x-")
        ]
    if keyword == "not":  # the only `not` in our schemas forbids next and branches together
        return [
            _finding(
                document,
                (*path, "branches"),
                word("schema.next_and_branches", what=_what(word, document, kind, path, value)),
                at_key=True,
            )
        ]
    if keyword in ("minimum", "maximum") and isinstance(value, float) and not math.isfinite(value):
        return []  # the type error says it: infinity is no whole number
    return [_finding(document, path, _sentence(word, keyword, path, value, error), word)]


def _choice(value: Any) -> str:
    """A choice as it is typed: a word in quotes, a number bare (`1`, not `'1'`)."""
    return quoted(value) if isinstance(value, str) else str(value)


def _colon_in_item(path: Path, value: Any) -> bool:
    """A pain point or opportunity written as text with a colon in it, which YAML read as a
    mapping of one key that no such item has."""
    if len(path) != 4 or path[0] != "steps" or path[2] not in ("pain_points", "opportunities"):
        return False
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((key, inner),) = value.items()
    return (
        isinstance(key, str)
        and key not in properties("journey", _STEP_ITEMS[path[2]])
        and not key.startswith("x-")
        and (inner is None or isinstance(inner, (str, int, float)))
    )


def _sentence(word: Words, keyword: str, path: Path, value: Any, error) -> str:
    schema = error.schema
    name = _field_name(word, path)
    if keyword == "type":
        return _wrong_type(word, path, name, value, error.validator_value, schema)
    if keyword in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        shown = _number(word, value)
        if keyword == "maximum" and high == LARGEST_WHOLE_NUMBER:
            return word("schema.at_most_largest", name=name, limit=high, value=shown)
        if keyword == "minimum" and low == -LARGEST_WHOLE_NUMBER:
            return word("schema.at_least_smallest", name=name, limit=low, value=shown)
        if low is not None and high is not None and LARGEST_WHOLE_NUMBER not in (-low, high):
            return word("schema.between", name=name, low=low, high=high, value=shown)
        if keyword == "minimum":
            return word("schema.minimum", name=name, limit=low, value=shown)
        return word("schema.maximum", name=name, limit=high, value=shown)
    if keyword == "pattern":
        if path[-1:] in (("url",), ("link",)):
            return word(f"schema.{path[-1]}", value=quoted(value))
        return _bad_id(word, path, name, value)
    if keyword == "maxLength":
        return word("schema.too_long", name=name, length=len(value), limit=error.validator_value)
    if keyword == "minLength":
        return _empty(word, path, name)
    if keyword == "enum":
        choices = word(
            "or",
            first=", ".join(map(_choice, error.validator_value[:-1])),
            last=_choice(error.validator_value[-1]),
        )
        # Only words can be misspelt: a priority's choices mix numbers and words.
        texts = [choice for choice in error.validator_value if isinstance(choice, str)]
        suggestion = closest(value, texts) if isinstance(value, str) else None
        if suggestion:
            return word(
                "schema.enum_suggestion",
                name=name,
                choices=choices,
                value=quoted(value),
                suggestion=quoted(suggestion),
            )
        return word("schema.enum", name=name, choices=choices, value=_describe_value(word, value))
    if keyword == "const":
        return word(
            "schema.const", name=name, expected=quoted(error.validator_value), value=quoted(value)
        )
    if keyword == "minItems":
        if path[-1:] == ("steps",):
            return word("schema.no_steps")
        if path[-1:] == ("branches",):
            return word("schema.no_branches")
        return word.count("schema.min_items", error.validator_value, name=name)
    if keyword == "maxItems" and isinstance(value, list):
        return word.count("schema.max_items", error.validator_value, name=name, given=len(value))
    return word("schema.rule", name=name, rule=keyword)


def _wrong_type(word: Words, path: Path, name: str, value: Any, expected, schema: dict) -> str:
    """`emotion must be a whole number, not the text 'high'`, or, where the slip is plain to
    see (a typographic minus, a number with separators, text where a list belongs, a colon that
    made text a key), what is at the value and the line to type instead."""
    if value is None:
        return _empty(word, path, name)
    types = expected if isinstance(expected, list) else [expected]
    if isinstance(value, str) and ("integer" in types or "number" in types):
        number = _as_number(value)
        if number is not None:
            odd = [character for _, character in odd_characters(value)]
            if odd:
                return word(
                    "schema.odd_in_value",
                    value=quoted(value),
                    character=character_name(word, odd[0]),
                    fix=number,
                )
            return word("schema.separators", value=quoted(value), fix=number)
    if isinstance(value, str) and "array" in types and "string" not in types:
        dash = value.lstrip()[:1]
        if ODD_CHARACTERS.get(dash) == "minus":
            return word(
                "schema.list_dash", value=quoted(value), character=character_name(word, dash)
            )
        return word("schema.write_list", name=name, fix=f"{path[-1]}: {_as_list(value, schema)}")
    if isinstance(value, dict) and len(value) == 1 and "string" in types:
        ((key, inner),) = value.items()
        if isinstance(key, str) and (inner is None or isinstance(inner, (str, int, float))):
            text = f"{key}:" if inner is None else f"{key}: {inner}"
            written = yaml_text(text)
            fix = f"- {written}" if isinstance(path[-1], int) else f"{path[-1]}: {written}"
            return word("schema.colon_made_a_key", fix=fix)
    hint = (
        word("schema.quote_hint")
        if "string" in types and isinstance(value, (int, float)) and not isinstance(value, bool)
        else ""
    )
    return word(
        "schema.type",
        name=name,
        expected=_describe_type(word, types),
        value=_describe_value(word, value),
        hint=hint,
    )


_SEPARATED = re.compile(r"[+-]?[0-9]{1,3}(?:[,.' \u00a0\u202f\u2009][0-9]{3})+")


def _as_number(text: str) -> str | None:
    """How a number written as text should be typed: `−1` → `-1`, `18,000` → `18000`."""
    typed = plain(text).strip()
    if _SEPARATED.fullmatch(typed):
        typed = re.sub(r"[^0-9+-]", "", typed)
    value = resolve_plain(typed) if typed else None
    if isinstance(value, (int, float)) and not isinstance(value, (bool, LargeNumber)):
        return typed if typed != text else None
    return None


def _as_list(text: str, schema: dict) -> str:
    """`checkout, product-page` as the list it was meant to be: `[checkout, product-page]`.
    A list of ids is split at its commas; a text stays one item."""
    items = schema.get("items", {})
    if "$ref" in items or "pattern" in items:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        return "[" + ", ".join(slug(part) or yaml_item(part) for part in parts) + "]"
    return f"[{yaml_item(text)}]"


_JOINED_IDS = re.compile(r"\s+(?:-\s+)?")


def _bad_id(word: Words, path: Path, name: str, value: str) -> str:
    """An id that breaks the rule, with the id it most likely meant spelled out."""
    odd = [character for _, character in odd_characters(value)]
    fixed = slug(value)
    if odd and fixed and is_id(plain(value).strip().strip("\"'")):
        return word(
            "schema.odd_in_value",
            value=quoted(value),
            character=character_name(word, odd[0]),
            fix=fixed,
        )
    parts = _JOINED_IDS.split(value.strip())
    if isinstance(path[-1], int) and len(parts) > 1 and all(map(is_id, parts)):
        # `- voltwerk-newsletter - win-back-email`: two items of a list of ids on one line.
        return word("schema.joined_ids", value=quoted(value))
    if path[-1:] == ("next",) and "," in value:
        listed = _as_list(value, {"items": {"pattern": ""}})
        return word("schema.write_list", name=name, fix=f"next: {listed}")
    if fixed:
        return word("schema.id_fix", value=quoted(value), fix=fixed)
    return word("schema.id_rule", value=quoted(value))


def _empty(word: Words, path: Path, name: str) -> str:
    """An empty value: a required field needs one, a list item or an optional field can go."""
    if path and isinstance(path[-1], int):
        return word("schema.empty_item", name=name)
    if path and path[-1] in _FIELD_HINTS:
        return word("schema.empty_hint", name=name, hint=word(f"schema.hint.{path[-1]}"))
    return word("schema.empty", name=name)


# Fields that hold whole numbers. JSON Schema counts 18.0 as a whole number, but in a
# definition it is a slip: `reach: 18.000` (eighteen thousand, the German way) reads as 18.
_WHOLE_NUMBER_FIELDS = {
    "phase": (("order",),),
    "journey": (("steps", "*", "emotion"), ("steps", "*", "reach")),
}


def _written_with_a_point(document: Document, kind: str, word: Words) -> list[Finding]:
    findings = []
    for pattern in _WHOLE_NUMBER_FIELDS.get(kind, ()):
        for path, value in _values_at(document.data, pattern):
            # Past the largest whole number, the range check speaks (and `int(1e308 * 1000)`
            # would fail: the product is infinite).
            if isinstance(value, float) and value.is_integer() and abs(value) <= _SMALL_ENOUGH:
                name = _field_name(word, path)
                shown = f"{value:.1f}"
                if path[-1] == "reach" and 0 < abs(value) * 1000 <= LARGEST_WHOLE_NUMBER:
                    message = word(
                        "schema.point_thousands",
                        name=name,
                        value=shown,
                        thousands=int(value * 1000),
                        digits=str(int(value * 1000)),
                    )
                else:
                    message = word("schema.point", name=name, value=shown)
                findings.append(_finding(document, path, message, word))
    return findings


def _too_large(document: Document, word: Words) -> list[Finding]:
    """A `schema` finding for each number too large to work with, wherever it stands (in a
    field of text as much as in `reach`: it was written as a number)."""
    return [
        _finding(
            document,
            path,
            word(
                "schema.too_large",
                name=_field_name(word, path),
                what=_describe_value(word, _value_at(document.data, path)),
            ),
            word,
        )
        for path in document.large_numbers
    ]


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


def _missing(
    document: Document, kind: str, path: Path, mapping: dict, key: str, word: Words
) -> Finding:
    what = _what(word, document, kind, path, mapping)
    if key in _FIELD_HINTS:
        message = word("schema.missing_hint", what=what, key=key, hint=word(f"schema.hint.{key}"))
    else:
        message = word("schema.missing", what=what, key=key)
    return _finding(document, path, message)


def _unknown_key(
    document: Document, kind: str, path: Path, allowed: set[str], word: Words
) -> Finding:
    key = path[-1]
    odd = odd_characters(key)
    if odd:
        # A key with a character that is no space at its start: the line was indented with it.
        index, character = odd[0]
        _, column = document.locate_key(path)
        return _finding(
            document,
            path,
            word(
                "odd_character",
                character=character_name(word, character),
                column=column + index,
                fix=word(f"yaml.character_fix.{ODD_CHARACTERS[character]}"),
            ),
            at_key=True,
            column=column + index,
        )
    suggestion = closest(key, allowed)
    if suggestion:
        message = word(
            "schema.unknown_key_suggestion", key=quoted(key), suggestion=quoted(suggestion)
        )
    else:
        message = word(
            "schema.unknown_key",
            key=quoted(key),
            what=word(f"schema.a.{_noun(kind, path[:-1])}"),
            # Keys of one's own (`x-cjdocs-ignore`) are said in the closing words, not listed.
            allowed=", ".join(sorted(k for k in allowed - {"kind"} if not k.startswith("x-"))),
        )
    return _finding(document, path, message, word, at_key=True)


def _noun(kind: str, path: Path) -> str:
    """What the mapping at `path` is: the kind, or a step, branch, pain point, opportunity or
    support entry of a journey."""
    if len(path) >= 2 and path[0] == "steps":
        if len(path) == 2:
            return "step"
        return _STEP_ITEMS.get(path[2], "branch")
    return kind


# The lists of a step whose items may be mappings, and what one item is called.
_STEP_ITEMS = {
    "branches": "branch",
    "pain_points": "pain_point",
    "opportunities": "opportunity",
    "support": "support",
}


def _what(word: Words, document: Document, kind: str, path: Path, mapping: Any) -> str:
    """Names the mapping a message is about: `step 2 ('kauf')`, `journey 'laptop'`,
    `step 2 ('kauf'), branch 1`."""
    noun = _noun(kind, path)
    if noun == "support":
        return word(
            "schema.support_entry", step=where(word, document.data, path), number=path[3] + 1
        )
    if noun in ("pain_point", "opportunity") and len(path) == 4:
        return item_called(word, document.data, path)
    if noun in ("step", *_STEP_ITEMS.values()):
        return where(word, document.data, path)
    identifier = mapping.get("id") if isinstance(mapping, dict) else None
    if isinstance(identifier, str) and identifier:
        return word("schema.named", noun=word(f"schema.noun.{kind}"), id=quoted(identifier))
    return word(f"schema.this.{kind}")


def _field_name(word: Words, path: Path) -> str:
    """The field a value belongs to, as the editor wrote it: `emotion`, `item 2 of touchpoints`."""
    if not path:
        return word("schema.this_definition")
    if isinstance(path[-1], int) and len(path) >= 2 and isinstance(path[-2], str):
        return word("schema.item", number=path[-1] + 1, field=path[-2])
    return str(path[-1]) if isinstance(path[-1], str) else format_path(path)


def _describe_type(word: Words, types: list[str]) -> str:
    names = [word(f"schema.type_name.{item}") for item in types]
    return word("or", first=", ".join(names[:-1]), last=names[-1]) if len(names) > 1 else names[0]


def _number(word: Words, value: Any) -> str:
    """A number as a message shows it: whole numbers in the locale's way when long."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return word.number(value)
    return str(value)


def _describe_document(word: Words, data: Any) -> str:
    # Text is not quoted: a file that is no definition at all (a link to some other file, say)
    # must not have its content shown, and a plain text folds all its lines into one.
    if isinstance(data, str) and not isinstance(data, LargeNumber):
        return word("schema.value.some_text")
    return _describe_value(word, data)


def _describe_value(word: Words, value: Any) -> str:
    if value is None:
        return word("schema.value.empty")
    if isinstance(value, LargeNumber):
        if value.digits is None:
            return word("schema.value.number", value=quoted(value, 24))
        return word.count("schema.value.digits", value.digits)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return word("schema.value.number", value=str(value))
    if isinstance(value, float):
        return word("schema.value.number", value=f"{value:g}")
    if isinstance(value, str):
        return word("schema.value.text", value=quoted(value))
    if isinstance(value, list):
        return word("schema.value.list")
    return word("schema.value.pairs")


# -- free text ----------------------------------------------------------------------------------


def is_free_text(kind: str, path: Path) -> bool:
    """Whether the value at `path` in a definition of `kind` is text the editor writes freely
    (a name, a feeling, a pain point): not an id, a choice, an address or a number."""
    return _free_text_at(kind, tuple(0 if isinstance(part, int) else part for part in path))


@functools.cache
def _free_text_at(kind: str, shape: tuple) -> bool:
    root = load_schema(kind)
    schema: dict = root
    for part in shape:
        schema = _resolved(root, schema)
        if isinstance(part, int):
            schema = schema.get("items", {})
        else:
            properties = schema.get("properties", {})
            if part not in properties:
                return False
            schema = properties[part]
    schema = _resolved(root, schema)
    # A pain point, opportunity or support entry is a text or a mapping: as text, it is free text.
    types = schema.get("type")
    text = types == "string" or (isinstance(types, list) and "string" in types)
    return text and not {"pattern", "enum", "const", "format"} & set(schema)


def _resolved(root: dict, schema: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


# -- what a misspelt key meant --------------------------------------------------------------------


@functools.cache
def properties(kind: str, place: str | None = None) -> frozenset[str]:
    """The keys a definition of `kind` can have, or its steps or branches (`place`)."""
    schema = load_schema(kind)
    if place is not None:
        schema = schema["$defs"][place]
    return frozenset(schema.get("properties", {}))


def as_meant(data: dict, kind: str) -> dict:
    """The definition as its editor meant it: each misspelt key (`ranches`, `oto`, `i`) under
    the key it most likely means, where that key is missing. The cross-checks read a definition
    with schema findings this way, so that a misspelt key is one finding, not also every
    reference or way on it holds."""
    data = _renamed(data, properties(kind))
    if kind != "journey" or not isinstance(data.get("steps"), list):
        return data
    steps = []
    for step in data["steps"]:
        if isinstance(step, dict):
            step = _renamed(step, properties("journey", "step"))
            if isinstance(step.get("branches"), list):
                branch_keys = properties("journey", "branch")
                branches = [
                    _renamed(branch, branch_keys) if isinstance(branch, dict) else branch
                    for branch in step["branches"]
                ]
                step = {**step, "branches": branches}
        steps.append(step)
    return {**data, "steps": steps}


def _renamed(mapping: dict, allowed: frozenset[str]) -> dict:
    missing = allowed - mapping.keys()
    if not missing:
        return mapping
    result: dict = {}
    for key, value in mapping.items():
        if isinstance(key, str) and key not in allowed and not key.startswith("x-"):
            target = closest(key, allowed)
            if target in missing and target not in result:
                key = target
        result[key] = value
    return result


def _joined_key(document: Document, kind: str, word: Words) -> Finding | None:
    """`- loyalty-cardsteps:`: a key of the definition (`steps`) written at the end of the line
    before it, whose line break was lost. Everything after it then means something else, so
    this is the one finding for the document."""
    data = document.data
    wanted = [key for key in properties(kind) if key not in data and len(key) > 2]
    if not wanted:
        return None
    for path in document.positions:
        last = path[-1] if path else None
        if len(path) < 2 or not isinstance(last, str):
            continue
        for key in wanted:
            if last.endswith(key) and len(last) > len(key) and _value_at(data, path) is None:
                _, column = document.locate_key(path)
                return _finding(
                    document,
                    path,
                    word("schema.joined_key", key=key, written=quoted(last)),
                    at_key=True,
                    column=column + len(last) - len(key),
                )
    return None
