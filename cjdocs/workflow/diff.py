"""The diff: what changed in the definitions between two git revisions, by meaning, not by lines.

Each side (a revision, or the working tree) is read into its definitions, every document that is
a mapping with a known `kind` and a text `id`, even one that breaks its schema, and is checked as
`cjdocs validate` checks it, so a side with errors is reported and still compared. `compare`
then pairs the definitions by kind and id and says which were added, removed, moved to another
file or changed, down to the steps of journeys: added, removed, moved in the list, emotions that
rose or fell, touchpoints and ways on (`next`, `branches`, or the step after it) that changed.
Reading (git, the disk) is kept apart from comparing and rendering, which are pure.

`diff_markdown` writes a pull-request comment; `diff_json` writes this structure for tools
(stable: keys may be added, none renamed or removed; lists keep the order described):

    {
      "base": {"revision": "main", "commit": "<sha>", "source": "journeys",
               "files": 8, "definitions": 40, "errors": 0},
      "head": {... the same; "revision" and "commit" are null for the working tree},
      "summary": {"added": 1, "removed": 0, "renamed": 0, "changed": 2,
                  "kinds": {"persona": {"added": 0, "removed": 0, "renamed": 0, "changed": 0},
                            ... every kind, in the order persona, phase, channel, touchpoint,
                            journey}},
      "changes": [  # sorted by kind (in that order), then id
        {"kind": "journey", "id": "mug-shop", "name": "...", "change": "changed",
         # added | removed | renamed (same content, now in another file) | changed
         "file": "journeys/mug.yaml",      # where it is at HEAD; where it was, when removed
         "old_file": "journeys/mug.yaml",  # where it was at BASE; null when added
         "fields": [{"field": "name", "old": "...", "new": "..."}],
         # every changed field (journeys: but `steps`) in schema order, then `x-` keys by name;
         # "old"/"new" are null where the field is not set; empty unless "changed"
         "steps": [  # journeys only, in the order of the steps at HEAD, removed ones in place
           {"id": "cart-reminder", "name": "...", "phase": "purchase",
            "change": "changed",                 # added | removed | changed
            "position": {"old": 6, "new": 7},    # 1-based; null on the side it is missing
            "moved": false,                      # its place among the kept steps changed
            "emotion": {"old": -1, "new": 1, "trend": "rose"} or null,
            # trend: rose | fell | null (set, unset, or not a number); for added and removed
            # steps, the emotion the step has on its side
            "touchpoints": {"added": ["sms"], "removed": []},
            "ways": {"old": [{"if": null, "goto": "pays"}], "new": [...],
                     "added": [...], "removed": [...]} or null,
            # a way is {"if": condition or null, "goto": step id}; [] ends the journey;
            # null when the ways on stayed the same
            "fields": [{"field": "action", "old": "...", "new": "..."}]}]}],
      "problems": [{"side": "head", "message": "HEAD (the working tree) has 2 errors in the
                    definitions", "findings": [{"file", "line", "column", "severity", "code",
                    "path", "message"}]}]
    }
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath
from typing import Any

from cjdocs.definitions.checks import Facts, cross_check
from cjdocs.definitions.findings import Finding, quoted
from cjdocs.definitions.loader import Document
from cjdocs.definitions.schema import KINDS, load_schema
from cjdocs.definitions.validation import SUFFIXES, check_files, definition_files

# Enough for git to list and read a large repository on a slow disk; a git that takes longer is
# stuck (a lock, a prompt), and the command says so instead of hanging in CI.
GIT_TIMEOUT = 120
CHANGES = ("added", "removed", "renamed", "changed")
# Text longer than this is cut short in the Markdown, or only its edited part shown.
SHORT_TEXT = 80
# Errors listed in the Markdown per side; `cjdocs validate` lists them all.
LISTED_ERRORS = 20

Key = tuple[str, str]
_STEP_DETAILS = ("id", "emotion", "touchpoints", "next", "branches")  # compared on their own
# Fields whose values are ids of other definitions: shown as code, not as quoted text.
_REFERENCE_FIELDS = {"channels", "channel", "phases", "persona", "phase", "touchpoints"}


class GitProblem(Exception):
    """Git could not give what the diff needs: the command cannot run."""


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


def _checked_side(
    revision: str | None, commit: str | None, source: str, files: Sequence[tuple[str, str]]
) -> Side:
    """Load and check (path on disk, path in the repository) files as `cjdocs validate` does."""
    findings: list[Finding] = []
    facts: list[Facts] = []
    documents: list[Document] = []
    jobs = [(path, display, True) for path, display in files]
    for outcome in check_files(jobs, workers=min(os.cpu_count() or 1, 8)):
        findings.extend(outcome.findings)
        facts.extend(outcome.facts)
        documents.extend(outcome.documents or ())
    findings.extend(cross_check(facts))
    errors = sorted((finding for finding in findings if finding.is_error), key=Finding.sort_key)
    return Side(revision, commit, source, len(files), collect(documents), tuple(errors))


def _is_definition_file(name: str, source: str) -> bool:
    """The rule of `definition_files`, for a path in the repository under `source`."""
    if name == source:
        return True
    if source == ".":
        parts = PurePosixPath(name).parts
    elif name.startswith(f"{source}/"):
        parts = PurePosixPath(name[len(source) + 1 :]).parts
    else:
        return False
    return parts[-1].endswith(SUFFIXES) and not any(part.startswith(".") for part in parts)


def read_worktree(repo: Path, source: str) -> Side:
    """The definitions under `source` (relative to the repository's folder) as they are on disk."""
    folder = repo / source
    paths = definition_files([folder]) if folder.exists() else []
    files = [(str(path), path.relative_to(repo).as_posix()) for path in paths]
    return _checked_side(None, None, source, files)


def read_revision(repo: Path, revision: str, source: str) -> Side:
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
            return _checked_side(revision, commit, source, files)
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


# -- comparing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any  # None where the field is not set
    new: Any


@dataclass(frozen=True, slots=True)
class Way:
    """One way on from a step: a branch's condition, or None for `next` and the following step."""

    condition: str | None
    target: str


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
class Change:
    kind: str
    id: str
    change: str  # added | removed | renamed | changed
    name: Any
    file: str
    old_file: str | None
    fields: tuple[FieldChange, ...] = ()
    steps: tuple[StepChange, ...] = ()


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
    if not _same(old.data, new.data):
        old_steps, new_steps = old.data.get("steps"), new.data.get("steps")
        by_step = kind == "journey" and isinstance(old_steps, list) and isinstance(new_steps, list)
        skipped = ("kind", "id", "steps") if by_step else ("kind", "id")
        fields = _field_changes(_field_order(kind), old.data, new.data, skipped)
        if by_step:
            steps = _step_changes(old_steps, new_steps)
    name = _name(new.data)
    if fields or steps:
        return Change(kind, old.id, "changed", name, new.file, old.file, fields, steps)
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


def _text(value: Any) -> str:
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
    step = steps[index]
    ways: list[Way] = []
    if isinstance(step.get("branches"), list):
        for branch in step["branches"]:
            if isinstance(branch, dict):
                condition = "" if branch.get("if") is None else _text(branch["if"])
                ways.append(Way(condition, _text(branch.get("goto"))))
    if "next" in step:
        targets = step["next"] if isinstance(step["next"], list) else [step["next"]]
        ways.extend(Way(None, _text(target)) for target in targets)
    if "next" not in step and "branches" not in step and index + 1 < len(steps):
        ways.append(Way(None, keys[index + 1]))
    return tuple(ways)


def _way_key(way: Way) -> tuple:
    return (way.condition is not None, way.condition or "", way.target)


def _minus(items: Iterable, taken: Iterable) -> tuple:
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
            touchpoints_added=_minus(touchpoints[1], touchpoints[0]),
            touchpoints_removed=_minus(touchpoints[0], touchpoints[1]),
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


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [_text(item) for item in (value if isinstance(value, list) else [value])]


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


# -- Markdown -----------------------------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
# What can open inline Markdown (GitHub's too: tables, strikethrough, math) in running text;
# `<`, `>` and `&` are left to html.escape. Line-start markers (`#`, `-`, `1.`) cannot occur, as
# a value never starts a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
# `@team` and `#12` in a comment would notify a team or link an issue; a word joiner stops that.
_MENTION = re.compile(r"([@#])(?=\w)")

_ICONS = {"added": "➕", "removed": "➖", "renamed": "📁", "changed": "✏️"}
_VERBS = {
    "added": "added",
    "removed": "removed",
    "renamed": "moved to another file",
    "changed": "changed",
}


def _one_line(text: str, limit: int) -> str:
    text = _LINE_BREAK.sub(" ↵ ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _markdown_text(text: str, limit: int = SHORT_TEXT) -> str:
    """Text shown as written in running Markdown: no markup, no mention, on one line."""
    text = _MENTION.sub("\\1\u2060", _one_line(text, limit))
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def _html_text(text: str, limit: int = SHORT_TEXT) -> str:
    """Text shown as written inside an HTML block (`<summary>`), where Markdown may or may not
    be read: numeric character references are literal text to both."""
    text = html.escape(_MENTION.sub("\\1\u2060", _one_line(text, limit)), quote=False)
    return _MARKDOWN_SPECIAL.sub(lambda match: f"&#{ord(match.group())};", text)


def _code(value: Any, escape: Callable[[str, int], str] = _markdown_text) -> str:
    return f"<code>{escape(_text(value), SHORT_TEXT)}</code>"


def _quote(value: Any, limit: int = SHORT_TEXT) -> str:
    return f"“{_markdown_text(_text(value), limit)}”"


def _signed(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"+{value}" if value > 0 else str(value)
    return "not set" if value is None else _code(value)


def _is_short(value: Any) -> bool:
    if isinstance(value, (dict, list)):
        return False
    return len(_text(value)) <= SHORT_TEXT


def _show(value: Any, field: str) -> str:
    """A short value as a reader knows it: ids of other definitions as code, text in quotes."""
    if isinstance(value, str) and field not in _REFERENCE_FIELDS:
        return _quote(value)
    return _code(value)


def _field_line(change: FieldChange) -> str:
    name, old, new = _markdown_text(change.field), change.old, change.new
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and not any(isinstance(item, (dict, list)) for item in old + new)
    ):
        gained = _minus(new, old)
        lost = _minus(old, new)
        parts = []
        if gained:
            parts.append("added " + ", ".join(_show(item, change.field) for item in gained))
        if lost:
            parts.append("removed " + ", ".join(_show(item, change.field) for item in lost))
        return f"{name}: {'; '.join(parts) if parts else 'order changed'}"
    if old is None:
        return f"{name}: set to {_show(new, change.field)}" if _is_short(new) else f"{name}: added"
    if new is None:
        return (
            f"{name}: removed (was {_show(old, change.field)})"
            if _is_short(old)
            else f"{name}: removed"
        )
    if _is_short(old) and _is_short(new):
        return f"{name}: {_show(old, change.field)} → {_show(new, change.field)}"
    excerpts = _excerpts(old, new) if isinstance(old, str) and isinstance(new, str) else None
    if excerpts:
        return (
            f"{name}: {_quote(excerpts[0], 3 * SHORT_TEXT)} → {_quote(excerpts[1], 3 * SHORT_TEXT)}"
        )
    return f"{name}: changed"


def _excerpts(old: str, new: str, context: int = 30) -> tuple[str, str] | None:
    """The part of two long texts that differs, with some context on each side; None when the
    text was rewritten rather than edited."""
    start = _common_prefix(old, new)
    end = _common_prefix(old[start:][::-1], new[start:][::-1])

    def excerpt(text: str) -> str:
        # Context up to whole words, looking at most 15 characters further for a space.
        left = max(0, start - context)
        space = text.rfind(" ", max(0, left - 15), left)
        left = space + 1 if space >= 0 else left
        right = len(text) - end + context
        space = text.find(" ", right, right + 15)
        right = space if space >= 0 else right
        return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")

    pieces = excerpt(old), excerpt(new)
    return pieces if max(map(len, pieces)) <= 2 * SHORT_TEXT else None


def _common_prefix(first: str, second: str) -> int:
    for index, (one, other) in enumerate(zip(first, second, strict=False)):
        if one != other:
            return index
    return min(len(first), len(second))


def _way_text(way: Way) -> str:
    target = f"→ {_code(way.target)}"
    return target if way.condition is None else f"if {_quote(way.condition)} {target}"


def _ways_text(ways: Sequence[Way]) -> str:
    return ", ".join(map(_way_text, ways)) if ways else "ends the journey"


def _ways_line(old: Sequence[Way], new: Sequence[Way]) -> str:
    if len(old) <= 1 and len(new) <= 1:
        return f"ways on: {_ways_text(new)} (was {_ways_text(old)})"
    gained, lost = list(_minus(new, old)), list(_minus(old, new))
    parts = []
    # A branch whose condition stayed and whose target changed reads as one change.
    for way in tuple(gained):
        earlier = next((item for item in lost if item.condition == way.condition), None)
        if earlier is not None and way.condition is not None:
            parts.append(f"{_way_text(way)} (was → {_code(earlier.target)})")
            gained.remove(way)
            lost.remove(earlier)
    if gained:
        parts.append("added " + ", ".join(map(_way_text, gained)))
    if lost:
        parts.append("removed " + ", ".join(map(_way_text, lost)))
    return f"ways on: {'; '.join(parts) if parts else 'order changed'}"


def _emotion_text(old: Any, new: Any) -> str:
    trend = emotion_trend(old, new)
    return f"emotion {_signed(old)} → {_signed(new)}" + (f" ({trend})" if trend else "")


def _step_lines(step: StepChange) -> list[str]:
    title = f"step {_code(step.id)}" + (f" {_quote(step.name)}" if step.name is not None else "")
    if step.change in ("added", "removed"):
        about = []
        if step.phase is not None:
            about.append(f"phase {_code(step.phase)}")
        old_emotion, new_emotion = step.emotion or (None, None)
        emotion = new_emotion if step.change == "added" else old_emotion
        if emotion is not None:
            about.append(f"emotion {_signed(emotion)}")
        where = (
            f"added at position {step.new_position}"
            if step.change == "added"
            else f"removed from position {step.old_position}"
        )
        return [
            f"- {_ICONS[step.change]} {title} {where}" + (f" ({', '.join(about)})" if about else "")
        ]
    details = []
    if step.moved:
        details.append(f"moved from position {step.old_position} to {step.new_position}")
    if step.emotion is not None:
        details.append(_emotion_text(*step.emotion))
    if step.touchpoints_added or step.touchpoints_removed:
        parts = []
        if step.touchpoints_added:
            parts.append("added " + ", ".join(map(_code, step.touchpoints_added)))
        if step.touchpoints_removed:
            parts.append("removed " + ", ".join(map(_code, step.touchpoints_removed)))
        details.append(f"touchpoints: {'; '.join(parts)}")
    if step.ways is not None:
        details.append(_ways_line(*step.ways))
    details.extend(map(_field_line, step.fields))
    if len(details) == 1:
        return [f"- {title}: {details[0]}"]
    return [f"- {title}:", *(f"  - {detail}" for detail in details)]


def _change_block(change: Change, unreadable_side: str | None) -> list[str]:
    """The folded details of one definition; `unreadable_side` names the side where the file of
    an added or removed definition has a YAML error, so it may not be new or gone at all."""
    name = f" “{_html_text(_text(change.name))}”" if change.name is not None else ""
    summary = (
        f"{_ICONS[change.change]} {change.kind.capitalize()} {_code(change.id, _html_text)}{name} "
        f"{_VERBS[change.change]}"
    )
    if unreadable_side:
        summary += f" (or unreadable: its file has a YAML error at {unreadable_side})"
    lines = [f"<details><summary>{summary}</summary>", ""]
    if change.change == "renamed":
        lines.append(
            f"Moved from {_code(change.old_file)} to {_code(change.file)}; its content is unchanged."
        )
    elif change.change == "changed" and change.old_file != change.file:
        lines.append(f"Moved from {_code(change.old_file)} to {_code(change.file)}.")
    elif change.change == "added":
        lines.append(f"New in {_code(change.file)}.")
    elif change.change == "removed":
        lines.append(f"Was in {_code(change.file)}.")
    else:
        lines.append(f"In {_code(change.file)}.")
    body = [f"- {_field_line(field)}" for field in change.fields]
    for step in change.steps:
        body.extend(_step_lines(step))
    if body:
        lines += ["", *body]
    return [*lines, "", "</details>"]


def summary_sentence(diff: Diff) -> str:
    """'2 journeys changed, 1 touchpoint added', or that nothing changed."""
    parts = [
        f"{count:,} {kind}{'' if count == 1 else 's'} {_VERBS[change]}"
        for kind, counts in diff.counts().items()
        for change, count in counts.items()
        if count
    ]
    return ", ".join(parts) + "." if parts else "No changes to the definitions."


def _problem_block(message: str, errors: Sequence[Finding]) -> list[str]:
    if not errors:
        return [f"⚠️ {_markdown_text(message, 1000)}.", ""]
    lines = [
        f"<details><summary>⚠️ {_html_text(message, 1000)}</summary>",
        "",
        "The definitions that could be read are compared anyway; "
        "`cjdocs validate` lists every problem.",
        "",
    ]
    for error in errors[:LISTED_ERRORS]:
        where = _code(f"{error.file}:{error.line}:{error.column}")
        path = f"{_code(error.path)}: " if error.path else ""
        lines.append(f"- {where} {path}{_markdown_text(error.message, 300)}")
    if len(errors) > LISTED_ERRORS:
        lines.append(f"- … and {len(errors) - LISTED_ERRORS:,} more")
    return [*lines, "", "</details>", ""]


def _side_text(side: Side) -> str:
    if side.revision is None:
        return "the working tree"
    commit = f" ({_code(side.commit[:12])})" if side.commit else ""
    return f"{_code(side.revision)}{commit}"


def diff_markdown(diff: Diff) -> str:
    """A pull-request comment: a summary first, then each definition's changes folded."""
    lines = [
        "### Changes to the customer journey definitions",
        "",
        f"Comparing {_side_text(diff.base)} with {_side_text(diff.head)}.",
        "",
        f"**{summary_sentence(diff)}**",
        "",
    ]
    for _, message, errors in problems(diff):
        lines += _problem_block(message, errors)
    unreadable = {
        "added": ("BASE", {error.file for error in diff.base.errors if error.code == "yaml"}),
        "removed": ("HEAD", {error.file for error in diff.head.errors if error.code == "yaml"}),
    }
    for change in diff.changes:
        side, files = unreadable.get(change.change, ("", set()))
        lines += [*_change_block(change, side if change.file in files else None), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- JSON -------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value JSON can hold without extensions: NaN and infinity become text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _fields_json(fields: Iterable[FieldChange]) -> list[dict]:
    return [{"field": field.field, "old": field.old, "new": field.new} for field in fields]


def _ways_json(ways: Iterable[Way]) -> list[dict]:
    return [{"if": way.condition, "goto": way.target} for way in ways]


def _step_json(step: StepChange) -> dict:
    emotion = None
    if step.emotion is not None:
        emotion = {
            "old": step.emotion[0],
            "new": step.emotion[1],
            "trend": emotion_trend(*step.emotion),
        }
    ways = None
    if step.ways is not None:
        old, new = step.ways
        ways = {
            "old": _ways_json(old),
            "new": _ways_json(new),
            "added": _ways_json(_minus(new, old)),
            "removed": _ways_json(_minus(old, new)),
        }
    return {
        "id": step.id,
        "name": step.name,
        "phase": step.phase,
        "change": step.change,
        "position": {"old": step.old_position, "new": step.new_position},
        "moved": step.moved,
        "emotion": emotion,
        "touchpoints": {
            "added": list(step.touchpoints_added),
            "removed": list(step.touchpoints_removed),
        },
        "ways": ways,
        "fields": _fields_json(step.fields),
    }


def _side_json(side: Side) -> dict:
    return {
        "revision": side.revision,
        "commit": side.commit,
        "source": side.source,
        "files": side.files,
        "definitions": len(side.definitions),
        "errors": len(side.errors),
    }


def diff_json(diff: Diff) -> str:
    """The structure described at the top of this module."""
    counts = diff.counts()
    document = {
        "base": _side_json(diff.base),
        "head": _side_json(diff.head),
        "summary": {
            **{change: sum(kind[change] for kind in counts.values()) for change in CHANGES},
            "kinds": counts,
        },
        "changes": [
            {
                "kind": change.kind,
                "id": change.id,
                "name": change.name,
                "change": change.change,
                "file": change.file,
                "old_file": change.old_file,
                "fields": _fields_json(change.fields),
                "steps": [_step_json(step) for step in change.steps],
            }
            for change in diff.changes
        ],
        "problems": [
            {"side": side, "message": message, "findings": [asdict(error) for error in errors]}
            for side, message, errors in problems(diff)
        ],
    }
    return json.dumps(_plain(document), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Diff], str]] = {"markdown": diff_markdown, "json": diff_json}
