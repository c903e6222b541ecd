"""What a `serve` run made in its last build, so that the next build makes again only what
an edit changed.

Saving one journey of a few hundred rebuilt the whole site: every journey's page made anew
(most of the work of making pages), every flow diagram read back from the cache and checked.
A `Memory` keeps, from one build of a run to the next, each journey's page and flow diagram
together with everything they were made from, and gives them back where all of that is
equal.

"Equal" is the definitions' own equality: they are frozen dataclasses, compared field by
field down to every step, touchpoint, channel and phase a journey names, so a journey's
page is made again when anything it shows changed, in its own file or in another (a
touchpoint renamed). Besides the journey, what its page is made from is listed where the
page's maker is made (`pages.made_from`): its diagram, the comparisons it is part of, its
edit link, the paper size, the language, the kind of addresses and the team's templates.

Only `serve` has a memory; `build` makes everything, so a published site never depends on
an earlier build.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjdocs.definitions.model import Journey
    from cjdocs.render.pages import Page


class Memory:
    def __init__(self) -> None:
        self._flows: dict[str, tuple[Journey, str, str]] = {}
        self._pages: dict[str, tuple[Hashable, Page]] = {}
        self._next_flows: dict[str, tuple[Journey, str, str]] = {}
        self._next_pages: dict[str, tuple[Hashable, Page]] = {}
        # How many pages the last build took from memory, and how many it made.
        self.reused = 0
        self.made = 0

    def flow(self, journey: Journey, language: str) -> str | None:
        """The journey's flow diagram as the last build had it, if the journey is the same."""
        kept = self._flows.get(journey.id)
        if kept is None or kept[1] != language or kept[0] != journey:
            return None
        return kept[2]

    def keep_flow(self, journey: Journey, language: str, svg: str) -> None:
        self._next_flows[journey.id] = (journey, language, svg)

    def page(self, path: str, made_from: Hashable) -> Page | None:
        """The page at `path` as the last build made it, if it was made from the same."""
        kept = self._pages.get(path)
        if kept is None or kept[0] != made_from:
            return None
        return kept[1]

    def keep_page(self, path: str, made_from: Hashable, page: Page) -> None:
        self._next_pages[path] = (made_from, page)

    def done(self, *, reused: int, made: int) -> None:
        """The build is over: what it kept is what the next build compares with (and only
        that: a deleted journey is forgotten)."""
        self._flows, self._next_flows = self._next_flows, {}
        self._pages, self._next_pages = self._next_pages, {}
        self.reused, self.made = reused, made

    def forget(self) -> None:
        """A build failed part way: the next one starts from nothing."""
        self._flows, self._pages = {}, {}
        self._next_flows, self._next_pages = {}, {}
