"""Property-based: mutated definitions never make validate raise, and every finding is well formed.

Starting from a valid set, hypothesis deletes keys, swaps and retypes values, plants hostile
text and truncates whole files; whatever comes out, `validate` must answer with findings that
name a file, a line, a column, a known code and a plain message.
"""

from __future__ import annotations

import contextlib
import copy
import tempfile
from pathlib import Path

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjdocs.definitions.findings import CHECK_ORDER
from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.schema import is_valid, load_schema
from cjdocs.definitions.validation import validate
from conftest import FIXTURES

BASE = {
    path.name: list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    for path in sorted((FIXTURES / "base").glob("*.yaml"))
}
RICH_JOURNEY = {
    "kind": "journey",
    "id": "loop",
    "name": "Loop",
    "persona": "anna",
    "state": "future",
    "x-note": {"free": ["form"]},
    "steps": [
        {
            "id": "a",
            "name": "A",
            "phase": "awareness",
            "touchpoints": ["newsletter"],
            "emotion": -1,
            "reach": 100,
        },
        {
            "id": "b",
            "name": "B",
            "phase": "awareness",
            "branches": [{"if": "opened", "goto": "c"}, {"if": "ignored", "goto": "a"}],
        },
        {
            "id": "c",
            "name": "C",
            "phase": "purchase",
            "next": ["d"],
            "pain_points": ["slow"],
            "reach": 50,
        },
        {
            "id": "d",
            "name": "D",
            "phase": "purchase",
            "next": [],
            "backstage": ["ship"],
            "frontstage": ["hand over"],
            "support": ["packing", {"text": "book", "system": "erp"}, {"system": "erp"}],
            "evidence": ["parcel"],
        },
    ],
}
SYSTEM = {"kind": "system", "id": "erp", "name": "ERP", "owner": "IT", "url": "https://erp.test"}
BASE["rich.yaml"] = [RICH_JOURNEY, SYSTEM]

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "no",
        "<script>alert(1)</script>",
        'a"b\\c',
        "line\nbreak",
        "»«",
        "😀",
        "x" * 300,
        "ok-id\n",
        "0",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    HOSTILE_TEXT,
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE_TEXT, inner, max_size=3),
    max_leaves=6,
)
RAW_MESSAGES = (
    "is not of type",
    "is a required property",
    "does not match",
    "Additional properties",
    "is not valid under",
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_sets(draw):
    files = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files)))
        documents = files[name]
        if not documents:
            continue
        index = draw(st.integers(0, len(documents) - 1))
        paths = [path for path in _paths(documents[index]) if path]
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        parent = _parent(documents[index], path)
        action = draw(st.sampled_from(["delete", "retype", "swap", "duplicate-document"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "retype":
            parent[path[-1]] = draw(VALUES)
        elif action == "swap":
            other = draw(st.sampled_from(paths))
            try:
                other_parent = _parent(documents[index], other)
                parent[path[-1]], other_parent[other[-1]] = (
                    other_parent[other[-1]],
                    parent[path[-1]],
                )
            except (KeyError, IndexError, TypeError):
                pass
        else:
            documents.append(copy.deepcopy(documents[index]))
    texts = {
        name: yaml.safe_dump_all(documents, allow_unicode=True, sort_keys=False)
        for name, documents in files.items()
    }
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(texts)))
        cut = draw(st.integers(0, len(texts[name])))
        texts[name] = texts[name][:cut]
    return texts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_sets())
def test_validate_never_raises_and_findings_are_well_formed(texts):
    with tempfile.TemporaryDirectory() as folder:
        for name, text in texts.items():
            Path(folder, name).write_text(text, encoding="utf-8")
        result = validate([folder], workers=1)
    files = {Path(folder, name).as_posix() for name in texts}
    for finding in result.findings:
        assert finding.file in files
        assert finding.line >= 1 and finding.column >= 1
        assert finding.severity in ("error", "warning", "info")
        assert finding.code in CHECK_ORDER
        assert finding.message and "\n" not in finding.message
        assert not any(raw in finding.message for raw in RAW_MESSAGES), finding.message


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KINDS), st.data())
def test_fast_and_explaining_validators_agree(kind, data):
    """The fast verdict and jsonschema's Draft 2020-12 verdict are the same on any document."""
    documents = [
        document
        for documents in BASE.values()
        for document in documents
        if document["kind"] == kind
    ]
    document = copy.deepcopy(data.draw(st.sampled_from(documents)))
    paths = [path for path in _paths(document) if path]
    for _ in range(data.draw(st.integers(0, 3))):
        path = data.draw(st.sampled_from(paths))
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _parent(document, path)[path[-1]] = data.draw(VALUES)
    expected = jsonschema.Draft202012Validator(load_schema(kind)).is_valid(document)
    assert is_valid(kind, document) == expected
