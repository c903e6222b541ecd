"""Each journey as a Mermaid `journey` diagram."""

from __future__ import annotations

import re

from cjdocs.definitions.model import Model

# Mermaid's journey grammar has no quoting, so user text is made to read as plain text:
# - It is kept on one line (a line break ends a statement), without control characters, its
#   spaces single; U+FEFF, which JavaScript counts as a space and Python does not, is dropped.
# - Characters the lexer reads as syntax become look-alikes: `:` splits a task into name,
#   score and actors; `;` and `#` end a statement or start a comment; `%` starts a comment
#   (`%%`) or a directive (`%%{`); `{`/`}` open and close an accessible description.
# - In an actor, `,` separates actors, so it becomes a look-alike too.
# - A task line whose name starts with a keyword (`section `, `title `, `journey`,
#   `accTitle`, `accDescr`, case-insensitive, as Mermaid's lexer matches them) would be read
#   as that statement: a word joiner (U+2060, invisible) goes first.
_LOOKALIKES = str.maketrans(
    {":": "꞉", ";": "⁏", "#": "＃", "%": "٪", "{": "(", "}": ")", "\ufeff": None}
)
_ACTOR_LOOKALIKES = str.maketrans({",": "‚"})
_KEYWORD = re.compile(
    r"(journey(?![A-Za-z0-9_])|title\s|section\s|acctitle|accdescr)", re.IGNORECASE
)
WORD_JOINER = "\u2060"
# Control characters (C0, DEL, C1), lone surrogates and U+FFFE/U+FFFF: no diagram shows them,
# and a terminal that prints the export would act on them.
_NOT_TEXT = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def mermaid_text(text: str) -> str:
    """User text as Mermaid reads it as plain text, on one line (see the rules above)."""
    return " ".join(_NOT_TEXT.sub("", text).split()).translate(_LOOKALIKES) or "–"


def _task_name(text: str) -> str:
    name = mermaid_text(text)
    return WORD_JOINER + name if _KEYWORD.match(name) else name


def _actor(text: str) -> str:
    return mermaid_text(text).translate(_ACTOR_LOOKALIKES)


def mermaid_journey(journey) -> str:
    """A journey as a Mermaid `journey` diagram: a section per run of steps in one phase, a task
    per step, emotion -2..2 as Mermaid's score 1..5 (3 when not given), the persona as actor."""
    lines = ["journey", f"    title {mermaid_text(journey.name)}"]
    current = None
    for step in journey.steps:
        if step.phase.id != current:
            current = step.phase.id
            lines.append(f"    section {mermaid_text(step.phase.name)}")
        score = 3 if step.emotion is None else step.emotion + 3
        lines.append(f"      {_task_name(step.name)}: {score}: {_actor(journey.persona.name)}")
    return "\n".join(lines) + "\n"


def mermaid_journeys(model: Model) -> dict[str, str]:
    return {journey.id: mermaid_journey(journey) for journey in model.journeys}
