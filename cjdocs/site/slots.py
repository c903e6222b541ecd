"""Slots: marks in a page where the plugin puts generated HTML in after other tools had the page.

The diagrams go into a page last, after search has indexed its text and after any other
plugin has rewritten its HTML (a minifier drops the quotes around attribute values, and
cjdocs would no longer find a placeholder it looked for by its exact text). A slot is an
element of a name no HTML tool rewrites and no reader can guess (it holds a number drawn
once per build): `<cjdocs-3f9a…-flow></cjdocs-3f9a…-flow>`, empty, or holding the words search
reads in place of a long section (see `pages.Section.stand_in`). Filling a page replaces
each slot whole; a slot left in a finished page is an error, never a diagram quietly gone.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping


class SlotLost(Exception):
    """A slot was not found where the plugin left it: another tool changed the page."""


class Slots:
    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self._pattern = re.compile(
            rf"<cjdocs-{self.nonce}-([a-z0-9-]+)\s*>.*?</cjdocs-{self.nonce}-\1\s*>", re.DOTALL
        )

    def mark(self, name: str, stand_in: str = "") -> str:
        """A slot for `name` (lower-case letters, digits and hyphens), empty or holding what
        search reads until the slot is filled (HTML without slots of its own)."""
        tag = f"cjdocs-{self.nonce}-{name}"
        return f"<{tag}>{stand_in}</{tag}>"

    def fill(self, html: str, contents: Mapping[str, str]) -> str:
        """Every slot of `html` replaced by its content; raises SlotLost for a slot that is
        missing, or that is left over without content."""
        found: set[str] = set()

        def content(match: re.Match) -> str:
            name = match.group(1)
            found.add(name)
            return contents.get(name, match.group(0))

        filled = self._pattern.sub(content, html)
        missing = sorted(set(contents) - found)
        if missing or f"cjdocs-{self.nonce}-" in filled:
            raise SlotLost(", ".join(missing) or "a slot without content")
        return filled
