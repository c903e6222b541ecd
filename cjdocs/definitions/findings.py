"""Findings: the one shape every problem in a user's files takes, and the reporters that print them."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

# The order of SPEC.md's table of checks; findings at one position are listed in this order.
CHECK_ORDER = (
    "yaml",
    "schema",
    "duplicate-id",
    "unknown-reference",
    "unreachable-step",
    "no-end",
    "unused",
)


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
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def count_errors(findings: Sequence[Finding], *, strict: bool = False) -> int:
    return sum(1 for finding in findings if finding.is_error or strict)


# -- reporters -------------------------------------------------------------------------------


def report_text(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        where = f"{f.path}: " if f.path else ""
        lines.append(f"{f.file}:{f.line}:{f.column}: {f.severity}[{f.code}]: {where}{f.message}")
    return "".join(line + "\n" for line in lines)


def report_json(findings: Sequence[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2) + "\n"


def _github_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_escape_property(text: str) -> str:
    return _github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
    lines = []
    for f in findings:
        command = "error" if f.is_error else "warning"
        where = f"{f.path}: " if f.path else ""
        properties = ",".join(
            (
                f"file={_github_escape_property(f.file)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_github_escape_property(f.code)}",
            )
        )
        lines.append(f"::{command} {properties}::{_github_escape_data(where + f.message)}")
    return "".join(line + "\n" for line in lines)


REPORTERS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
