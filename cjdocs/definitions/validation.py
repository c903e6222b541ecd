"""Validation: every check over a set of definition files, giving findings and, when clean, the model.

This is the one way through that `cjdocs validate`, every build and every other command take:
files → documents (loader) → `schema` findings and facts (per file, on every core) →
cross-check findings (over all facts) → the model.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cjdocs.definitions.checks import Facts, cross_check, facts_of
from cjdocs.definitions.findings import Finding
from cjdocs.definitions.loader import Document, load_file
from cjdocs.definitions.model import Model, build_model
from cjdocs.definitions.schema import check_document

SUFFIXES = (".yaml", ".yml")
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


class SourceNotFound(Exception):
    """A path given to validate does not exist: the command itself cannot run."""


@dataclass(slots=True)
class FileOutcome:
    findings: list[Finding]
    facts: list[Facts]
    documents: list[Document] | None
    complete: bool = True


@dataclass(slots=True)
class Validation:
    findings: list[Finding]
    files: int
    definitions: int
    documents: list[Document] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_error]


def display_path(path: Path) -> str:
    """How a file is named in findings: relative to the working folder when inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def definition_files(paths: Sequence[str | os.PathLike]) -> list[Path]:
    """Every definition file under the given files and folders, sorted, each once."""
    found: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        if path.is_file():
            found[path] = None
        elif path.is_dir():
            for folder, folders, files in os.walk(path):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                for name in sorted(files):
                    if name.endswith(SUFFIXES) and not name.startswith("."):
                        found[Path(folder, name)] = None
        else:
            raise SourceNotFound(f"{given}: no such file or folder")
    return sorted(found, key=lambda path: path.as_posix())


def check_file(path: str, display: str, keep_documents: bool) -> FileOutcome:
    """Load one file and check each of its documents against its schema."""
    loaded = load_file(path, display)
    findings = loaded.findings
    facts = []
    for document in loaded.documents:
        problems = check_document(document)
        findings.extend(problems)
        document_facts = facts_of(document, clean=not problems)
        if document_facts is not None:
            facts.append(document_facts)
    return FileOutcome(
        findings, facts, loaded.documents if keep_documents else None, loaded.complete
    )


def _check_batch(batch: list[tuple[str, str, bool]]) -> list[FileOutcome]:
    with _collector_paused():
        return [check_file(*job) for job in batch]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds many small objects that all stay alive: the cyclic garbage collector
    would walk them again and again for nothing (it tripled the time of a large set)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_files(jobs: list[tuple[str, str, bool]], workers: int) -> Iterable[FileOutcome]:
    """Load and schema-check each (path, display name, keep documents) job, on every core
    for a large set."""
    if workers <= 1 or len(jobs) < PARALLEL_FROM or threading.active_count() > 1:
        # In-process when small, and always inside a threaded host (mkdocs serve): forking a
        # process with threads can deadlock.
        return _check_batch(jobs)
    import multiprocessing

    context = multiprocessing.get_context("fork")
    size = -(-len(jobs) // (workers * 4))
    batches = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    with context.Pool(workers) as pool:
        return [outcome for batch in pool.imap(_check_batch, batches) for outcome in batch]


def validate(
    paths: Sequence[str | os.PathLike], *, workers: int | None = None, keep_documents: bool = False
) -> Validation:
    """Run every check on the definitions under `paths`."""
    files = definition_files(paths)
    jobs = [(str(path), display_path(path), keep_documents) for path in files]
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    findings: list[Finding] = []
    all_facts: list[Facts] = []
    documents: list[Document] = []
    readable = True
    for outcome in check_files(jobs, workers):
        readable = readable and outcome.complete
        findings.extend(outcome.findings)
        all_facts.extend(outcome.facts)
        if outcome.documents:
            documents.extend(outcome.documents)
    findings.extend(cross_check(all_facts, complete=readable))
    findings.sort(key=Finding.sort_key)
    return Validation(findings, len(files), len(all_facts), documents)


def load_model(
    paths: Sequence[str | os.PathLike], *, workers: int | None = None
) -> tuple[Validation, Model | None]:
    """Validate, and build the model when no error was found."""
    validation = validate(paths, workers=workers, keep_documents=True)
    if validation.errors:
        return validation, None
    return validation, build_model(validation.documents)
