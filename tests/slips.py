"""The slips an editor makes in a valid definition file, each at a place where it changes what the
file says: a character deleted, a tab, a quote, a typographic minus or a non-breaking space
typed, a `- ` or a `---` left out (tests/test_messages_mutations.py).

Places come from reading the valid file with PyYAML's own composer: characters of values are
left alone where deleting one only changes a text (`Anna` → `Ana` is no mistake any check could
see); everything around them, keys included, is fair game.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode


@dataclass(frozen=True)
class Slip:
    kind: str
    index: int  # where in the text
    line: int  # 1-based line of the slip
    text: str  # the file's text after it

    def __str__(self) -> str:
        return f"{self.kind} at {self.index} (line {self.line})"


def _values(text: str) -> tuple[list[tuple[int, int]], list[int], list[int], list[int]]:
    """Spans of the values of a file, starts of its plain values, its numbers, and where its
    block list items start."""
    spans, plain, numbers, items = [], [], [], []

    def visit(node, is_key: bool = False) -> None:
        if isinstance(node, ScalarNode):
            if not is_key:
                spans.append((node.start_mark.index, node.end_mark.index))
                if node.style is None:
                    plain.append(node.start_mark.index)
                    if node.value.lstrip("-").isdigit():
                        numbers.append(node.start_mark.index)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                visit(key, True)
                visit(value)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                start = item.start_mark.index
                if not node.flow_style and text[start - 2 : start] == "- ":
                    items.append(start - 2)
                visit(item)

    for document in yaml.compose_all(text, Loader=yaml.SafeLoader):
        visit(document)
    return spans, plain, numbers, items


def slips(text: str) -> list[Slip]:
    """Every slip of the kinds the issue names, at every place it can be made in `text`."""
    spans, plain, numbers, items = _values(text)
    inside = set()
    for start, end in spans:
        inside.update(range(start, end))

    def line(index: int) -> int:
        return text.count("\n", 0, index) + 1

    def made(kind: str, index: int, new: str, length: int = 0) -> Slip:
        return Slip(kind, index, line(index), text[:index] + new + text[index + length :])

    # (The line break that ends the file changes nothing.)
    last = len(text) - 1 if text.endswith("\n") else len(text)
    found = [made("delete", index, "", 1) for index in range(last) if index not in inside]
    starts = [0] + [index + 1 for index, character in enumerate(text) if character == "\n"]
    for start in starts[:-1] if text.endswith("\n") else starts:
        if start in inside:
            continue  # a line of a text that goes on over several lines
        content = len(text[start:]) - len(text[start:].lstrip(" "))
        found.append(made("tab", start, "\t"))
        if content:
            found.append(made("tab", start + content, "\t"))
            found.append(made("nbsp", start + content - 1, "\u00a0", 1))
    for index in plain:
        found.append(made("quote", index, '"'))
        found.append(made("quote", index, "'"))
        if text[index - 2 : index] == ": ":
            found.append(made("nbsp", index - 1, "\u00a0", 1))
    for index in numbers:
        found.append(made("minus", index, "\u2212", 1 if text[index] == "-" else 0))
    for index in items:
        found.append(made("minus", index, "\u2212", 1))
        found.append(made("undash", index, "", 2))
    for start in starts:
        if text[start : start + 4] == "---\n":
            found.append(made("unmark", start, "", 4))
    return found
