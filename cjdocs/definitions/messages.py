"""The words of findings: every message a check gives, in the reader's language, from the catalogue.

A message is built where the problem is found, from a catalogue key (`message.<name>`) and
values: ids, keys and text the editor wrote stay as she wrote them (quoted), numbers are written
as her locale writes them ("48,000", "48.000"), nouns and their grammar come from the catalogue.
The codes (`schema`, `unknown-reference`) and the machine path of a finding stay English; only
the words are translated. Here too are the helpers that write a fix as the line she should type
(`yaml_text`, `slug`) and that name a character she cannot see (`character_name`).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from cjdocs.catalogue import Catalogue, catalogue
from cjdocs.definitions.findings import quoted

# Placeholders that hold a line, a column or a step's place: written as digits, as an editor
# shows them, never with a thousands separator.
_PLAIN_NUMBERS = frozenset({"line", "column", "first", "number"})


class Words:
    """The messages of one language: `words("yaml.tab", column=3)`."""

    __slots__ = ("catalogue", "language")

    def __init__(self, language: str | None = None) -> None:
        self.catalogue: Catalogue = catalogue(language)
        self.language = self.catalogue.language

    def _shown(self, values: dict[str, Any]) -> dict[str, Any]:
        return {
            name: (
                self.number(value)
                if isinstance(value, int)
                and not isinstance(value, bool)
                and name not in _PLAIN_NUMBERS
                else value
            )
            for name, value in values.items()
        }

    def __call__(self, entry: str, /, **values: Any) -> str:
        return self.catalogue[f"message.{entry}"].format(**self._shown(values))

    def count(self, entry: str, number: int, /, **values: Any) -> str:
        """The message for `number` things, in its plural form."""
        return self.catalogue.count(f"message.{entry}", number, **self._shown(values))

    def number(self, value: int) -> str:
        """A whole number as the locale writes it ("48,000", "48.000"), however long."""
        if abs(value) < 10**15:
            return self.catalogue.number(value)
        # Babel computes in decimals of 28 digits; a definition may hold a number of 40.
        group = self.catalogue.number(1000)[1:-3]
        digits = str(abs(value))
        head = len(digits) % 3 or 3
        parts = [digits[:head]] + [
            digits[index : index + 3] for index in range(head, len(digits), 3)
        ]
        return ("-" if value < 0 else "") + group.join(parts)

    def at(self, where: str, text: str) -> str:
        """A message about a place inside a definition: `step 6 ('orders'): …`."""
        return self("at", where=where, text=text) if where else text

    def join(self, items: list[str]) -> str:
        """`'a', 'b' and 'c'` as the language writes a list."""
        if len(items) <= 1:
            return "".join(items)
        return self("and", first=", ".join(items[:-1]), last=items[-1])


@functools.cache
def words(language: str | None = None) -> Words:
    """The words of a language (English for one without a catalogue), made once per process."""
    return Words(language)


# -- where inside a definition ------------------------------------------------------------------


def where(word: Words, data: Any, path: tuple) -> str:
    """The place of `path` in a definition's data as people count: `step 6 ('orders')`,
    `step 2 ('pays'), branch 1`."""
    return place(word, path, lambda index: _step_id(data, index))


def place(word: Words, path: tuple, step_id: Callable[[int], Any]) -> str:
    """The place of `path` as people count: `step 6 ('orders')`, `step 2 ('pays'), branch 1`;
    `step_id` gives the id of the step at an index.

    Only steps and branches are named: a message names the field itself, and the file's line
    and column point at it. Counting starts at 1.
    """
    if len(path) < 2 or path[0] != "steps" or not isinstance(path[1], int):
        return ""
    named = step_called(word, path[1], step_id(path[1]))
    if len(path) >= 4 and path[2] == "branches" and isinstance(path[3], int):
        named = word("where.branch", step=named, number=path[3] + 1)
    elif len(path) >= 5 and path[2] in _ITEMS and isinstance(path[3], int):
        # A field inside a pain point or opportunity written as a mapping (`status`, `solves`):
        # the item is named, as the step may have several.
        named = word(f"where.{_ITEMS[path[2]]}", step=named, number=path[3] + 1)
    return named


# The lists of a step whose items may be mappings, by the word for one item.
_ITEMS = {"pain_points": "pain_point", "opportunities": "opportunity"}


def item_called(word: Words, data: Any, path: tuple) -> str:
    """`step 3 ('repair'), opportunity 2`: a pain point or opportunity of a step as people count."""
    return word(f"where.{_ITEMS[path[2]]}", step=where(word, data, path[:2]), number=path[3] + 1)


def _step_id(data: Any, index: int) -> Any:
    steps = data.get("steps") if isinstance(data, dict) else None
    step = steps[index] if isinstance(steps, list) and index < len(steps) else None
    return step.get("id") if isinstance(step, dict) else None


def step_called(word: Words, index: int, identifier: Any) -> str:
    """`step 6 ('orders')`: the step's place in its journey, counted from 1, and its id."""
    return word("where.step", number=step_number(word, index, identifier))


def step_number(word: Words, index: int, identifier: Any) -> str:
    """`6 ('orders')`, or `6` for a step without a usable id."""
    if isinstance(identifier, str) and identifier:
        return word("where.number_id", number=index + 1, id=quoted(identifier))
    return str(index + 1)


# -- characters she cannot see, or cannot tell apart ---------------------------------------------

# Characters that look like a space, a minus or a quote but are not the one YAML reads: pasted
# from Word, a web page or a phone. Each names its catalogue entry (`message.character.<name>`).
ODD_CHARACTERS = {
    "\t": "tab",
    "\u00a0": "space",
    "\u2007": "space",
    "\u2009": "space",
    "\u202f": "space",
    "\u2002": "space",
    "\u2003": "space",
    "\u205f": "space",
    "\u3000": "space",
    "\u200b": "invisible",
    "\u2060": "invisible",
    "\ufeff": "invisible",
    "\u2212": "minus",
    "\u2010": "minus",
    "\u2011": "minus",
    "\u2012": "minus",
    "\u2013": "minus",
    "\u2014": "minus",
    "\ufe63": "minus",
    "\uff0d": "minus",
    "\u201c": "quote",
    "\u201d": "quote",
    "\u201e": "quote",
    "\u201f": "quote",
    "\u00ab": "quote",
    "\u00bb": "quote",
    "\u2018": "apostrophe",
    "\u2019": "apostrophe",
    "\u201a": "apostrophe",
    "\u201b": "apostrophe",
    "\u2039": "apostrophe",
    "\u203a": "apostrophe",
}
_ODD = re.compile("[" + "".join(ODD_CHARACTERS) + "]")
# What each odd character should have been.
PLAIN_CHARACTER = {
    "tab": " ",
    "space": " ",
    "invisible": "",
    "minus": "-",
    "quote": '"',
    "apostrophe": "'",
}


def odd_characters(text: str) -> list[tuple[int, str]]:
    """Where `text` holds characters that look like others: (index, character)."""
    return [(match.start(), match.group()) for match in _ODD.finditer(text)]


def character_name(word: Words, character: str) -> str:
    """`a non-breaking space (U+00A0)`, `a tab (→)`."""
    kind = ODD_CHARACTERS.get(character, "other")
    if kind == "tab":
        return word("character.tab")
    return word(f"character.{kind}", code=f"U+{ord(character):04X}")


def plain(text: str) -> str:
    """`text` with each odd character replaced by the one it looks like."""
    return _ODD.sub(lambda match: PLAIN_CHARACTER[ODD_CHARACTERS[match.group()]], text)


# -- the fix, as the line she should type --------------------------------------------------------

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*", re.ASCII)
_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "Ss"}


def is_id(text: Any) -> bool:
    return isinstance(text, str) and len(text) <= 64 and _ID.fullmatch(text) is not None


def slug(text: str) -> str | None:
    """The id `text` most likely meant: `Kasse Übersicht` → `kasse-uebersicht`; None if none.

    Umlauts are written out as German does (ä → ae), other accents dropped (é → e), capitals
    lowered, and spaces, underscores and other marks become single hyphens.
    """
    if any(
        (character < " " and character not in "\t\n\r") or "\x7f" <= character <= "\x9f"
        for character in text
    ):
        return None  # control characters: no id was meant, and none is guessed
    text = plain(text).strip().strip("\"'")
    text = "".join(_GERMAN.get(character, character) for character in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text if is_id(text) else None


def yaml_text(text: str) -> str:
    """`text` written so that YAML reads it back as that text, on one line: in double quotes,
    in single quotes when it holds a double quote (inside them a single quote is written
    twice), with escapes (`\\n`) when it holds a line break or a control character."""
    if not any(character < " " or character in '"\\' for character in text):
        return f'"{text}"'
    if not any(character < " " for character in text):
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def yaml_item(text: str) -> str:
    """`text` as an item of a `[ ]` list: as it stands when YAML reads it back unchanged."""
    if is_id(text):
        return text
    return yaml_text(text)
