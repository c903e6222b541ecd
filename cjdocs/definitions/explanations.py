"""What each check's code means: `cjdocs explain CODE` and the guide's list of checks.

Every code a finding can carry (`CODES`) has an explanation in the catalogue of each language:
a one-line summary, what it means, why it matters, and an example before and after the fix.
The command prints it for the terminal; the guide (docs/guide/3-checks.md) holds the same
words as Markdown, and a test keeps the two the same.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from cjdocs.catalogue import catalogue
from cjdocs.definitions.findings import CODES


@dataclass(frozen=True, slots=True)
class Explanation:
    code: str
    severity: str  # in the reader's words: "error", "Fehler"
    summary: str
    meaning: str
    why: str
    before: str
    after: str


def explanation(code: str, language: str | None = None) -> Explanation:
    """The explanation of a code (one of `CODES`) in a language."""
    words = catalogue(language)
    return Explanation(
        code,
        words[f"explain.severity.{CODES[code]}"],
        words[f"explain.{code}.summary"],
        words[f"explain.{code}.meaning"].strip(),
        words[f"explain.{code}.why"].strip(),
        words[f"explain.{code}.before"].rstrip("\n"),
        words[f"explain.{code}.after"].rstrip("\n"),
    )


def _wrapped(text: str) -> str:
    return textwrap.fill(text, width=88, break_long_words=False, break_on_hyphens=False)


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.split("\n"))


def as_text(code: str, language: str | None = None) -> str:
    """The explanation as `cjdocs explain` prints it."""
    words = catalogue(language)
    item = explanation(code, language)
    return (
        f"{item.code} ({item.severity}): {item.summary}\n\n"
        f"{_wrapped(item.meaning)}\n\n"
        f"{_wrapped(words['explain.why'] + ': ' + item.why)}\n\n"
        f"{words['explain.before']}:\n{_indented(item.before)}\n\n"
        f"{words['explain.after']}:\n{_indented(item.after)}\n"
    )


def as_markdown(code: str, language: str | None = None) -> str:
    """The explanation as the guide shows it, below the code's heading."""
    words = catalogue(language)
    item = explanation(code, language)
    return (
        f"*{item.severity}*: {item.summary}\n\n"
        f"{item.meaning}\n\n"
        f"**{words['explain.why']}:** {item.why}\n\n"
        f"{words['explain.before']}:\n\n```yaml\n{item.before}\n```\n\n"
        f"{words['explain.after']}:\n\n```yaml\n{item.after}\n```\n"
    )


def listing(language: str | None = None) -> str:
    """Every code with its summary, as `cjdocs explain` without a code prints them."""
    width = max(map(len, CODES))
    lines = [f"{code:<{width}}  {explanation(code, language).summary}" for code in CODES]
    return "\n".join(lines) + "\n"
