"""What a `serve` run made in its last build, so that the next build makes again only what
an edit changed.

Saving one journey of a few hundred rebuilt the whole site: every journey's page made anew
(most of the work of making pages), every flow diagram read back from the cache and checked.
A `Memory` keeps, from one build of a run to the next, each journey's flow diagram, the
plans of the touchpoint networks, and the pages of journeys, touchpoints, phases and
personas, together with everything they were made from, and gives them back where all of
that is equal.

"Equal" is the definitions' own equality: they are frozen dataclasses, compared field by
field down to every step, touchpoint, channel and phase a journey names. Each build first
finds which journeys changed (in their own file or in another: a touchpoint renamed); a page
is made again when one of the journeys it shows changed, or anything else it is made from,
as `pages.made_from` lists it for each kind of page: the definition itself, which steps use
it, a journey's diagram and comparisons and edit link, the paper size, the language, the
kind of addresses and the team's templates.

Only `serve` has a memory; `build` makes everything, so a published site never depends on
an earlier build.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from cjdocs.definitions.model import Journey
    from cjdocs.render.pages import Page, Recipe

T = TypeVar("T")


class Memory:
    def __init__(self) -> None:
        self._journeys: dict[str, Journey] = {}
        self._changed: set[str] = set()
        self._networks: tuple[Hashable, Any] | None = None
        self._flows: dict[str, tuple[Journey, str, str]] = {}
        self._pages: dict[str, tuple[Hashable, Page]] = {}
        self._next_flows: dict[str, tuple[Journey, str, str]] = {}
        self._next_pages: dict[str, tuple[Hashable, Page]] = {}
        # How many pages the last build took from memory, and how many it made.
        self.reused = 0
        self.made = 0

    def journeys(self, journeys: Iterable[Journey]) -> None:
        """This build's journeys: those that differ from the last build's (or are new) are
        the ones that changed, for `page`."""
        journeys = {journey.id: journey for journey in journeys}
        self._changed = {
            identifier
            for identifier, journey in journeys.items()
            if self._journeys.get(identifier) != journey
        }
        self._journeys = journeys

    def flow(self, journey: Journey, language: str) -> str | None:
        """The journey's flow diagram as the last build had it, if the journey is the same."""
        kept = self._flows.get(journey.id)
        if kept is None or kept[1] != language or kept[0] != journey:
            return None
        return kept[2]

    def keep_flow(self, journey: Journey, language: str, svg: str) -> None:
        self._next_flows[journey.id] = (journey, language, svg)

    def networks(self, made_from: Hashable, make: Callable[[], T]) -> T:
        """The touchpoint networks' plans, as the last build had them if made from the same
        (compared by value: the same objects when nothing changed, which compares at once)."""
        if self._networks is None or self._networks[0] != made_from:
            self._networks = (made_from, make())
        return self._networks[1]

    def page(self, recipe: Recipe) -> Page | None:
        """The page as the last build made it, if made from the same values and none of the
        journeys it shows changed."""
        kept = self._pages.get(recipe.path)
        if (
            kept is None
            or not self._changed.isdisjoint(recipe.journeys)
            or kept[0] != recipe.values
        ):
            return None
        return kept[1]

    def keep_page(self, recipe: Recipe, page: Page) -> None:
        self._next_pages[recipe.path] = (recipe.values, page)

    def done(self, *, reused: int, made: int) -> None:
        """The build is over: what it kept is what the next build compares with (and only
        that: a deleted journey is forgotten)."""
        self._flows, self._next_flows = self._next_flows, {}
        self._pages, self._next_pages = self._next_pages, {}
        self.reused, self.made = reused, made

    def forget(self) -> None:
        """A build failed part way: the next one starts from nothing."""
        self._journeys, self._changed = {}, set()
        self._networks = None
        self._flows, self._pages = {}, {}
        self._next_flows, self._next_pages = {}, {}
