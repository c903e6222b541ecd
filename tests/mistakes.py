"""One mistake, one small project: the valid base definitions with a file changed or added, and
what `cjdocs validate` says about it in each language (tests/test_messages_*.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cjdocs.definitions.findings import report_text
from cjdocs.definitions.validation import Validation, validate
from conftest import FIXTURES, assemble

BASE = FIXTURES / "base"
CATALOG = (BASE / "catalog.yaml").read_text(encoding="utf-8")
JOURNEY = (BASE / "journey.yaml").read_text(encoding="utf-8")


def changed(text: str, old: str, new: str) -> str:
    """`text` with `old` (which must be there, once) replaced: a mistake made on purpose."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


@dataclass(frozen=True)
class Mistake:
    """Files written over the base set, and the exact report in English and German."""

    name: str
    files: dict[str, str]
    english: str
    german: str
    # What else the command says (on stderr): the notes before the summary.
    notes: dict[str, str] = field(default_factory=dict)


def make_project(folder: Path, files: dict[str, str]) -> Path:
    journeys = assemble(folder, BASE)
    for name, text in files.items():
        (journeys / name).write_text(text, encoding="utf-8")
    return folder


def checked(folder: Path, language: str) -> Validation:
    """validate's verdict on the project in `folder`, files named as from inside it."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        return validate(["journeys"], language=language, workers=1)
    finally:
        os.chdir(here)


def said(folder: Path, language: str) -> str:
    """The text report validate prints for the project in `folder`."""
    return report_text(checked(folder, language).findings)


def ids(mistakes: list[Mistake]) -> list[str]:
    return [mistake.name for mistake in mistakes]
