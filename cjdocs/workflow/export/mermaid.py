"""Each journey as a Mermaid `journey` diagram."""

from __future__ import annotations

from cjdocs.definitions.model import Model

# Mermaid's journey syntax splits a task line at colons and ends a line at a line break; its
# sections and titles run to the end of the line. User text is kept on one line and colons,
# semicolons and hashes (which Mermaid reads as syntax or comments) become look-alikes.
_MERMAID_LOOKALIKES = str.maketrans({":": "꞉", ";": "⁏", "#": "＃", "%": "٪", "{": "(", "}": ")"})


def _mermaid_text(text: str) -> str:
    return " ".join(text.split()).translate(_MERMAID_LOOKALIKES) or "–"


def mermaid_journey(journey) -> str:
    """A journey as a Mermaid `journey` diagram: a section per run of steps in one phase, a task
    per step, emotion -2..2 as Mermaid's score 1..5 (3 when not given), the persona as actor."""
    lines = ["journey", f"    title {_mermaid_text(journey.name)}"]
    current = None
    for step in journey.steps:
        if step.phase.id != current:
            current = step.phase.id
            lines.append(f"    section {_mermaid_text(step.phase.name)}")
        score = 3 if step.emotion is None else step.emotion + 3
        lines.append(
            f"      {_mermaid_text(step.name)}: {score}: {_mermaid_text(journey.persona.name)}"
        )
    return "\n".join(lines) + "\n"


def mermaid_journeys(model: Model) -> dict[str, str]:
    return {journey.id: mermaid_journey(journey) for journey in model.journeys}
