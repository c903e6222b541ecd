"""Emotions and numbers as pages, diagrams and charts write them: one way for each.

An emotion is written with its sign and a real minus ("+2", "0", "−1"); in class names and
CSS custom properties, where a minus cannot stand, as `m1`; an average with one decimal in
the reader's locale ("+0.7", "−1,3"). Numbers and shares go through the catalogue (Babel).
"""

from __future__ import annotations

from cjdocs.catalogue import Catalogue

MINUS = "\u2212"
# Shown where a value cannot be given (no emotion at all, a share of nothing).
NOTHING = "–"


def signed(emotion: int) -> str:
    """`+2`, `0`, `−1`: the sign always shown, a typographic minus."""
    return f"+{emotion}" if emotion > 0 else str(emotion).replace("-", MINUS)


def emotion_key(emotion: int) -> str:
    """The emotion as it appears in class and custom property names: m2, m1, 0, 1, 2."""
    return f"m{-emotion}" if emotion < 0 else str(emotion)


def average(value: float | None, words: Catalogue) -> str:
    """A mean emotion with one decimal and its sign, `–` when there is none."""
    if value is None:
        return NOTHING
    rounded = round(value, 1)
    if rounded == 0:
        return words.number(0.0, 1)
    text = words.number(abs(rounded), 1)
    return ("+" if rounded > 0 else MINUS) + text
