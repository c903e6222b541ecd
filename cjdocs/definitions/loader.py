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

from cjdocs.definitions.findings import ERROR, WARNING, Finding, quoted
from cjdocs.definitions.messages import (
    ODD_CHARACTERS,
    Words,
    character_name,
    words,
    yaml_text,
)

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
    `digits` is how many digits it has, or None for a number past a float's range.
    """

    digits: int | None

    def __new__(cls, text: str, digits: int | None = None) -> LargeNumber:
        number = super().__new__(cls, text if len(text) <= 24 else text[:23] + "…")
        number.digits = digits
        return number

    def __reduce__(self) -> tuple:
        # Loaded in worker processes and sent back: unpickling must pass the digits too.
        return (LargeNumber, (str(self), self.digits))


def _whole_number(text: str, digits: str, base: int) -> int | LargeNumber:
    significant = digits.lstrip("0")
    if len(significant) > MAX_DIGITS:
        return LargeNumber(text, len(significant))
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
            return LargeNumber(text)
        return value
    if _INF.fullmatch(text):
        return -math.inf if text[0] == "-" else math.inf
    if text in _NAN:
        return math.nan
    return text


# -- documents --------------------------------------------------------------------------------

Slip = tuple
"""What YAML reads differently from what it looks like, noted while loading for the text checks
(cjdocs/definitions/slips.py) to judge by field. A plain tuple, as it crosses processes:
`("comment", path, line, column, comment)`: a comment (with the spaces before its `#`) cuts a
plain value short;
`("split", path, index, line, column)`: item `index` of a `[ ]` list looks like the rest of a
sentence that the comma before it split; `("joined", path, line, column)`: a list item took in
the item after it (its `- ` or line break lost)."""


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
    slips: tuple[Slip, ...] = ()

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
    # None when the file could not be read to its end: what it defines is unknown, and
    # references are not checked against it.
    unread: list[str | None] = field(default_factory=list)


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


# A plain value followed by a comment on its line: `feeling: neugierig #neu`.
_TEXT_THEN_COMMENT = re.compile(r"[^ \t\n][ \t]+#")
_COMMENT = re.compile(r"[ \t]+#[^\n]*")
# Two list items on one line, the line break between them lost: spaces, then `- `.
_JOINED_ON_ONE_LINE = re.compile(r"  - ")
# Words that start the rest of a sentence, not a new item: `[Ein Gerät, das fünf Jahre hält]`.
# An item of a `[ ]` list that starts with one of them (in lower case, followed by more words)
# is most likely one text split at its comma. A list item such as `keine Sendungsverfolgung`
# starts in lower case too, and is no slip: the word decides, not the case.
CONNECTING_WORDS = frozenset(
    """
    als also aber bevor bis da damit dann dass das dem den denen der deren dessen die doch
    ehe falls indem jedoch nachdem ob obwohl oder sobald sodass sondern sowie und um was weil
    welche welcher welches wenn wie wo wobei während zumal
    after although and as because before but if once or since so than that then though till
    unless until when whenever where whereas which while who whom whose
    """.split()
)


def _lines_with_comments(text: str) -> frozenset[int]:
    """The 0-based lines where a comment follows something else: few or none in most files, so
    that looking for comments after values costs nothing where there are none."""
    if "#" not in text:
        return frozenset()
    lines = set()
    line = 0
    counted = 0
    for match in _TEXT_THEN_COMMENT.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.add(line)
    return frozenset(lines)


class _Builder:
    """Builds plain values from a composed node tree, recording positions as it goes."""

    def __init__(self, file: str, findings: list[Finding], word: Words, text: str) -> None:
        self.file = file
        self.findings = findings
        self.words = word
        self.text = text
        self.comments = _lines_with_comments(text)
        # Composite nodes already built (meeting one again is an alias) and being built (meeting
        # one again is a cycle), by id(). An id names one node only while that node lives: the
        # nodes of a document live until it is built, then Python reuses their ids for the next
        # document's. So both sets hold the current document's nodes only; anchors never reach
        # across documents anyway.
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.large_numbers: list[Path] = []
        self.slips: list[Slip] = []
        self.in_alias = 0
        self.alias_values = 0
        self.alias_root = None  # the outermost anchored node being copied by an alias
        # The mapping being read as an item of a block list, or as a definition: a key that
        # repeats in it may begin the next one.
        self.item = None
        # Set by a mapping that stopped at a key beginning a new item (a missing `- ` or
        # `---`): the index of that key, and the key with the line it first stood on.
        self.split_at: int | None = None
        self.split_key: tuple[str, int] = ("", 0)

    def documents(self, node) -> list[Document]:
        """The definitions of one YAML document: two or more where a `---` is missing."""
        result = []
        pending = node
        while pending is not None:
            self.seen.clear()
            self.positions: dict[Path, tuple[int, int, int, int]] = {}
            self.large_numbers = []
            self.slips = []
            line, column = _start(pending)
            self.positions[()] = (line, column, line, column)
            self.item = pending
            data = self.value(pending, (), 0)
            result.append(
                Document(
                    self.file, data, self.positions, tuple(self.large_numbers), tuple(self.slips)
                )
            )
            pending = self._rest(pending, None) if self.split_at is not None else None
        return result

    def value(self, node, path: Path, depth: int) -> Any:
        if self.in_alias:
            self.alias_values += 1
            if self.alias_values > MAX_ALIAS_VALUES:
                raise _Refused(
                    self.words("yaml.alias_bomb", limit=MAX_ALIAS_VALUES),
                    *_start(self.alias_root),
                )
        if node.__class__ is ScalarNode:
            value = self.scalar(node)
            if value.__class__ is LargeNumber:
                self.large_numbers.append(path)
            return value
        if depth >= MAX_DEPTH:
            raise _Refused(self.words("yaml.too_deep", limit=MAX_DEPTH), *_start(node))
        key = id(node)
        if key in self.open:
            raise _Refused(self.words("yaml.cycle"), *_start(node))
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
                self.words("yaml.tag_mismatch", value=_quoted_line(text), tag=_short_tag(tag)),
                *_start(node),
            )
        raise _Refused(self.words("yaml.tag", tag=_short_tag(tag)), *_start(node))

    def mapping(self, node, path: Path, depth: int) -> dict:
        if node.tag != _MAP:
            raise _Refused(self.words("yaml.tag", tag=_short_tag(node.tag)), *_start(node))
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        positions = self.positions
        comments = self.comments
        # An item of a block list, or a definition: where a missing `- ` or `---` shows.
        item = node is self.item and not self.in_alias and not node.flow_style
        top = item and not path
        pairs = node.value
        for pair in pairs:
            key_node, value_node = pair
            if key_node.__class__ is not ScalarNode:
                raise _Refused(self.words("yaml.complex_key"), *_start(key_node))
            key = key_node.value
            mark = key_node.start_mark
            key_line, key_column = mark.line + 1, mark.column + 1
            if top and key[:3] == "---" and result and _joined_marker(key):
                # `---kind: phase`: the line break after a `---` is missing.
                self.split_at = pairs.index(pair)
                self.split_key = (key, 0)
                return result
            if key in result:
                if item and _begins_again(pairs, pairs.index(pair)):
                    # A `- ` or `---` is missing: the rest is the next item, read as such, so
                    # that one slip is one finding.
                    self.split_at = pairs.index(pair)
                    self.split_key = (key, first_lines[key])
                    return result
                self.findings.append(
                    Finding(
                        self.file,
                        key_line,
                        key_column,
                        ERROR,
                        "yaml",
                        "",
                        self.words(
                            "yaml.repeated_key", key=_quoted_line(key), line=first_lines[key]
                        ),
                    )
                )
                continue
            first_lines[key] = key_line
            child = (*path, key)
            mark = value_node.start_mark
            positions[child] = (mark.line + 1, mark.column + 1, key_line, key_column)
            if comments and value_node.__class__ is ScalarNode:
                self.note_comment(value_node, child)
            result[key] = self.value(value_node, child, depth + 1)
        return result

    def sequence(self, node, path: Path, depth: int) -> list:
        if node.tag != _SEQ:
            raise _Refused(self.words("yaml.tag", tag=_short_tag(node.tag)), *_start(node))
        result: list = []
        positions = self.positions
        comments = self.comments
        block = not node.flow_style
        for item in node.value:
            child = (*path, len(result))
            mark = item.start_mark
            line, column = mark.line + 1, mark.column + 1
            positions[child] = (line, column, line, column)
            if item.__class__ is ScalarNode:
                if comments:
                    self.note_comment(item, child)
                if (
                    block
                    and not item.style
                    and (item.end_mark.line != mark.line or "  - " in item.value)
                ):
                    self.note_joined(item, child)
                result.append(self.value(item, child, depth + 1))
                continue
            if block:
                self.item = item
            result.append(self.value(item, child, depth + 1))
            while self.split_at is not None:  # a `- ` was missing: the rest is the next item
                item = self._rest(item, node)
                child = (*path, len(result))
                line, column = _start(item)
                positions[child] = (line, column, line, column)
                self.item = item
                result.append(self.value(item, child, depth + 1))
        if not block and len(node.value) > 1:
            self.note_splits(node, path)
        return result

    def _rest(self, node, sequence) -> MappingNode:
        """When the mapping `node` stopped at a key that begins a new item: the finding that
        names the missing `- ` (in `sequence`) or `---` (at the top), and the rest of it, to be
        read as the next item or definition."""
        stop = self.split_at
        self.split_at = None
        key, first = self.split_key
        pairs = node.value[stop:]
        key_node = pairs[0][0]
        line, column = _start(key_node)
        if sequence is None and _joined_marker(key):
            # Read as meant: the key without the `---` before it.
            meant = ScalarNode(
                key_node.tag, key[3:], key_node.start_mark, key_node.end_mark, key_node.style
            )
            pairs = [(meant, pairs[0][1]), *pairs[1:]]
            message = self.words("yaml.marker_joined", key=quoted(key[3:]), fix=key[3:])
        elif sequence is None:
            message = self.words("yaml.missing_marker", line=line, key=quoted(key), first=first)
        else:
            content = self.text.split("\n")[line - 1].strip()
            message = self.words(
                "yaml.missing_dash", line=line, key=quoted(key), first=first, fix=f"- {content}"
            )
        self.findings.append(Finding(self.file, line, column, ERROR, "yaml", "", message))
        return MappingNode(_MAP, pairs, key_node.start_mark, node.end_mark, flow_style=False)

    def note_comment(self, node, path: Path) -> None:
        """Notes a comment right after a plain value on its line: `feeling: neugierig #neu`."""
        end = node.end_mark
        if node.style or end.line not in self.comments:
            return
        comment = _COMMENT.match(self.text, end.index)
        if comment:
            column = end.column + 1 + comment.group().index("#")
            self.slips.append(("comment", path, end.line + 1, column, comment.group()))

    def note_joined(self, node, path: Path) -> None:
        """Notes a list item that took in the item after it: its `- ` or its line break lost
        (`- loop` read as the end of `- re-activation`)."""
        start, end = node.start_mark, node.end_mark
        if start.line == end.line:
            # The line break before a `- ` deleted: `- tip      - The loop counter`.
            joined = _JOINED_ON_ONE_LINE.search(node.value)
            if joined:
                self.slips.append(
                    ("joined", path, start.line + 1, start.column + 2 + joined.start())
                )
            return
        # Over several lines: a line that starts with `- `, or is indented less than the
        # item's text (where its dash stood), is an item of its own.
        lines = self.text[start.index : end.index].split("\n")
        for offset, line in enumerate(lines[1:], start=1):
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            if content.startswith("- ") or indent < start.column:
                self.slips.append(("joined", path, start.line + 1 + offset, indent + 1))
                return

    def note_splits(self, node, path: Path) -> None:
        """Notes items of a `[ ]` list that look like the rest of a sentence split at a comma."""
        previous = node.value[0]
        for index, item in enumerate(node.value[1:], start=1):
            if (
                item.__class__ is ScalarNode
                and previous.__class__ is ScalarNode
                and not item.style
                and not previous.style
                and " " in item.value
                and item.value.split(" ", 1)[0] in CONNECTING_WORDS
            ):
                self.slips.append(("split", path, index, *_start(item)))
            previous = item


def _joined_marker(key: str) -> bool:
    """`---kind`: a key written on the line of the `---` before it."""
    return key.startswith("---") and key[3:4].isalpha()


def _begins_again(pairs: list, index: int) -> bool:
    """Whether the key at `index`, already given in this mapping, begins a new one: it is the
    mapping's first key (`id` of a step, `kind` of a definition), or it and a later key repeat
    the keys before it. One key given twice is just that (`feeling` written twice)."""
    if pairs[index][0].value == pairs[0][0].value:
        return True
    before = {key.value for key, _ in pairs[:index] if key.__class__ is ScalarNode}
    again = sum(
        1 for key, _ in pairs[index:] if key.__class__ is ScalarNode and key.value in before
    )
    return again >= 2


def _quoted_line(text: str) -> str:
    """A value quoted in a message, no more of it than its first line: a message names the
    offending line, never more of the file's content."""
    line, _, rest = text.partition("\n")
    return quoted(line + ("…" if rest else ""))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


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


def decode(raw: bytes, word: Words | None = None) -> tuple[str | None, str, Position]:
    """UTF-8 text of a file, or None with a message and the position of the first bad byte."""
    word = word or words()
    for bom, name in _BOMS.items():
        if raw.startswith(bom):
            return None, word("yaml.encoding", encoding=name), (1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8", "replace")
        where = _line_and_column(before, len(before))
        byte = raw[error.start]
        return None, word("yaml.not_utf8", byte=f"0x{byte:02X}"), where
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
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
)


def _not_a_file(mode: int, word: Words) -> str | None:
    """Why something that is not a regular file is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _SPECIAL_FILES if test(mode)), "special")
    return word("yaml.not_a_file", what=word(f"yaml.file_kind.{what}"))


def load_file(path: str, display: str | None = None, language: str | None = None) -> LoadedFile:
    """Read one definition file; problems come back as findings (in `language`), never as
    exceptions."""
    display = display or path
    result = LoadedFile(display)
    word = words(language)

    def refuse(message: str, line: int = 1, column: int = 1) -> LoadedFile:
        result.findings.append(Finding(display, line, column, ERROR, "yaml", "", message))
        result.complete = False
        result.unread.append(None)
        return result

    try:
        # Only a regular file is read: a pipe, a socket or a device named *.yaml would block or
        # never end. Checked before opening (opening some devices acts on them) and again on
        # what was opened, non-blocking, in case the path changed in between.
        special = _not_a_file(os.stat(path).st_mode, word)
        if special:
            return refuse(special)
        descriptor = os.open(path, os.O_RDONLY | _NON_BLOCKING)
        with os.fdopen(descriptor, "rb") as handle:
            special = _not_a_file(os.fstat(descriptor).st_mode, word)
            if special:
                return refuse(special)
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return refuse(word("yaml.unreadable", reason=error.strerror or str(error)))
    if len(raw) > MAX_FILE_BYTES:
        return refuse(word("yaml.too_large", limit=MAX_FILE_BYTES // (1024 * 1024)))
    text, message, (line, column) = decode(raw, word)
    if text is None:
        return refuse(message, line, column)
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        line, column = _line_and_column(text, forbidden.start())
        return refuse(
            word("yaml.control_character", code=f"U+{ord(forbidden.group()):04X}"), line, column
        )
    return load_text(text, display, result, language)


def load_text(
    text: str, display: str, result: LoadedFile | None = None, language: str | None = None
) -> LoadedFile:
    """Parse YAML text into documents (the file's own checks having passed)."""
    result = result or LoadedFile(display)
    word = words(language)
    composer_class = _SafeComposer if _nesting_could_be_deep(text) else _FastComposer
    composer = composer_class(text)
    builder = _Builder(display, result.findings, word, text)

    def stop(line: int, column: int, message: str) -> None:
        result.complete = False
        result.findings.append(Finding(display, line, column, ERROR, "yaml", "", message))

    try:
        while composer.check_node():
            node = composer.get_node()
            if node.__class__ is ScalarNode and node.tag == _PLAIN and node.value == "":
                continue  # an empty document
            result.documents.extend(builder.documents(node))
    except _Refused as refusal:
        stop(refusal.line, refusal.column, refusal.message)
    except yaml.MarkedYAMLError as error:
        stop(*explain_yaml_error(error, text, word))
    except yaml.YAMLError as error:  # a reader error, which carries only an offset
        position = getattr(error, "position", 0) or 0
        line, column = _line_and_column(text, min(position, len(text)))
        # Its reason only: the whole error would quote the file's text around the position.
        reason = getattr(error, "reason", None) or "?"
        stop(line, column, word("yaml.reader", reason=reason))
    except RecursionError:
        stop(1, 1, word("yaml.too_deep", limit=MAX_DEPTH))
    finally:
        composer.dispose()
    if not result.complete:
        # What the rest of the file defines is unknown: references are not checked against it.
        result.unread = [None]
    elif not result.documents and not result.findings:
        result.findings.append(
            Finding(display, 1, 1, WARNING, "empty-file", "", word("empty_file"))
        )
    return result


# -- explaining libyaml's messages -------------------------------------------------------------

# libyaml's wording, and the catalogue entry (`message.yaml.<name>`) that says what it means to
# someone who edits YAML now and then. The causes named by looking at the text come first.
_EXPLANATIONS = (
    ("'\\t'", "tab_anywhere"),
    ("tab character", "tab_anywhere"),
    ("mapping values are not allowed", "colon_or_indentation"),
    ("could not find expected ':'", "no_colon"),
    ("did not find expected key", "not_lined_up_keys"),
    ("did not find expected '-' indicator", "not_lined_up_items"),
    ("found undefined alias", "undefined_copy"),
    ("found duplicate anchor", "mark_twice"),
    ("did not find expected ',' or ']'", "list_not_closed"),
    ("expected ',' or ']'", "list_not_closed"),
    ("did not find expected ',' or '}'", "pairs_not_closed"),
    ("expected ',' or '}'", "pairs_not_closed"),
    ("found unknown escape character", "escape"),
    ("found character that cannot start any token", "cannot_start"),
    ("did not find expected node content", "value_missing"),
    ("expected <document start>", "after_end"),
)


def explain_yaml_error(
    error: yaml.MarkedYAMLError, text: str = "", word: Words | None = None
) -> tuple[int, int, str]:
    """Line, column and a plain sentence for a parser error: the character, quote or dash at
    the cause, then the fix, where the text shows them; else what libyaml's words mean."""
    word = word or words()
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    opened = error.context_mark
    odd = _odd_character(lines, error, word)
    if odd:
        return odd
    if opened is not None:
        # Where something was opened and never closed, point at the opening.
        # (A quote left open runs on to the end of the file, or to the next '---'.)
        ended = "end of stream" in problem or "document indicator" in problem
        if ended and "quoted scalar" in context:
            quote = _character_at(lines, opened.line, opened.column) or "'"
            return opened.line + 1, opened.column + 1, word("yaml.quote_not_closed", quote=quote)
        if "flow sequence" in context and "']'" in problem:
            return opened.line + 1, opened.column + 1, word("yaml.list_opened_not_closed")
        if "flow mapping" in context and "'}'" in problem:
            return opened.line + 1, opened.column + 1, word("yaml.pairs_opened_not_closed")
    if error.problem_mark is not None:
        late = _quote_closed_late(text, error.problem_mark.index)
        if late:
            at_line, at_column, quote, closed = late
            return at_line, at_column, word("yaml.quote_closed_late", quote=quote, line=closed)
    nearby = [index for index in (line - 2, line - 1) if 0 <= index < len(lines)]
    for index in nearby:
        early = _quote_ends_early(lines[index])
        if early:
            quote, at, fix = early
            return index + 1, at + 1, word("yaml.quote_inside", quote=quote, fix=fix)
    if "mapping values are not allowed" in problem and 0 <= line - 1 < len(lines):
        fix = _colon_fix(lines[line - 1], column - 1)
        if fix:
            return line, column, word("yaml.colon", fix=fix)
    if "could not find expected ':'" in problem and opened is not None:
        # The line without its colon is where the key began, not where libyaml gave up.
        line, column = opened.line + 1, opened.column + 1
        nearby = [line - 1]
    for index in nearby:
        dash = _dash_missing(lines, index)
        if dash:
            return index + 1, dash[0] + 1, word("yaml.dash_missing", line=index + 1, fix=dash[1])
    for needle, key in _EXPLANATIONS:
        if needle in problem:
            return line, column, word(f"yaml.{key}")
    # Never the whole error: it quotes lines of the file around the position.
    return line, column, word("yaml.invalid", problem=problem or context or "?")


def _quote_closed_late(text: str, index: int) -> tuple[int, int, str, int] | None:
    """A quoted text that runs over several lines and ends right before the error at `index`:
    a quote left open, closed only by the next quote further down. Where it opened, its quote,
    and the line it closed on. (The text is scanned again up to the error: errors only.)"""
    last = None
    try:
        for token in yaml.scan(text[: index + 1], Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.start_mark.line == last.end_mark.line:
        return None
    if last.end_mark.index > index or text[last.end_mark.index : index].strip():
        return None
    start = last.start_mark
    return start.line + 1, start.column + 1, last.style, last.end_mark.line + 1


def _character_at(lines: list[str], line: int, column: int) -> str:
    return lines[line][column] if 0 <= line < len(lines) and 0 <= column < len(lines[line]) else ""


def _odd_character(lines: list[str], error, word: Words) -> tuple[int, int, str] | None:
    """A tab, a non-breaking space, a typographic minus where YAML wants a space or a `-`: at
    the error itself, or in the indentation, after the `- ` or after the key's colon on the
    line of the error or the two before it (an error often shows a line after its cause)."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None
    found = None
    character = _character_at(lines, mark.line, mark.column)
    if character in ODD_CHARACTERS:
        found = (mark.line, mark.column, character)
    else:
        first = max(0, mark.line - 2)
        for index in range(first, min(mark.line, len(lines) - 1) + 1):
            at = _structural_odd(lines[index])
            if at is not None:
                found = (index, at, lines[index][at])
                break
    if found is None:
        return None
    line, column, character = found
    if character == "\t":
        return line + 1, column + 1, word("yaml.tab", column=column + 1)
    kind = ODD_CHARACTERS[character]
    return (
        line + 1,
        column + 1,
        word(
            "yaml.character",
            character=character_name(word, character),
            column=column + 1,
            fix=word(f"yaml.character_fix.{kind}"),
        ),
    )


_SPACES = frozenset(
    character for character, kind in ODD_CHARACTERS.items() if kind in ("tab", "space", "invisible")
)
# A key's colon followed by a space that is not one: `name:\u00a0Ben`.
_KEY_ODD_SPACE = re.compile(
    "^[ ]*(?:- )?[^\\s:#'\"\\[{][^:#]*:(["
    + "".join(character for character in _SPACES if character != "\t")
    + "])"
)


def _structural_odd(line: str) -> int | None:
    """Where an odd character stands in the structure of a line (not in its text)."""
    index = 0
    while index < len(line) and (line[index] == " " or line[index] in _SPACES):
        if line[index] != " ":
            return index
        index += 1
    rest = line[index : index + 2]
    if rest[:1] and ODD_CHARACTERS.get(rest[0]) == "minus" and rest[1:2] in (" ", *_SPACES, ""):
        return index  # a list item's dash, typed as a typographic one
    if rest[:1] == "-" and rest[1:2] in _SPACES and rest[1:2] != "\t":
        return index + 1
    match = _KEY_ODD_SPACE.match(line)
    return match.start(1) if match else None


def _quote_ends_early(line: str) -> tuple[str, int, str] | None:
    """A quoted value whose text holds its own quote mark: `quote: 'Ich hab's eilig'`. The quote
    that ends it early, its index, and the line written with the other kind of quotes."""
    match = re.match(r"^([ ]*(?:- +)?(?:[^\s'\"#\-\[{][^:#]*?: +)?)(['\"])", line)
    if not match:
        return None
    head, quote = match.group(1), match.group(2)
    start = match.end()
    index = start
    while index < len(line):
        character = line[index]
        if quote == '"' and character == "\\":
            index += 2
            continue
        if character == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2
                continue
            break
        index += 1
    else:
        return None
    after = line[index + 1 :].strip()
    if not after or after.startswith("#"):
        return None
    body = line.rstrip()
    inner = body[start:-1] if body.endswith(quote) and len(body) - 1 > index else body[start:]
    return quote, index, f"{head.strip()} {yaml_text(inner)}".strip()


def _colon_fix(line: str, column: int) -> str | None:
    """`name: Ben: der Kunde` written as she meant it: `name: "Ben: der Kunde"`; None when the
    colon at `column` is the line's own key colon (then the indentation is wrong, not the text)."""
    content = line.strip()
    indent = len(line) - len(line.lstrip())
    if content.startswith("- "):
        return f"- {yaml_text(content[2:].strip())}"
    first = line.find(": ")
    if first < indent or first >= column:
        return None
    key, _, value = content.partition(": ")
    return f"{key}: {yaml_text(value.strip())}"


def _dash_missing(lines: list[str], index: int) -> tuple[int, str] | None:
    """A line standing where the items of a list above stand, without their `- `: its
    indentation and the line written with the dash."""
    line = lines[index]
    content = line.lstrip(" ")
    if not content or content.startswith(("-", "#")):
        return None
    indent = len(line) - len(content)
    for above in range(index - 1, -1, -1):
        other = lines[above]
        other_content = other.lstrip(" ")
        if not other_content.strip() or other_content.startswith("#"):
            continue
        other_indent = len(other) - len(other_content)
        if other_indent < indent:
            return None
        if other_indent == indent:
            if other_content.startswith("- "):
                return indent, f"- {content.rstrip()}"
            return None
    return None
