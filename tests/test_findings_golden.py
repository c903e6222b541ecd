"""Every bad-input class and every check, on a small project: the exact findings an editor sees.

Each folder under fixtures/invalid/ holds definition files that are added to the valid base
set, and `expected.txt` (English) and `expected.de.txt` (German), the text report
`cjdocs validate` must print: file, line, column, severity, the message (naming the step as
people count) and the code. Set CJDOCS_UPDATE_GOLDEN=1 to rewrite them after a deliberate
change (and read the diff).
"""

from __future__ import annotations

import os

import pytest

from cjdocs.definitions.findings import report_text
from cjdocs.definitions.validation import validate
from conftest import FIXTURES, run_cjdocs

CASES = sorted(path for path in (FIXTURES / "invalid").iterdir() if path.is_dir())


LANGUAGES = {"en": "expected.txt", "de": "expected.de.txt"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_findings_match_expected(case, language, project):
    project(case)
    report = report_text(validate(["journeys"], language=language).findings)
    expected_file = case / LANGUAGES[language]
    if os.environ.get("CJDOCS_UPDATE_GOLDEN"):
        expected_file.write_text(report, encoding="utf-8")
    assert report == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_command_reports_without_traceback(case, language, project):
    folder = project(case)
    result = run_cjdocs("validate", "--lang", language, cwd=folder)
    expected = (case / LANGUAGES[language]).read_text(encoding="utf-8")
    assert result.stdout == expected
    assert "Traceback" not in result.stderr
    has_errors = any(": error: " in line for line in expected.splitlines())
    assert result.returncode == (1 if has_errors else 0)


def test_base_set_is_clean(project):
    folder = project()
    result = run_cjdocs("validate", cwd=folder)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_every_bad_input_class_has_a_case():
    names = {case.name for case in CASES}
    for required in (
        "syntax",
        "tabs",
        "repeated-key",
        "unsafe-tag",
        "alias-bomb",
        "wrong-encoding",
        "not-a-mapping",
        "unknown-kind",
        "bad-id",
        "out-of-range",
        "unknown-key",
        "missing-key",
        "next-and-branches",
        "non-http-url",
        "unknown-references",
        "unreachable",
        "no-end",
        "duplicate-id",
        "unused",
        "point-in-number",
        "unreadable-file",
        "empty-file",
        "comment-in-text",
        "split-text",
        "joined-items",
        "duplicate-order",
        "missing-dash",
        "missing-marker",
        "typographic",
    ):
        assert required in names
