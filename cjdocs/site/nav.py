"""The site's navigation: the generated sections named, ordered and kept short.

MkDocs builds a navigation from the files when `mkdocs.yml` has no `nav`: one section per
folder, titled from the folder's name. Here each generated section takes its name in the
site's language, lists its index page first and its definitions in the order the pages were
generated, and the sections stand after the hand-written pages in the order readers meet
them (journeys first), the opportunities and the insights page last. A navigation written by hand is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from mkdocs.structure.nav import Link, Section

from cjdocs.definitions.kinds import PLURALS, SITE_ORDER

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation

    from cjdocs.catalogue import Catalogue
    from cjdocs.render.pages import Page

# The generated sections, as folders of pages, in the order readers meet them.
SECTIONS = tuple(PLURALS[kind] for kind in SITE_ORDER)
INSIGHTS = "insights.md"
# The opportunity backlog over all journeys: before the insights.
OPPORTUNITIES = "opportunities.md"


# Plugins with which a team orders its navigation itself (a `.nav.yml` or `.pages` file).
ORDERING_PLUGINS = ("awesome-nav", "awesome-pages")


def group_links(
    pages: Iterable[Page], words: Catalogue, directory_urls: bool = True
) -> dict[str, list[tuple[str, str]]]:
    """By kind (`journeys`, ...), the groups of its index page as the navigation lists them:
    a title with the count ("Store (5)") and the URL of the group's heading."""
    from cjdocs.render.pages import page_url

    found: dict[str, list[tuple[str, str]]] = {}
    for page in pages:
        kind = page.path.split("/", 1)[0]
        if page.groups and kind in SECTIONS and page.path == f"{kind}/index.md":
            url = page_url(page.path, directory_urls) or "./"
            found[kind] = [
                (
                    words["index.group"].format(name=group.name, count=words.number(group.count)),
                    f"{url}#{group.anchor}",
                )
                for group in page.groups
            ]
    return found


def arrange(
    nav: Navigation,
    *,
    order: Mapping[str, int],
    words: Catalogue,
    limit: int,
    ordered_by_user: bool = False,
    groups: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> None:
    """Name, fill and order the generated sections of `nav` in place; where the team orders
    its navigation with a plugin (`ordered_by_user`), its order of the items stays.

    `order` gives each generated page's place (by docs path). Past `limit` definitions a
    section lists its index page and then, from `groups` (see `group_links`), a link to each
    group on it ("Store (5)"), as long as the groups are within the limit; else the index
    page alone, which links every definition. Every page renders the whole navigation, and
    long lists would make a build grow with the square of the definitions.
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
        if len(details) <= limit:
            item.children = index + details
            continue
        links = [Link(title, url) for title, url in (groups or {}).get(kind, ())]
        for link in links:
            link.parent = item
        item.children = index + (links if len(links) <= limit else [])
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
