"""Issue 14's property: one slip in a valid file, one message, next to it.

Hypothesis takes the example repository's valid definition files and makes one slip an editor
makes (a character deleted, a tab, a quote, a typographic minus or a non-breaking space typed,
a `- ` or a `---` left out: see tests/slips.py) wherever it changes what the file says. Then
`validate` must answer without a traceback, fail or warn, give at most two findings, and the
first of them must stand in the file of the slip, within two lines of it.

Modest and reproducible in CI (derandomized, 60 examples); CJDOCS_FUZZ=thorough tries many more.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from slips import Slip, slips

from cjdocs.definitions.findings import report_text
from cjdocs.definitions.validation import validate
from conftest import EXAMPLE

FILES = sorted(path.relative_to(EXAMPLE).as_posix() for path in EXAMPLE.rglob("*.yaml"))
KINDS = ("delete", "tab", "quote", "minus", "nbsp", "undash", "unmark")
THOROUGH = os.environ.get("CJDOCS_FUZZ") == "thorough"


@functools.cache
def _slips(name: str) -> dict[str, list[Slip]]:
    by_kind: dict[str, list[Slip]] = {kind: [] for kind in KINDS}
    for slip in slips((EXAMPLE / name).read_text(encoding="utf-8")):
        by_kind[slip.kind].append(slip)
    return by_kind


@st.composite
def slipped(draw) -> tuple[str, Slip]:
    """A file of the example and one slip in it, every kind of slip as likely as any other."""
    kind = draw(st.sampled_from(KINDS))
    name = draw(st.sampled_from([name for name in FILES if _slips(name)[kind]]))
    return name, draw(st.sampled_from(_slips(name)[kind]))


def _same_meaning(before: str, after: str) -> bool:
    """Whether YAML reads both texts alike: a slip that changes nothing is no mistake (an
    indentation one space less that still lines up)."""
    try:
        return list(yaml.safe_load_all(before)) == list(yaml.safe_load_all(after))
    except yaml.YAMLError:
        return False


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("example") / "journeys"
    shutil.copytree(EXAMPLE, folder)
    return folder


@settings(
    max_examples=600 if THOROUGH else 60,
    derandomize=not THOROUGH,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(slipped())
def test_one_slip_gives_one_message_next_to_it(example, case):
    name, slip = case
    path = example / name
    original = path.read_text(encoding="utf-8")
    assume(not _same_meaning(original, slip.text))
    path.write_text(slip.text, encoding="utf-8")
    try:
        result = validate([example], workers=1)
    finally:
        path.write_text(original, encoding="utf-8")
    report = f"{name}, {slip}: {slip.text.splitlines()[slip.line - 1]!r}\n" + report_text(
        result.findings
    )
    # The check fails, or at least warns: the site would otherwise show what was not meant.
    assert result.errors or result.warnings, report
    # One slip, one message (two where one thing leads to a second, such as a key that ends
    # up in the wrong definition).
    assert len(result.findings) <= 2, report
    first = result.findings[0]
    assert first.file == (example / name).as_posix(), report
    assert abs(first.line - slip.line) <= 2, report
