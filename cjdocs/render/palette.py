"""The colours diagrams and charts share.

Emotions use ColorBrewer's five-class RdBu scale, a diverging scale that stays apart for the
common colour-vision deficiencies; every diagram also writes the value as text, so colour is
never the only signal.
"""

from __future__ import annotations

EMOTION_COLOURS: dict[int, str] = {
    -2: "#b2182b",
    -1: "#ef8a62",
    0: "#f7f7f7",
    1: "#67a9cf",
    2: "#2166ac",
}
# Text on each fill: white where the fill is dark, near-black where it is light.
EMOTION_TEXT_COLOURS: dict[int, str] = {
    -2: "#ffffff",
    -1: "#1a1a1a",
    0: "#1a1a1a",
    1: "#1a1a1a",
    2: "#ffffff",
}
# Steps without an emotion: a white box with a dashed border.
NO_EMOTION_COLOUR = "#ffffff"
TEXT_ON_LIGHT = "#1a1a1a"
