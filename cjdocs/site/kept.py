"""`serve` after an edit: a generated page nothing of which changed is written as it was.

MkDocs renders every page of the site in the theme on every rebuild of `serve`: with a few
hundred journeys that was most of the time from saving a file to seeing it, spent on pages
the edit did not touch. (Its `--dirty` builds skip pages by file time, and then get the
navigation and the search index wrong.) So the HTML of each generated page is kept from the
build that rendered it, and a later build of the same run writes it again when

- the page's own content is the same (its Markdown, HTML blocks, diagrams and edit link),
- so are the titles and addresses of the pages before and after it (its footer links),
- and so is everything every page shows: the navigation (each entry's kind, title and
  address), the site's files, the settings of mkdocs.yml, and the files of the theme's
  `custom_dir`.

Such a page still goes through MkDocs as any page does: its title, table of contents and
anchors are known to the other pages, and search reads its content as in a full build, so
the search index is the full build's. Only the theme's template is swapped for an empty one
(MkDocs' `template` setting of a page), and the kept HTML goes out in its place.

Only done where it is known to be right: while serving, and when the site's plugins are
cjdocs and Material's search alone (another plugin may change a page in ways a kept page
would miss). MkDocs makes the theme's Jinja environment anew for every build; the
templates compiled in the first build are reused (Jinja checks each one's source).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jinja2 import ChoiceLoader, DictLoader

from cjdocs.render.templates import CompiledTemplates

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage

# The empty template a kept page is rendered with; its HTML is put back after.
STAND_IN = "cjdocs-kept-page.html"
# Plugins whose work on a page is known: kept pages are right beside them.
KNOWN_PLUGINS = ("cjdocs.site.plugin", "material.plugins.search.")


@dataclass(frozen=True, slots=True)
class _Kept:
    content: str  # digest of the page's content
    site: str  # digest of what every page shows
    neighbours: tuple  # the previous and next pages' titles and addresses
    html: str


class KeptPages:
    """The generated pages of a `serve` run as last written, and which of them a build keeps."""

    def __init__(self, compiled: CompiledTemplates) -> None:
        self._kept: dict[str, _Kept] = {}
        self._content: dict[str, str] = {}
        self._site = ""
        # The run's compiled templates, given to each build's theme environment.
        self._compiled = compiled
        # Each generated page's object, edit link and content digest, by docs path.
        self._digests: dict[str | None, tuple[object, str | None, str]] = {}
        self._next_digests: dict[str | None, tuple[object, str | None, str]] = {}
        self.enabled = False
        # The docs paths of the generated pages the current build keeps.
        self.kept: set[str] = set()

    def digest(self, page: object, edit_uri: str | None, make: Callable[[], str]) -> str:
        """The digest of a generated page's content (`make`), made again only for a page the
        last build did not have: `serve` gives back the very page object where a page is
        made from the same (see render/memory.py), and hashing every page's diagrams again
        was a twentieth of a rebuild."""
        path = getattr(page, "path", None)
        known = self._digests.get(path)
        if known is not None and known[0] is page and known[1] == edit_uri:
            return known[2]
        digest = make()
        self._next_digests[path] = (page, edit_uri, digest)
        return digest

    def contents(self, digests: Mapping[str, str]) -> None:
        """This build's generated pages, each with the digest of its content."""
        self._content = dict(digests)
        self.kept = set()
        self._digests, self._next_digests = self._next_digests, {}

    def choose(
        self, env: jinja2.Environment, *, config: MkDocsConfig, nav: Navigation | None, files: Files
    ) -> jinja2.Environment:
        """Which pages this build keeps, once every page's title is known and before any is
        rendered: they get the stand-in template."""
        env.bytecode_cache = self._compiled
        self.enabled = _known_plugins(config)
        self.kept = set()
        self._site = site_digest(config, nav, files) if self.enabled else ""
        if not self.enabled:
            self._kept.clear()
            return env
        for file in files.documentation_pages():
            path = file.src_uri
            kept = self._kept.get(path)
            if (
                kept is None
                or file.page is None
                or kept.site != self._site
                or kept.content != self._content.get(path)
                or kept.neighbours != _neighbours(file.page)
            ):
                continue
            self.kept.add(path)
            file.page.meta["template"] = STAND_IN
        if self.kept:
            env.loader = ChoiceLoader([DictLoader({STAND_IN: ""}), env.loader])
        return env

    def output(self, page: MkDocsPage) -> str | None:
        """A kept page's HTML, as last written; None for a page rendered in this build."""
        path = page.file.src_uri
        return self._kept[path].html if path in self.kept else None

    def written(self, page: MkDocsPage, html: str) -> None:
        """A generated page as rendered in full: kept for the next build."""
        path = page.file.src_uri
        if self.enabled and path in self._content and path not in self.kept:
            self._kept[path] = _Kept(self._content[path], self._site, _neighbours(page), html)

    def forget(self) -> None:
        self._kept.clear()
        self._digests, self._next_digests = {}, {}
        self._content.clear()
        self.kept = set()


def content_digest(
    text: str, blocks: Iterable[str], figures: Mapping[str, str], edit_uri: str | None
) -> str:
    """A digest of a generated page's content: its Markdown, HTML blocks, diagrams and the
    address of its definition's file."""
    digest = hashlib.sha256(text.encode("utf-8"))
    digest.update(b"\0edit\0" + (edit_uri or "").encode("utf-8"))
    for block in blocks:
        digest.update(b"\0block\0" + block.encode("utf-8"))
    for name in sorted(figures):
        digest.update(b"\0figure\0" + name.encode("utf-8") + b"\0" + figures[name].encode("utf-8"))
    return digest.hexdigest()


def _neighbours(page: MkDocsPage) -> tuple:
    """What a page's footer shows of the pages before and after it."""
    return tuple(
        (other.title, other.url) if other is not None else None
        for other in (page.previous_page, page.next_page)
    )


def _known_plugins(config: MkDocsConfig) -> bool:
    return all(
        type(plugin).__module__.startswith(KNOWN_PLUGINS) for plugin in config.plugins.values()
    )


def site_digest(config: MkDocsConfig, nav: Navigation | None, files: Files) -> str:
    """A digest of what every page shows besides its own content."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, default=repr, sort_keys=True).encode("utf-8") + b"\n")

    def entries(items: Iterable, depth: int) -> None:
        for item in items:
            add(depth, type(item).__name__, item.title, getattr(item, "url", None))
            entries(getattr(item, "children", None) or (), depth + 1)

    entries(nav.items if nav is not None else (), 0)
    for file in files:
        add("file", file.src_uri, file.url)
    # The settings as MkDocs read them (INHERIT and !ENV resolved): each plugin by its
    # settings, the theme by its name, folders and options.
    for key in sorted(config):
        if key == "plugins":
            for name, plugin in config.plugins.items():
                add("plugin", name, dict(plugin.config))
        elif key == "theme":
            theme = config.theme
            add("theme", theme.name, theme.dirs, dict(theme.items()))
        else:
            add(key, config[key])
    _add_folder(digest, config.theme.custom_dir)
    return digest.hexdigest()


def _add_folder(digest, folder: str | None) -> None:
    """Every file's name and bytes under `folder` into `digest`."""
    if not folder or not os.path.isdir(folder):
        return
    for parent, subfolders, names in os.walk(folder):
        subfolders.sort()
        for name in sorted(names):
            path = os.path.join(parent, name)
            digest.update(b"\0" + os.fsencode(os.path.relpath(path, folder)) + b"\0")
            try:
                with open(path, "rb") as file:
                    digest.update(file.read())
            except OSError:
                digest.update(b"\0unreadable")
