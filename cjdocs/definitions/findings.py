"""Findings: the one shape every problem in a user's files takes, and the reporters that print them."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace

ERROR = "error"
WARNING = "warning"
# Shown wherever findings are shown, but never fails a check, not even with --strict: a hint a
# reviewer may act on (cjdocs/definitions/lint.py).
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

# Every code a finding can have, with its severity, in the order of the guide's list of checks:
# findings at one position are listed in this order. Codes are stable English words that tools
# read (`--format json`, `github`); `cjdocs explain CODE` says what each means.
CODES = {
    "yaml": ERROR,
    "empty-file": WARNING,
    "comment-in-text": WARNING,
    "split-text": WARNING,
    "joined-items": WARNING,
    "schema": ERROR,
    "duplicate-id": ERROR,
    "duplicate-order": ERROR,
    "unknown-reference": ERROR,
    "unreachable-step": ERROR,
    "no-end": ERROR,
    "unused": WARNING,
    # The journey rules (cjdocs/definitions/lint.py): severities a site may change in mkdocs.yml.
    "unknown-rule": WARNING,
    "pain-without-opportunity": WARNING,
    "emotion-drop-unexplained": WARNING,
    "phase-gap": INFO,
    "touchpoint-without-owner": WARNING,
    "step-without-touchpoint": INFO,
    "stale-future": WARNING,
    # Given by builds, for a diagram shown as a table (cjdocs/render/diagrams.py).
    "diagram-too-large": WARNING,
}
CHECK_ORDER = tuple(CODES)


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem in a definition file, located at the offending value."""

    file: str
    line: int
    column: int
    severity: str
    code: str
    path: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def sort_key(self) -> tuple:
        rank = CHECK_ORDER.index(self.code) if self.code in CHECK_ORDER else len(CHECK_ORDER)
        return (self.file, self.line, self.column, rank, self.path, self.message)


def format_path(parts: Iterable[str | int]) -> str:
    """Render a path inside a document the way SPEC.md writes it: `steps[2].touchpoints[0]`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `word`, when one is close enough to be a likely typo."""
    if not isinstance(word, str):
        return None
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix naming the closest candidate, or nothing when none is close."""
    match = closest(word, candidates)
    return f" (did you mean {quoted(match)}?)" if match else ""


def quoted(value: object, limit: int = 60) -> str:
    """A value as a user would recognise it in a message, cut short when long."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("\n", "\\n")
    return f"'{_cut(text, limit)}'"


# -- reporters -------------------------------------------------------------------------------

# A finding's path and message are cut short past these lengths: a key may be any length (a
# 44,000-character key once made a 44 KB line), and a line should stay readable.
PATH_LIMIT = 100
MESSAGE_LIMIT = 400

# What a terminal could act on rather than show: C0 and C1 control characters (escape
# sequences start with ESC or CSI; one sets the window title, others move the cursor or
# rewrite the line), line breaks that would start a forged finding, Unicode line and paragraph
# separators, bidirectional overrides that reorder what is shown, and lone surrogates, which
# cannot even be encoded for output.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match) -> str:
    character = match.group()
    code = ord(character)
    return _NAMED_ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _cut(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str, limit: int | None = None, *, lines: bool = False) -> str:
    """Text safe to print on a terminal, on one line: what a terminal could act on is shown
    escaped (`\\x1b`, `\\n`, `\\u202e`), never emitted; cut with an ellipsis past `limit`
    characters. With `lines`, line breaks are kept (a message of several lines)."""
    text = _cut(text, limit)
    if lines:
        return "\n".join(_UNPRINTABLE.sub(_escaped, line) for line in text.split("\n"))
    return _UNPRINTABLE.sub(_escaped, text)


def _shown(finding: Finding) -> Finding:
    """The finding as reporters print it: path and message cut to a readable length."""
    return replace(
        finding,
        path=_cut(finding.path, PATH_LIMIT),
        message=_cut(finding.message, MESSAGE_LIMIT),
    )


def report_text(findings: Sequence[Finding]) -> str:
    """One line per finding, as compilers write them (editors and terminals make the place a
    link, VS Code's `$gcc` problem matcher reads it): `file:line:column: error: message [code]`.
    The message names the place inside the definition as people count (`step 6 ('orders')`);
    the code at the end is what `cjdocs explain` explains."""
    lines = []
    for f in map(_shown, findings):
        lines.append(
            f"{printable(f.file)}:{f.line}:{f.column}: {f.severity}: {printable(f.message)} [{f.code}]"
        )
    return "".join(line + "\n" for line in lines)


# Characters JSON allows raw in a string that a terminal could still act on (json.dumps
# escapes the C0 controls itself), and lone surrogates (from a file name that is not UTF-8),
# which could not even be written: as \\u escapes, which every JSON reader decodes.
_JSON_UNPRINTABLE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def json_text(value: object) -> str:
    """`value` as indented JSON, non-ASCII letters kept, ending in a line break; safe to print on
    a terminal and to encode as UTF-8 whatever its strings hold."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def report_json(findings: Sequence[Finding]) -> str:
    return json_text([asdict(_shown(f)) for f in findings])


def _github_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_escape_property(text: str) -> str:
    return _github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


# GitHub's annotation for each severity: a notice is shown on the line but fails nothing.
_GITHUB_COMMANDS = {ERROR: "error", WARNING: "warning", INFO: "notice"}


def report_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    Values are escaped as GitHub's runner reads them (`%`, line breaks; `:` and `,` in
    properties), after what a terminal could act on is shown escaped: the job log is a
    terminal too, and renders escape sequences.
    """
    lines = []
    for f in map(_shown, findings):
        command = _GITHUB_COMMANDS.get(f.severity, "warning")
        properties = ",".join(
            (
                f"file={_github_escape_property(printable(f.file))}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_github_escape_property(f.code)}",
            )
        )
        message = _github_escape_data(printable(f.message))
        lines.append(f"::{command} {properties}::{message}")
    return "".join(line + "\n" for line in lines)


REPORTERS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
