"""The site's navigation: the generated sections named, ordered and kept short.

MkDocs builds a navigation from the files when `mkdocs.yml` has no `nav`: one section per
folder, titled from the folder's name. Here each generated section takes its name in the
site's language, lists its index page first and its definitions in the order the pages were
generated, and the sections stand after the hand-written pages in the order readers meet
them (journeys first), the opportunities and the insights page last. A navigation written by hand is left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from mkdocs.structure.nav import Section

from cjdocs.definitions.kinds import PLURALS, SITE_ORDER

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation

    from cjdocs.catalogue import Catalogue

# The generated sections, as folders of pages, in the order readers meet them.
SECTIONS = tuple(PLURALS[kind] for kind in SITE_ORDER)
INSIGHTS = "insights.md"
# The opportunity backlog over all journeys: before the insights.
OPPORTUNITIES = "opportunities.md"


# Plugins with which a team orders its navigation itself (a `.nav.yml` or `.pages` file).
ORDERING_PLUGINS = ("awesome-nav", "awesome-pages")


def arrange(
    nav: Navigation,
    *,
    order: Mapping[str, int],
    words: Catalogue,
    limit: int,
    ordered_by_user: bool = False,
) -> None:
    """Name, fill and order the generated sections of `nav` in place; where the team orders
    its navigation with a plugin (`ordered_by_user`), its order of the items stays.

    `order` gives each generated page's place (by docs path); past `limit` definitions a
    section lists only its index page, which links every definition: every page renders the
    whole navigation, and long lists would make a build grow with the square of the
    definitions.
    """
    for item in nav.items:
        kind = generated_kind(item)
        if kind is None:
            continue
        item.title = words[kind]
        pages = [child for child in item.children if getattr(child, "file", None)]
        index = [child for child in pages if child.file.src_uri == f"{kind}/index.md"]
        details = sorted(
            (child for child in pages if child not in index),
            key=lambda child: order.get(child.file.src_uri, 0),
        )
        item.children = index + (details if len(details) <= limit else [])
    if not ordered_by_user:
        nav.items.sort(key=_place)


def generated_kind(item: object) -> str | None:
    """The kind of definitions a section of generated pages holds (`journeys`, ...), or None."""
    if not isinstance(item, Section):
        return None
    for child in item.children:
        file = getattr(child, "file", None)
        kind = getattr(file, "src_uri", "").split("/", 1)[0]
        if kind in SECTIONS and getattr(file, "generated_by", None):
            return kind
    return None


def _place(item: object) -> int:
    """Hand-written pages first, then the generated sections in a fixed order, then the
    opportunities, insights last."""
    kind = generated_kind(item)
    if kind is not None:
        return 1 + SECTIONS.index(kind)
    source = getattr(getattr(item, "file", None), "src_uri", "")
    if source == OPPORTUNITIES:
        return len(SECTIONS) + 1
    return len(SECTIONS) + 2 if source == INSIGHTS else 0
