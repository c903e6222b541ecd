"""Reading a side of the diff: the definitions at a git revision, or in the working tree, checked
as `cjdocs validate` checks them."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from cjdocs.definitions.checks import Facts, cross_check
from cjdocs.definitions.findings import Finding, quoted
from cjdocs.definitions.lint import LINT_CODES, Summary, lint
from cjdocs.definitions.loader import Document
from cjdocs.definitions.validation import SUFFIXES, Listing, check_files, find_definition_files
from cjdocs.workflow.diff.compare import Side, collect

# Enough for git to list and read a large repository on a slow disk; a git that takes longer is
# stuck (a lock, a prompt), and the command says so instead of hanging in CI.
GIT_TIMEOUT = 120


class GitProblem(Exception):
    """Git could not give what the diff needs: the command cannot run."""


def _checked_side(
    revision: str | None,
    commit: str | None,
    source: str,
    files: Sequence[tuple[str, str]],
    refused: Sequence[Finding] = (),
    lint_levels: Mapping[str, str] | None = None,
) -> Side:
    """Load and check (path on disk, path in the repository) files as `cjdocs validate` does;
    `refused` are the findings of listing them (links out of the project, unreadable folders);
    the journey rules at `lint_levels`, as the site sets them."""
    findings: list[Finding] = list(refused)
    facts: list[Facts] = []
    contents: list[Summary] = []
    documents: list[Document] = []
    jobs = [(path, display, True) for path, display in files]
    for outcome in check_files(jobs, workers=min(os.cpu_count() or 1, 8)):
        findings.extend(outcome.findings)
        facts.extend(outcome.facts)
        contents.extend(outcome.contents)
        documents.extend(outcome.documents or ())
    findings.extend(cross_check(facts))
    if not any(finding.is_error for finding in findings):  # as `validate`: rules wait for errors
        findings.extend(lint(contents, lint_levels))
    errors = sorted((finding for finding in findings if finding.is_error), key=Finding.sort_key)
    review = sorted(
        (finding for finding in findings if not finding.is_error and finding.code in LINT_CODES),
        key=Finding.sort_key,
    )
    return Side(
        revision, commit, source, len(files), collect(documents), tuple(errors), tuple(review)
    )


def _is_definition_file(name: str, source: str) -> bool:
    """The rule of `find_definition_files`, for a path in the repository under `source`."""
    if name == source:
        return True
    if source == ".":
        parts = PurePosixPath(name).parts
    elif name.startswith(f"{source}/"):
        parts = PurePosixPath(name[len(source) + 1 :]).parts
    else:
        return False
    return parts[-1].endswith(SUFFIXES) and not any(part.startswith(".") for part in parts)


def read_worktree(repo: Path, source: str, lint_levels: Mapping[str, str] | None = None) -> Side:
    """The definitions under `source` (relative to the repository's folder) as they are on disk."""
    folder = repo / source
    listing = find_definition_files([folder], root=repo) if folder.exists() else Listing()
    files = [(str(path), path.relative_to(repo).as_posix()) for path in listing.files]
    return _checked_side(None, None, source, files, listing.findings, lint_levels)


def read_revision(
    repo: Path, revision: str, source: str, lint_levels: Mapping[str, str] | None = None
) -> Side:
    """The definitions under `source` (relative to the repository's folder) at a git revision."""
    commit = resolve(repo, revision)
    pathspec = [] if source == "." else ["--", source]
    listed = _git(
        repo, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", commit, *pathspec
    )
    if listed.returncode != 0:
        raise GitProblem(f"git cannot list the files of {revision}: {_git_said(listed.stderr)}")
    blobs: list[tuple[str, str]] = []  # (object id, path)
    for entry in listed.stdout.split(b"\0"):
        meta, _, raw_name = entry.partition(b"\t")
        fields = meta.split()
        name = os.fsdecode(raw_name)
        # Regular files only: symbolic links and submodules hold no definitions of their own.
        regular = len(fields) == 3 and fields[0] in (b"100644", b"100755") and fields[1] == b"blob"
        if regular and _is_definition_file(name, source):
            blobs.append((fields[2].decode("ascii"), name))
    blobs.sort(key=lambda blob: blob[1])
    try:
        with tempfile.TemporaryDirectory(prefix="cjdocs-diff-") as folder:
            paths = _write_blobs(repo, [oid for oid, _ in blobs], Path(folder))
            files = [(path, name) for path, (_, name) in zip(paths, blobs, strict=True)]
            return _checked_side(revision, commit, source, files, lint_levels=lint_levels)
    except OSError as error:  # the temporary folder: a full disk, no permission
        raise GitProblem(f"cannot read {revision}: {error.strerror or error}") from None


# -- git ----------------------------------------------------------------------------------------


def _git(repo: Path, *arguments: str, stdin: bytes | None = None, stdout: Any = subprocess.PIPE):
    command = ["git", "-C", str(repo), *arguments]
    try:
        return subprocess.run(
            command,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitProblem(
            "git is not installed (or not on the PATH); cjdocs diff needs it to read revisions"
        ) from None
    except subprocess.TimeoutExpired:
        raise GitProblem(
            f"git did not answer within {GIT_TIMEOUT} seconds (git {arguments[0]}); "
            "is another git command holding the repository?"
        ) from None


def _git_said(stderr: bytes) -> str:
    """Git's message without its `fatal:` prefixes, on one line."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return "; ".join(re.sub(r"^(fatal|error): ", "", line) for line in lines if line.strip())


def find_repository(folder: str | os.PathLike = ".") -> Path:
    """The top folder of the git repository that `folder` is in."""
    done = _git(Path(folder), "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        said = _git_said(done.stderr)
        where = Path(folder).absolute()
        if "not a git repository" in said:
            raise GitProblem(
                f"{where} is not in a git repository; cjdocs diff compares revisions of the "
                "repository it runs in, so run it in your repository's folder"
            )
        raise GitProblem(f"cannot use the git repository at {where}: {said}")
    return Path(os.fsdecode(done.stdout.rstrip(b"\n")))


def repository_path(repo: Path, source: str | os.PathLike) -> str:
    """`source` (relative to the working folder) as a path inside the repository."""
    for absolute in (Path(os.path.abspath(source)), Path(os.path.realpath(source))):
        try:
            return absolute.relative_to(repo.resolve()).as_posix()
        except ValueError:
            continue
    raise GitProblem(f"{source} is outside the git repository at {repo}")


def resolve(repo: Path, revision: str) -> str:
    """The commit a revision names (a branch, tag, commit, `HEAD~1`, ...)."""
    # A leading '-' would be read as an option, and no branch or tag can start with one.
    if revision and not revision.startswith("-") and "\0" not in revision:
        done = _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if done.returncode == 0:
            return done.stdout.decode("ascii").strip()
    raise GitProblem(
        f"unknown revision {quoted(revision)}: git knows no branch, tag or commit of that name "
        "in this repository. If it exists on the remote, fetch it first (git fetch; in GitHub "
        "Actions, check out with fetch-depth: 0)"
    )


def _write_blobs(repo: Path, oids: list[str], folder: Path) -> list[str]:
    """Write each blob to a file of its own in `folder`, streamed through the disk, not memory."""
    if not oids:
        return []
    batch = folder / "batch"
    paths = []
    with open(batch, "w+b") as output:
        done = _git(
            repo,
            "cat-file",
            "--batch",
            stdin="".join(f"{oid}\n" for oid in oids).encode(),
            stdout=output,
        )
        if done.returncode != 0:
            raise GitProblem(f"git cat-file failed: {_git_said(done.stderr)}")
        output.seek(0)
        for number, oid in enumerate(oids):
            header = output.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise GitProblem(f"git could not read the object {oid}")
            remaining = int(header[2])
            path = folder / f"{number}.yaml"
            with open(path, "wb") as blob:
                while remaining > 0:
                    chunk = output.read(min(remaining, 1 << 20))
                    if not chunk:
                        raise GitProblem(f"git gave the object {oid} cut short")
                    blob.write(chunk)
                    remaining -= len(chunk)
            output.read(1)  # the newline after each object
            paths.append(str(path))
    batch.unlink()
    return paths
