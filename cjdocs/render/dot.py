"""A small DOT writer: statements as lines, every name and value in double quotes.

We write DOT ourselves rather than through the `graphviz` package's builder: the builder
spent 3.5 ms per 20-step journey (more than laying it out), and its quoting guesses that
any text shaped `<...>` is an HTML-like label. Here nothing is guessed: every identifier and
every value is a quoted string, so no text can become markup, and the only escape the DOT
lexer knows inside quotes (`\\"`) is applied to every quote. Characters XML forbids are
removed from every value (`xml_text`): a NUL would end Graphviz's input early, and the others
would make its SVG unreadable.

What Graphviz does with backslashes *inside* a value depends on the attribute; `label_text`
and `tooltip_text` prepare user text for the two kinds we use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cjdocs.render.markup import plain, xml_text


def quote(value: str) -> str:
    """A DOT quoted string; backslashes must have been prepared for the attribute already.

    Graphviz reads `&...;` in a value as an HTML entity and writes what it names into its
    SVG: `&lt;b&gt;` would show as `<b>`, and `&#xD800;` as bytes that are not UTF-8 at all.
    Every `&` is written as `&amp;`, so each value is shown as it was written.
    """
    if plain(value):  # most values: nothing to remove or escape
        return f'"{value}"'
    return '"' + xml_text(value).replace("&", "&amp;").replace('"', '\\"') + '"'


def label_text(lines: list[str]) -> str:
    """Lines of user text for a `label`: each backslash shown as one, lines centred."""
    return "\\n".join(line.replace("\\", "\\\\") for line in lines)


def tooltip_text(text: str) -> str:
    """User text for a `tooltip`, on one line.

    Graphviz reads a tooltip's backslashes twice (four are needed to show one, else a
    backslash and N become the node's name), a label's once: measured alike in Graphviz
    2.43 and 16.
    """
    return " ".join(text.split()).replace("\\", "\\" * 4)


def _attributes(attributes: dict[str, str]) -> str:
    if not attributes:
        return ""
    return " [" + " ".join(f"{key}={quote(value)}" for key, value in attributes.items()) + "]"


class Graph:
    """Collects DOT statements; `source` is the finished text."""

    def __init__(self, name: str) -> None:
        self._lines = [f"digraph {quote(name)} {{"]
        self._depth = 1

    def _add(self, statement: str) -> None:
        self._lines.append("\t" * self._depth + statement)

    def defaults(self, kind: str, **attributes: str) -> None:
        """Attributes for the graph itself (`graph`) or every following `node` or `edge`."""
        self._add(f"{kind}{_attributes(attributes)}")

    def node(self, name: str, **attributes: str) -> None:
        self._add(f"{quote(name)}{_attributes(attributes)}")

    def edge(self, tail: str, head: str, **attributes: str) -> None:
        self._add(f"{quote(tail)} -> {quote(head)}{_attributes(attributes)}")

    @contextmanager
    def subgraph(self, name: str | None = None, **attributes: str) -> Iterator[Graph]:
        self._add(f"subgraph {quote(name)} {{" if name else "{")
        self._depth += 1
        if attributes:
            self._add(f"graph{_attributes(attributes)}")
        try:
            yield self
        finally:
            self._depth -= 1
            self._add("}")

    @property
    def source(self) -> str:
        return "\n".join([*self._lines, "}"]) + "\n"
