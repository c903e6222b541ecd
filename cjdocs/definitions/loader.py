"""The loader: turns a definition file into documents whose every value keeps its line and column.

It reads YAML the way YAML 1.2 does (`no`, `on` and dates stay text), refuses what is unsafe or
ambiguous (tags that build objects, repeated keys, alias bombs, huge or deeply nested files,
text that is not UTF-8) and reports each such problem as a `yaml` finding with a position.
Nothing after the loader reads YAML.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from cjdocs.definitions.findings import ERROR, Finding, quoted

# A definition file larger than this is refused before it is parsed: real files are a few KB,
# and the limit keeps a mistaken 50 MB file from taking minutes and gigabytes.
MAX_FILE_BYTES = 10 * 1024 * 1024
# Values that aliases (`*name`) may copy into one file, in all: enough for any honest reuse
# of a list of touchpoints, far too few for a "billion laughs" file to grow dangerous.
MAX_ALIAS_VALUES = 100_000
# Definitions are five levels deep at most; anything past this is a mistake or an attack.
MAX_DEPTH = 64
# libyaml's composer recurses in C and crashes the interpreter on very deep nesting (seen at
# 50,000 levels); files whose nesting could come near that are parsed by the pure-Python
# composer instead, which fails cleanly.
SAFE_C_NESTING = 8_000

Position = tuple[int, int]
Path = tuple[str | int, ...]

_PLAIN = "cjdocs:plain"  # the tag our resolver gives untagged plain scalars
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TYPED_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Resolver:
    """Leaves tag resolution to us: plain scalars are resolved by YAML 1.2's core schema below."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


class _FastComposer(_Resolver, yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
    pass


class _SafeComposer(_Resolver, yaml.SafeLoader):
    pass


# -- YAML 1.2 core schema ---------------------------------------------------------------------

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_MAYBE_NOT_TEXT = set("0123456789+-.~nNtTfF")
_INT = re.compile(r"[-+]?[0-9]+", re.ASCII)
_OCT = re.compile(r"0o[0-7]+", re.ASCII)
_HEX = re.compile(r"0x[0-9a-fA-F]+", re.ASCII)
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", re.ASCII)
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = {".nan", ".NaN", ".NAN"}
# Whole numbers are read with at most this many digits. No count or order in a definition comes
# near it; past it a number is a `LargeNumber`, never computed: Python refuses to turn decimal
# text past 4,300 digits into a number, and prints no number of that size either.
MAX_DIGITS = 40


class LargeNumber(str):
    """A number too large to work with (more digits than `MAX_DIGITS`, or past a float's range),
    kept as the text written, cut short. It is text so that anything reading values (diff, JSON)
    handles it; the schema check names it wherever it stands, so no valid definition holds one.
    """

    description: str

    def __new__(cls, text: str, description: str) -> LargeNumber:
        number = super().__new__(cls, text if len(text) <= 24 else text[:23] + "…")
        number.description = description
        return number

    def __reduce__(self) -> tuple:
        # Loaded in worker processes and sent back: unpickling must pass the description too.
        return (LargeNumber, (str(self), self.description))


def _whole_number(text: str, digits: str, base: int) -> int | LargeNumber:
    significant = digits.lstrip("0")
    if len(significant) > MAX_DIGITS:
        return LargeNumber(text, f"a number of {len(significant):,} digits")
    value = int(significant or "0", base)
    return -value if text[0] == "-" else value


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under YAML 1.2's core schema."""
    if text[:1] not in _MAYBE_NOT_TEXT and text:
        return text
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    if _INT.fullmatch(text):
        return _whole_number(text, text.lstrip("+-"), 10)
    if _OCT.fullmatch(text):
        return _whole_number(text, text[2:], 8)
    if _HEX.fullmatch(text):
        return _whole_number(text, text[2:], 16)
    if _FLOAT.fullmatch(text):
        value = float(text)
        if math.isinf(value):  # written as digits, but past the largest float
            return LargeNumber(text, f"the number {quoted(text, 24)}")
        return value
    if _INF.fullmatch(text):
        return -math.inf if text[0] == "-" else math.inf
    if text in _NAN:
        return math.nan
    return text


# -- documents --------------------------------------------------------------------------------


@dataclass(slots=True)
class Document:
    """One YAML document of a definition file: plain values plus where each of them stands.

    `positions` maps a path inside the document (`("steps", 2, "phase")`) to the 1-based
    line and column of the value and of the key that names it (for list items, the item).
    """

    file: str
    data: Any
    positions: dict[Path, tuple[int, int, int, int]]
    # Where the document holds a `LargeNumber`: each is a schema finding.
    large_numbers: tuple[Path, ...] = ()

    def locate(self, path: Path) -> Position:
        """Where the value at `path` stands; for a value that is missing, where its parent does."""
        while path not in self.positions:
            path = path[:-1]
        line, column, _, _ = self.positions[path]
        return line, column

    def locate_key(self, path: Path) -> Position:
        """Where the key naming the value at `path` stands (the item itself inside a list)."""
        while path not in self.positions:
            path = path[:-1]
        _, _, line, column = self.positions[path]
        return line, column


@dataclass(slots=True)
class LoadedFile:
    file: str
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # False when reading stopped early: later documents of the file are unknown.
    complete: bool = True


class _Refused(Exception):
    """A value the loader will not accept; the whole file is reported at its position."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _start(node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class _Builder:
    """Builds plain values from a composed node tree, recording positions as it goes."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        self.file = file
        self.findings = findings
        # Composite nodes already built (meeting one again is an alias) and being built (meeting
        # one again is a cycle), by id(). An id names one node only while that node lives: the
        # nodes of a document live until it is built, then Python reuses their ids for the next
        # document's. So both sets hold the current document's nodes only; anchors never reach
        # across documents anyway.
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.large_numbers: list[Path] = []
        self.in_alias = 0
        self.alias_values = 0
        self.alias_root = None  # the outermost anchored node being copied by an alias

    def document(self, node) -> Document:
        self.seen.clear()
        self.positions: dict[Path, tuple[int, int, int, int]] = {}
        self.large_numbers = []
        line, column = _start(node)
        self.positions[()] = (line, column, line, column)
        data = self.value(node, (), 0)
        return Document(self.file, data, self.positions, tuple(self.large_numbers))

    def value(self, node, path: Path, depth: int) -> Any:
        if self.in_alias:
            self.alias_values += 1
            if self.alias_values > MAX_ALIAS_VALUES:
                raise _Refused(
                    f"aliases (*name) of the anchor here copy more than {MAX_ALIAS_VALUES:,} "
                    "values into this file; it looks like an alias bomb, and is refused",
                    *_start(self.alias_root),
                )
        if node.__class__ is ScalarNode:
            value = self.scalar(node)
            if value.__class__ is LargeNumber:
                self.large_numbers.append(path)
            return value
        if depth >= MAX_DEPTH:
            raise _Refused(
                f"the lists and mappings here nest deeper than {MAX_DEPTH} levels", *_start(node)
            )
        key = id(node)
        if key in self.open:
            raise _Refused(
                "an alias (*name) here refers to the list or mapping it stands in", *_start(node)
            )
        alias = key in self.seen
        if alias and not self.in_alias:
            self.alias_root = node
        self.seen.add(key)
        self.open.add(key)
        self.in_alias += alias
        try:
            if node.__class__ is MappingNode:
                return self.mapping(node, path, depth)
            return self.sequence(node, path, depth)
        finally:
            self.in_alias -= alias
            self.open.discard(key)

    def scalar(self, node) -> Any:
        tag = node.tag
        text = node.value
        if tag == _PLAIN:
            return resolve_plain(text)
        if tag == _STR:
            return text
        if tag in _TYPED_TAGS:
            # An explicit `!!int 5`: honour it when the text really is one.
            value = resolve_plain(text) if text else None
            name = tag.rsplit(":", 1)[1]
            expected = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[name]
            if isinstance(value, expected) and not (isinstance(value, bool) and expected is int):
                return value
            if value.__class__ is LargeNumber and name in ("int", "float"):
                return value
            raise _Refused(
                f"{_quoted_line(text)} does not fit its tag {_short_tag(tag)}", *_start(node)
            )
        raise _Refused(_tag_message(tag), *_start(node))

    def mapping(self, node, path: Path, depth: int) -> dict:
        if node.tag != _MAP:
            raise _Refused(_tag_message(node.tag), *_start(node))
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        positions = self.positions
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _Refused(
                    "a key must be a plain word, not a list or mapping", *_start(key_node)
                )
            key = key_node.value
            mark = key_node.start_mark
            key_line, key_column = mark.line + 1, mark.column + 1
            if key in result:
                self.findings.append(
                    Finding(
                        self.file,
                        key_line,
                        key_column,
                        ERROR,
                        "yaml",
                        "",
                        f"the key {_quoted_line(key)} appears twice in this mapping (first on line "
                        f"{first_lines[key]}); keep one of them",
                    )
                )
                continue
            first_lines[key] = key_line
            child = (*path, key)
            mark = value_node.start_mark
            positions[child] = (mark.line + 1, mark.column + 1, key_line, key_column)
            result[key] = self.value(value_node, child, depth + 1)
        return result

    def sequence(self, node, path: Path, depth: int) -> list:
        if node.tag != _SEQ:
            raise _Refused(_tag_message(node.tag), *_start(node))
        result = []
        positions = self.positions
        for index, item in enumerate(node.value):
            child = (*path, index)
            mark = item.start_mark
            line, column = mark.line + 1, mark.column + 1
            positions[child] = (line, column, line, column)
            result.append(self.value(item, child, depth + 1))
        return result


def _quoted_line(text: str) -> str:
    """A value quoted in a message, no more of it than its first line: a message names the
    offending line, never more of the file's content."""
    line, _, rest = text.partition("\n")
    return quoted(line + ("…" if rest else ""))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _tag_message(tag: str) -> str:
    return (
        f"the tag {_short_tag(tag)} is not allowed: definitions hold only text, numbers, "
        "true/false, lists and mappings"
    )


# -- reading the file -------------------------------------------------------------------------

# Characters YAML forbids in a stream (control characters other than tab and line breaks).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def _line_and_column(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes) -> tuple[str | None, str, Position]:
    """UTF-8 text of a file, or None with a message and the position of the first bad byte."""
    for bom, name in _BOMS.items():
        if raw.startswith(bom):
            return None, f"this file is saved as {name}; save it as UTF-8", (1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8", "replace")
        where = _line_and_column(before, len(before))
        byte = raw[error.start]
        return (
            None,
            f"this file is not UTF-8 text (byte 0x{byte:02X} cannot be read); "
            "save it as UTF-8 (in most editors: Save with Encoding → UTF-8)",
            where,
        )
    return text.removeprefix("\ufeff"), "", (1, 1)


# A line that starts with `---` or `...` ends a document: YAML allows no such line inside a
# value (a quoted text meeting one is an error, a plain or indented one ends there).
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|\Z)", re.MULTILINE)


def _nesting_could_be_deep(text: str) -> bool:
    """A cheap upper bound on how deep the text nests, to keep libyaml's C recursion safe.

    Flow collections add at most one level per bracket of their document (nesting never
    reaches across documents, and a file of many small documents with a few lists each must
    not fall back to the slow composer); block collections at most two per column of
    indentation, so the longest line bounds them.
    """
    longest = max(map(len, text.split("\n")))
    if 2 * longest > SAFE_C_NESTING:
        return True
    brackets = max(
        document.count("[") + document.count("{") for document in _DOCUMENT_MARKER.split(text)
    )
    return brackets + 2 * longest > SAFE_C_NESTING


_NON_BLOCKING = getattr(os, "O_NONBLOCK", 0)
_SPECIAL_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _not_a_file(mode: int) -> str | None:
    """Why something that is not a regular file is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")
    return (
        f"this file cannot be read: it is {what}, and definitions are read from regular files "
        "only; remove it, or rename it so that its name does not end in .yaml or .yml"
    )


def load_file(path: str, display: str | None = None) -> LoadedFile:
    """Read one definition file; problems come back as findings, never as exceptions."""
    display = display or path
    result = LoadedFile(display)

    def refuse(message: str, line: int = 1, column: int = 1) -> LoadedFile:
        result.findings.append(Finding(display, line, column, ERROR, "yaml", "", message))
        result.complete = False
        return result

    try:
        # Only a regular file is read: a pipe, a socket or a device named *.yaml would block or
        # never end. Checked before opening (opening some devices acts on them) and again on
        # what was opened, non-blocking, in case the path changed in between.
        special = _not_a_file(os.stat(path).st_mode)
        if special:
            return refuse(special)
        descriptor = os.open(path, os.O_RDONLY | _NON_BLOCKING)
        with os.fdopen(descriptor, "rb") as handle:
            special = _not_a_file(os.fstat(descriptor).st_mode)
            if special:
                return refuse(special)
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return refuse(f"this file cannot be read: {error.strerror or error}")
    if len(raw) > MAX_FILE_BYTES:
        return refuse(
            f"this file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split the "
            "definitions over several files"
        )
    text, message, (line, column) = decode(raw)
    if text is None:
        return refuse(message, line, column)
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        line, column = _line_and_column(text, forbidden.start())
        return refuse(
            f"this file holds an invisible control character (U+{ord(forbidden.group()):04X}) "
            "that YAML does not allow; delete it",
            line,
            column,
        )
    return load_text(text, display, result)


def load_text(text: str, display: str, result: LoadedFile | None = None) -> LoadedFile:
    """Parse YAML text into documents (the file's own checks having passed)."""
    result = result or LoadedFile(display)
    composer_class = _SafeComposer if _nesting_could_be_deep(text) else _FastComposer
    composer = composer_class(text)
    builder = _Builder(display, result.findings)
    try:
        while composer.check_node():
            node = composer.get_node()
            if node.__class__ is ScalarNode and node.tag == _PLAIN and node.value == "":
                continue  # an empty document
            result.documents.append(builder.document(node))
    except _Refused as refusal:
        result.complete = False
        result.findings.append(
            Finding(display, refusal.line, refusal.column, ERROR, "yaml", "", refusal.message)
        )
    except yaml.MarkedYAMLError as error:
        result.complete = False
        line, column, message = explain_yaml_error(error)
        result.findings.append(Finding(display, line, column, ERROR, "yaml", "", message))
    except yaml.YAMLError as error:  # a reader error, which carries only an offset
        result.complete = False
        position = getattr(error, "position", 0) or 0
        line, column = _line_and_column(text, min(position, len(text)))
        # Its reason only: the whole error would quote the file's text around the position.
        reason = getattr(error, "reason", None) or "a character here cannot be read"
        result.findings.append(
            Finding(display, line, column, ERROR, "yaml", "", f"this is not valid YAML: {reason}")
        )
    except RecursionError:
        result.complete = False
        result.findings.append(
            Finding(
                display,
                1,
                1,
                ERROR,
                "yaml",
                "",
                f"the lists and mappings nest deeper than {MAX_DEPTH} levels",
            )
        )
    finally:
        composer.dispose()
    return result


# -- explaining libyaml's messages -------------------------------------------------------------

# libyaml's wording, and what it means to someone who edits YAML now and then.
_EXPLANATIONS = (
    ("'\\t'", "a tab character stands here; YAML indents with spaces only"),
    ("tab character", "a tab character stands here; YAML indents with spaces only"),
    (
        "mapping values are not allowed",
        "a colon followed by a space cannot stand here; put the text in quotes, or check the "
        "indentation of this line",
    ),
    (
        "could not find expected ':'",
        "this line is neither 'key: value' nor a list item ('- ...'); is a colon missing?",
    ),
    (
        "did not find expected key",
        "this line is not lined up with the keys around it; check its indentation",
    ),
    (
        "did not find expected '-' indicator",
        "this line is not lined up with the list items around it; check its indentation",
    ),
    ("found undefined alias", "this alias (*name) refers to no anchor (&name) above it"),
    ("found duplicate anchor", "this anchor (&name) is defined twice"),
    ("did not find expected ',' or ']'", "a list in [ ] is not closed, or a comma is missing"),
    ("expected ',' or ']'", "a list in [ ] is not closed, or a comma is missing"),
    ("did not find expected ',' or '}'", "a mapping in { } is not closed, or a comma is missing"),
    ("expected ',' or '}'", "a mapping in { } is not closed, or a comma is missing"),
    (
        "found unknown escape character",
        "unknown escape (\\) in double-quoted text; use single quotes",
    ),
    (
        "found character that cannot start any token",
        "this character cannot start a value; put the text in quotes",
    ),
    ("did not find expected node content", "a value is missing here"),
    (
        "expected <document start>",
        "unexpected text after the end of a document; is a '---' missing?",
    ),
)


def explain_yaml_error(error: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Line, column and a plain sentence for a parser error."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = error.context_mark
    if opened is not None:
        # Where something was opened and never closed, point at the opening.
        if "end of stream" in problem and "quoted scalar" in context:
            return opened.line + 1, opened.column + 1, "a quote opened here is never closed"
        if "flow sequence" in context and "']'" in problem:
            return (
                opened.line + 1,
                opened.column + 1,
                "the list opened here with [ is not closed, or a comma is missing in it",
            )
        if "flow mapping" in context and "'}'" in problem:
            return (
                opened.line + 1,
                opened.column + 1,
                "the mapping opened here with { is not closed, or a comma is missing in it",
            )
    for needle, sentence in _EXPLANATIONS:
        if needle in problem:
            return line, column, sentence
    # Never the whole error: it quotes lines of the file around the position.
    return line, column, f"this is not valid YAML: {problem or context or 'it cannot be parsed'}"
