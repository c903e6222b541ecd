"""Diagram labels and printed map cells wrap exactly as `textwrap` wraps them.

The fast wrapping in `cjdocs.render.wrapping` decides where a diagram's label breaks and how
many columns a printed map shows; any difference from textwrap would change those pages.
"""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from cjdocs.render.wrapping import line_count, wrap

# Words of letters (umlauts and an ß among them), with the characters textwrap treats
# specially mixed in: hyphens, tabs, line breaks, runs of spaces, a non-breaking space.
PIECES = st.sampled_from(
    ["a", "Kasse", "Rückgabe", "ß", "x" * 30, " ", "  ", "-", "--", "\t", "\n", "\xa0", "e-mail"]
)
TEXTS = st.lists(PIECES, max_size=30).map("".join) | st.text(max_size=80)


@settings(max_examples=400, derandomize=True)
@given(text=TEXTS, width=st.integers(min_value=1, max_value=40))
def test_wrap_is_textwraps(text: str, width: int) -> None:
    expected = textwrap.wrap(text, width, break_long_words=True)
    assert wrap(text, width) == expected
    assert line_count(text, width) == max(1, len(expected))


def test_plain_words_break_where_the_line_is_full() -> None:
    assert wrap("Rechnung prüfen und bezahlen", 12) == ["Rechnung", "prüfen und", "bezahlen"]
    assert line_count("Rechnung prüfen und bezahlen", 12) == 3
    assert line_count("", 12) == 1
