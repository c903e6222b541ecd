"""Text wrapped to a number of characters a line, as `textwrap.wrap` wraps it, only faster.

A site of hundreds of journeys wraps tens of thousands of texts: diagram labels, and each
cell of a printed journey map for each column width tried. `textwrap` splits every text
with a regular expression and moves each piece through lists; most texts here are words
between single spaces, which a plain loop wraps the same way in a fraction of the time.
Anything else (hyphens, which textwrap may break after; tabs and line breaks; runs of spaces;
a word longer than a line) goes to `textwrap` itself, so the result is always its result.
"""

from __future__ import annotations

import functools
import textwrap


def _plain(text: str) -> list[str] | None:
    """The words of `text` if it is words between single spaces and nothing textwrap treats
    specially: hyphens (it may break after one), and any other white space (it turns tabs
    and line breaks into spaces, and drops a piece of white space at a line's end: a
    non-breaking space too). Otherwise None."""
    if not text or text[0] == " " or text[-1] == " " or "  " in text or "-" in text:
        return None
    return text.split(" ") if text.isprintable() else None


def wrap(text: str, width: int) -> list[str]:
    """`textwrap.wrap(text, width, break_long_words=True)`."""
    words = _plain(text)
    if words is None or max(map(len, words)) > width:
        return textwrap.wrap(text, width, break_long_words=True)
    lines: list[str] = []
    line = [words[0]]
    length = len(words[0])
    for word in words[1:]:
        if length + 1 + len(word) <= width:
            line.append(word)
            length += 1 + len(word)
        else:
            lines.append(" ".join(line))
            line = [word]
            length = len(word)
    lines.append(" ".join(line))
    return lines


@functools.lru_cache(maxsize=16384)
def line_count(text: str, width: int) -> int:
    """How many lines `wrap(text, width)` gives (at least one, for an empty text too).

    Kept for the texts of a build: a printed map tries each text at several widths."""
    words = _plain(text)
    if words is None or max(map(len, words)) > width:
        return max(1, len(textwrap.wrap(text, width, break_long_words=True)))
    lines = 1
    length = len(words[0])
    for word in words[1:]:
        if length + 1 + len(word) <= width:
            length += 1 + len(word)
        else:
            lines += 1
            length = len(word)
    return lines
