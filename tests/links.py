"""Crawling a built site's links: every page parsed once, every internal link and anchor resolved.

A link is dead when the file it names is missing, or when it names an anchor (`#step-x`)
that its target page does not have. External links (http, https, mailto) are not followed.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL = ("http", "https", "mailto", "javascript", "data")


class _Reader(HTMLParser):
    """The links (`<a href>`, SVG `xlink:href`) and the ids of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        values = dict(attributes)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a":
            href = values.get("href") or values.get("xlink:href")
            if href:
                self.links.append(href)


def _read(path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def dead_links(site: Path, pages: list[Path] | None = None) -> tuple[int, list[str]]:
    """How many internal links the pages hold (default: every page but 404.html), and the
    dead ones as `page: link`."""
    pages = pages if pages is not None else sorted(site.rglob("*.html"))
    pages = [page for page in pages if page.name != "404.html"]
    read: dict[Path, _Reader] = {}

    def reader(path: Path) -> _Reader:
        if path not in read:
            read[path] = _read(path)
        return read[path]

    checked, dead = 0, []
    for page in pages:
        here = page.parent.relative_to(site).as_posix()
        for href in reader(page).links:
            parts = urlsplit(href)
            if parts.scheme in EXTERNAL or parts.netloc:
                continue
            if parts.path:
                target = site / posixpath.normpath(posixpath.join(here, unquote(parts.path)))
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = page
            name = f"{page.relative_to(site).as_posix()}: {href}"
            checked += 1
            if not target.is_file() or (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in reader(target).ids
            ):
                dead.append(name)
    return checked, dead
