"""Validation: every check over a set of definition files, giving findings and, when clean, the model.

This is the one way through that `cjdocs validate`, every build and every other command take:
files → documents (loader) → `schema` findings and facts (per file, on every core) →
cross-check findings (over all facts) → the model.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cjdocs.definitions.backlog import check_backlog
from cjdocs.definitions.checks import Facts, cross_check, facts_of
from cjdocs.definitions.findings import ERROR, INFO, Finding, quoted
from cjdocs.definitions.lint import Summary, lint, summarise
from cjdocs.definitions.loader import Document, load_file
from cjdocs.definitions.memory import FileMemory
from cjdocs.definitions.messages import Words, words
from cjdocs.definitions.model import Model, build_model
from cjdocs.definitions.schema import check_document
from cjdocs.definitions.slips import check_text
from cjdocs.forked import can_fork

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
    # Ids of definitions that could not be read (None: one whose id is unknown too), and how
    # many files could not be read (to their end) without a sign of what they define.
    unread: list[str | None] = field(default_factory=list)
    unread_files: int = 0
    # What the journey rules read of each definition that passed its schema check.
    contents: list[Summary] = field(default_factory=list)


@dataclass(slots=True)
class Validation:
    findings: list[Finding]
    files: int
    definitions: int
    documents: list[Document] = field(default_factory=list)
    # Definitions, and files, that could not be read: references to them are not checked.
    unread_definitions: int = 0
    unread_files: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_warning]

    @property
    def notes(self) -> list[Finding]:
        """Findings of severity info: shown, never failing."""
        return [finding for finding in self.findings if finding.severity == INFO]


def display_path(path: Path) -> str:
    """How a file is named in findings: relative to the working folder when inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


# What marks the folder of a project: the nearest folder holding one of these, at or above a
# path given to validate, is the project root that definition files must not link out of.
PROJECT_MARKERS = ("mkdocs.yml", "mkdocs.yaml", ".git")


@dataclass(slots=True)
class Listing:
    """The definition files under the given paths, and findings for what could not be listed or
    is refused: folders that cannot be read, links that lead out of the project or nowhere."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    words: Words = field(default_factory=words)

    def refuse(self, path: Path, message: str, *, folder: bool = False) -> None:
        name = display_path(path) + ("/" if folder else "")
        self.findings.append(Finding(name, 1, 1, ERROR, "yaml", "", message))


def project_root(given: str | os.PathLike) -> Path:
    """The project a path given to validate belongs to: the nearest folder at or above it that
    holds mkdocs.yml (or mkdocs.yaml, or .git, the top of a repository); without one, the given
    folder itself (for a file, its folder).

    The path is taken as written, not resolved: a source folder that is itself a link starts
    from the folder the link stands in, so it cannot take the project along to where it leads.
    """
    path = Path(os.path.abspath(given))
    start = path if path.is_dir() and not path.is_symlink() else path.parent
    for folder in (start, *start.parents):
        if any(os.path.lexists(folder / marker) for marker in PROJECT_MARKERS):
            return folder
    return start


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _link_problem(path: Path, root: str, word: Words) -> str | None:
    """Why a path that is (or passes through) a symbolic link may not be followed: it leads out
    of the project, or nowhere."""
    target = os.path.realpath(path)
    link = word("listing.link" if path.is_symlink() else "listing.through_link")
    if not _inside(target, root):
        what = "folder" if os.path.isdir(path) else "file"
        return word(
            f"listing.outside.{what}", link=link, target=quoted(target, 120), root=quoted(root, 120)
        )
    if not os.path.exists(path):
        return word("listing.nowhere", link=link, target=quoted(target, 120))
    return None


def find_definition_files(
    paths: Sequence[str | os.PathLike],
    *,
    root: str | os.PathLike | None = None,
    language: str | None = None,
) -> Listing:
    """Every definition file under the given files and folders, sorted, each once; with a finding
    for each folder that cannot be read and each link that leads out of the project (`root`,
    by default found from each path by `project_root`).

    Links inside the project are followed, each folder read once however many links lead to it.
    What is not a regular file (a pipe, a socket, a device) is listed all the same: the loader
    refuses it without reading, so it is named in a finding.
    """
    listing = Listing(words=words(language))
    found: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        if not os.path.lexists(path):
            raise SourceNotFound(f"{given}: no such file or folder")
        boundary = os.path.realpath(root if root is not None else project_root(path))
        folder = path.is_dir()
        linked = os.path.realpath(path) != os.path.abspath(path)
        problem = _link_problem(path, boundary, listing.words) if linked else None
        if problem:
            listing.refuse(path, problem, folder=folder)
        elif folder:
            found.update(dict.fromkeys(_walk(path, boundary, listing)))
        else:
            found[path] = None
    listing.files = sorted(found, key=lambda path: path.as_posix())
    return listing


def _walk(top: Path, root: str, listing: Listing) -> Iterator[Path]:
    """The definition files under a folder, refusing what `find_definition_files` refuses."""
    read: set[str] = set()  # real paths of folders read: a link back to one is not read again
    pending = [top]
    while pending:
        folder = pending.pop()
        real = os.path.realpath(folder)
        if real in read:
            continue
        read.add(real)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            listing.refuse(
                folder,
                listing.words("listing.folder_unreadable", reason=error.strerror or str(error)),
                folder=True,
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(folder, entry.name)
            try:
                is_folder = entry.is_dir()  # follows links
            except OSError:
                is_folder = False
            if not is_folder and not entry.name.endswith(SUFFIXES):
                continue
            problem = _link_problem(path, root, listing.words) if entry.is_symlink() else None
            if problem:
                listing.refuse(path, problem, folder=is_folder)
            elif is_folder:
                pending.append(path)
            else:
                yield path


def check_file(
    path: str, display: str, keep_documents: bool, language: str | None = None
) -> FileOutcome:
    """Load one file and check each of its documents against its schema, and its text."""
    loaded = load_file(path, display, language)
    findings = loaded.findings
    facts = []
    contents: list[Summary] = []
    unread = loaded.unread
    unread_files = unread.count(None)
    word = words(language)
    for document in loaded.documents:
        problems = check_document(document, language)
        findings.extend(problems)
        if document.slips:
            findings.extend(check_text(document, word))
        flagged = frozenset(problem.path for problem in problems)
        findings.extend(check_backlog(document, word, flagged))
        document_facts = facts_of(document, clean=not problems, flagged=flagged)
        if document_facts is not None:
            facts.append(document_facts)
            if not problems and document_facts.clean:
                contents.append(summarise(document, document_facts.kind, language))
        elif isinstance(document.data, dict):
            identifier = document.data.get("id")
            unread.append(identifier if isinstance(identifier, str) else None)
    return FileOutcome(
        findings,
        facts,
        loaded.documents if keep_documents else None,
        loaded.complete,
        unread,
        unread_files,
        contents,
    )


def _check_batch(batch: list[tuple]) -> list[FileOutcome]:
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


def check_files(
    jobs: list[tuple], workers: int, memory: FileMemory | None = None
) -> Iterable[FileOutcome]:
    """Load and schema-check each (path, display name, keep documents[, language]) job, on
    every core for a large set; with a `memory` (`serve`), only the files that changed."""
    if memory is not None:
        return memory.check(jobs, lambda left: list(check_files(left, workers)))
    if workers <= 1 or len(jobs) < PARALLEL_FROM or not can_fork():
        # In-process when small, where processes cannot be forked, and always inside a
        # threaded host (mkdocs serve): forking a process with threads can deadlock.
        return _check_batch(jobs)
    import multiprocessing

    context = multiprocessing.get_context("fork")
    size = -(-len(jobs) // (workers * 4))
    batches = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    # (Paused here too: the outcomes are unpickled into this process, all of them kept.)
    with _collector_paused(), context.Pool(workers) as pool:
        return [outcome for batch in pool.imap(_check_batch, batches) for outcome in batch]


def validate(
    paths: Sequence[str | os.PathLike],
    *,
    workers: int | None = None,
    keep_documents: bool = False,
    root: str | os.PathLike | None = None,
    language: str | None = None,
    lint_levels: Mapping[str, str] | None = None,
    memory: FileMemory | None = None,
) -> Validation:
    """Run every check on the definitions under `paths` (inside the project `root`, by default
    found from the paths: see `project_root`); messages in `language` (English by default);
    the journey rules at `lint_levels` (see `lint.rule_levels`; by default each its own)."""
    listing = find_definition_files(paths, root=root, language=language)
    jobs = [(str(path), display_path(path), keep_documents, language) for path in listing.files]
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    findings: list[Finding] = list(listing.findings)
    all_facts: list[Facts] = []
    contents: list[Summary] = []
    documents: list[Document] = []
    # What was refused while listing may define or use anything.
    unread: list[str | None] = [None] * len(listing.findings)
    unread_files = len(listing.findings)
    readable = not listing.findings
    for outcome in check_files(jobs, workers, memory):
        readable = readable and outcome.complete
        findings.extend(outcome.findings)
        all_facts.extend(outcome.facts)
        contents.extend(outcome.contents)
        unread.extend(outcome.unread)
        unread_files += outcome.unread_files
        if outcome.documents:
            documents.extend(outcome.documents)
    findings.extend(cross_check(all_facts, complete=readable, unread=unread, language=language))
    # The journey rules wait while the definitions have errors: an error may be their cause
    # (an unreachable step names no touchpoint either), and one mistake is one message.
    if not any(finding.is_error for finding in findings):
        findings.extend(lint(contents, lint_levels, language))
    findings.sort(key=Finding.sort_key)
    # A refused file or folder counts as one file: it is named, and the check fails on it.
    files = len(listing.files) + len(listing.findings)
    return Validation(
        findings, files, len(all_facts), documents, len(unread) - unread_files, unread_files
    )


def load_model(
    paths: Sequence[str | os.PathLike],
    *,
    workers: int | None = None,
    root: str | os.PathLike | None = None,
    language: str | None = None,
    lint_levels: Mapping[str, str] | None = None,
    memory: FileMemory | None = None,
) -> tuple[Validation, Model | None]:
    """Validate, and build the model when no error was found. With a `memory` (`serve`),
    only the files that changed since the last call are read and checked again."""
    validation = validate(
        paths,
        workers=workers,
        keep_documents=True,
        root=root,
        language=language,
        lint_levels=lint_levels,
        memory=memory,
    )
    if validation.errors:
        return validation, None
    return validation, build_model(
        validation.documents, memory.built if memory is not None else None
    )
