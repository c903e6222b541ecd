"""The emotion curve of a changed journey, before and after, as a Mermaid chart for the comment.

GitHub draws Mermaid blocks in pull-request comments, so a reviewer sees at a glance where a
change lifts or lowers how customers feel. The chart compares the steps both versions have,
in the new order, each with an emotion on both sides: a Mermaid line needs a value at every
point, and a value made up for a step one side lacks would mislead; added and removed steps
are listed in words beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cjdocs.workflow.export.mermaid import mermaid_text

# Before as grey bars, after as a blue line (the RdBu blue of the site's charts): told apart by
# their shape too, where a viewer ignores the colours.
BEFORE, AFTER = "#9e9e9e", "#2166ac"
# Steps shown at most; a longer journey shows its first ones and says so.
MOST_STEPS = 40
# Mermaid reads a `"` as the end of a category's text.
_QUOTES = str.maketrans({'"': "″", "`": "ˋ"})


def _emotions(steps: Any) -> dict[str, tuple[str, int]]:
    """Each step's id, name and emotion, for steps written well enough to have them."""
    found: dict[str, tuple[str, int]] = {}
    for step in steps if isinstance(steps, list) else ():
        if not isinstance(step, dict):
            continue
        identifier, emotion = step.get("id"), step.get("emotion")
        if isinstance(identifier, str) and type(emotion) is int and -2 <= emotion <= 2:
            name = step.get("name") if isinstance(step.get("name"), str) else identifier
            found.setdefault(identifier, (name, emotion))
    return found


def _label(text: str, limit: int = 24) -> str:
    label = mermaid_text(text).translate(_QUOTES)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def emotion_chart(name: str, old_steps: Any, new_steps: Any) -> list[str]:
    """Lines of Markdown: a Mermaid chart of both curves and its caption; none when fewer than
    two steps have an emotion on both sides, or when no emotion changed."""
    before, after = _emotions(old_steps), _emotions(new_steps)
    shared = [identifier for identifier in after if identifier in before]
    if len(shared) < 2 or all(before[key][1] == after[key][1] for key in shared):
        return []
    shown: Sequence[str] = shared[:MOST_STEPS]
    categories = ", ".join(f'"{_label(after[key][0])}"' for key in shown)
    caption = (
        f"Emotion before (bars) and after (line), over the {len(shown)} steps both versions "
        "have with an emotion"
        + (f" (the first {MOST_STEPS} of {len(shared)})" if len(shared) > MOST_STEPS else "")
        + "."
    )
    return [
        "```mermaid",
        "---",
        "config:",
        "  themeVariables:",
        "    xyChart:",
        f'      plotColorPalette: "{BEFORE}, {AFTER}"',
        "---",
        "xychart-beta",
        f'    title "{_label(name, 60)}"',
        f"    x-axis [{categories}]",
        '    y-axis "Emotion" -2 --> 2',
        f"    bar [{', '.join(str(before[key][1]) for key in shown)}]",
        f"    line [{', '.join(str(after[key][1]) for key in shown)}]",
        "```",
        "",
        caption,
    ]
