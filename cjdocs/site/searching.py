"""The search index entries of the generated pages, written by cjdocs instead of Material.

Material's search plugin reads each page's HTML with Python's `html.parser` as the page is
rendered, in the one process MkDocs renders in: at 300 journeys its reading of our pages was
a fifth of that process's time. Our pages are HTML we wrote ourselves, from a small part of
the language: tags with double-quoted attributes, text with its entities, nothing else (no
comment, no declaration, no script). `entries` reads such HTML in one regular expression
pass and gives the entries Material would give, by the very rules of Material's reader
(`material.plugins.search.plugin.Parser`, Material 9.x), including its quirks: an element
counts as "the same" as any other of the same tag, a kept tag that holds only white space
is dropped from its first opening on, a heading inside a permalink is not part of the title.
tests/test_searching.py holds the two to each other on every page we generate and on random
HTML of that small part of the language.

A page these rules cannot read (anything outside that part of HTML) is left to Material,
as is every page when Material would split Chinese words (`jieba` installed): `entries`
returns None. The plugin marks each page it indexes itself as excluded from Material's
search (`search: exclude` in the page's meta, Material's own setting) and, once Material
has written `search/search_index.json`, puts the entries in, in the order of the pages,
as Material writes them (`merged`).
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape, unescape

from cjdocs.render.searched import HEADINGS, KEPT, VOID

# Material's reader keeps the tags KEPT (drops the rest, keeping their text), skips these for
# good; VOID and HEADINGS are as searched.py (its stand-ins follow the same rules).
_SKIPPED_FOR_GOOD = ("object", "script", "style")
# Elements whose text html.parser takes (or, in newer Pythons, may take) as raw text.
_RAW_TEXT = frozenset(
    {
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    }
)

# A tag of the part of HTML read here: a start tag with attributes that are bare or in double
# quotes (`/>` allowed), or an end tag. White space as HTML's parser takes it around
# attributes is spaces, tabs and line breaks only: any other `<` is outside that part.
_SPACE = "[ \t\n\r\f]"
_TAG = re.compile(
    rf"<(?:([a-zA-Z][-a-zA-Z0-9]*)((?:{_SPACE}+[-a-zA-Z0-9_:.]+(?:=\"[^\"]*\")?)*){_SPACE}*(/?)"
    rf"|/([a-zA-Z][-a-zA-Z0-9]*){_SPACE}*)>"
)
_ATTRIBUTE = re.compile(rf"{_SPACE}+([-a-zA-Z0-9_:.]+)(?:=\"([^\"]*)\")?")


class NotReadable(Exception):
    """HTML outside the part these rules read (or that Material's reader fails on)."""


def can_write_entries() -> bool:
    """Whether Material's entries would be the ones read here: not when Material splits
    Chinese words with `jieba`."""
    return importlib.util.find_spec("jieba") is None


class _Section:
    __slots__ = ("depth", "excluded", "id", "tag", "text", "title")

    def __init__(self, tag: str, depth: float = 0, excluded: bool = False) -> None:
        self.tag = tag
        self.depth = depth
        self.excluded = excluded
        self.id: str | None = None
        self.title: list[str] = []
        self.text: list[str] = []


class _Reader:
    """Material's search reader (see the module's text), fed tag by tag."""

    def __init__(self) -> None:
        self.context: list[tuple[str, object]] = []  # (tag, its class attribute)
        self.tags: list[str] = []  # the tags of `context`
        self.skip: set[str] = set(_SKIPPED_FOR_GOOD)
        self.section: _Section | None = None
        self.sections: list[_Section] = []

    def _skipping(self) -> bool:
        return not self.skip.isdisjoint(self.tags)

    def _new_section(self, tag: str, depth: float = 0, excluded: bool = False) -> _Section:
        section = _Section(tag, depth, excluded)
        self.sections.append(section)
        return section

    def _target(self, section: _Section) -> list[str]:
        return section.title if section.tag in self.tags else section.text

    def start(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag in VOID:
            return
        self.context.append((tag, attributes.get("class")))
        self.tags.append(tag)
        if tag in HEADINGS and "id" in attributes:
            depth = len(self.tags)
            if tag != "h1" and not self.sections:
                self._new_section("hx", depth)
            had_sections = bool(self.sections)
            self.section = self._new_section(tag, depth, "data-search-exclude" in attributes)
            if had_sections:
                self.section.id = attributes["id"]
        if self.section is None:
            self.section = self._new_section("hx")
        if "data-search-exclude" in attributes or attributes.get("class") == "linenodiv":
            self.skip.add(tag)
            return
        if tag in KEPT and not self._skipping():
            self._target(self.section).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.tags or self.tags[-1] != tag:
            return
        section = self.section
        if section.depth > len(self.tags):
            for earlier in reversed(self.sections):
                if earlier.depth <= len(self.tags):
                    section.depth = float("inf")
                    self.section = section = earlier
                    break
        self.context.pop()
        self.tags.pop()
        if tag in self.skip:
            if tag not in _SKIPPED_FOR_GOOD:
                self.skip.discard(tag)
            return
        if tag in KEPT and not self._skipping():
            data = self._target(section)
            try:
                index = data.index(f"<{tag}>")
            except ValueError:
                raise NotReadable(f"</{tag}> without its start") from None
            if all(piece.isspace() for piece in data[index + 1 :]):
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def data(self, text: str) -> None:
        if self._skipping():
            return
        in_pre = "pre" in self.tags
        if not in_pre:
            text = text.replace("\n", " ") if not text.isspace() else " "
        if self.section is None:
            self.section = self._new_section("hx")
        section = self.section
        if section.tag in self.tags:
            if not any(tag == "a" and kind == "headerlink" for tag, kind in self.context):
                section.title.append(escape(text, quote=False))
        elif text.isspace():
            if not section.text or not section.text[-1].isspace() or in_pre:
                section.text.append(text)
        else:
            section.text.append(escape(text, quote=False))


def _read(html: str) -> list[_Section]:
    reader = _Reader()
    at = 0
    for match in _TAG.finditer(html):
        if match.start() > at:
            text = html[at : match.start()]
            if "<" in text:
                raise NotReadable("a '<' that starts no tag read here")
            reader.data(unescape(text))
        at = match.end()
        name, attributes, closed, end = match.groups()
        if end is not None:
            reader.end(end.lower())
            continue
        tag = name.lower()
        if tag in _RAW_TEXT:
            raise NotReadable(f"<{tag}>")
        values: dict[str, str | None] = {}
        for attribute in _ATTRIBUTE.finditer(attributes):
            value = attribute.group(2)
            values[attribute.group(1).lower()] = unescape(value) if value else value
        reader.start(tag, values)
        if closed:
            reader.end(tag)
    if at < len(html):
        text = html[at:]
        if "<" in text:
            raise NotReadable("a '<' that starts no tag read here")
        reader.data(unescape(text))
    return reader.sections


def _toc_url(toc: Iterable, identifier: str | None) -> str | None:
    for item in toc:
        if item.id == identifier:
            return item.url
        found = _toc_url(item.children, identifier)
        if found is not None:
            return found
    return None


def entries(
    html: str, *, url: str, toc: Iterable, meta: Mapping[str, object], title: object
) -> list[dict[str, object]] | None:
    """The entries Material's search would make of a page with this content, address, table
    of contents, meta and title; None when the content is not HTML read here."""
    try:
        sections = _read(html)
    except NotReadable:
        return None
    # What every entry of the page carries: its tags and its boost, as the meta gives them.
    tags = meta.get("tags")
    if isinstance(tags, list):
        tags = [str(name) for name in tags if name and isinstance(name, str | int | float | bool)]
    search = meta.get("search") or {}
    made = []
    for section in sections:
        if section.excluded:
            continue
        found = _toc_url(toc, section.id)
        location = url + found if found else url + "#" + section.id if section.id else url
        title_parts = section.title or [str(meta.get("title", title))]
        entry: dict[str, object] = {
            "location": location,
            "title": "".join(title_parts).strip(),
            "text": "".join(section.text).strip(),
        }
        if isinstance(tags, list):
            entry["tags"] = list(tags)
        if "boost" in search:
            entry["boost"] = search["boost"]
        made.append(entry)
    return made


def merged(index: str, written: Mapping[str, Sequence[dict]], order: Sequence[str]) -> str:
    """Material's `search_index.json` text with the `written` entries (by page address) put
    in, every page's entries in the `order` the pages were rendered in; as Material writes
    the file (compact JSON)."""
    data = json.loads(index)
    theirs: dict[str, list] = {}
    unplaced: list = []
    known = set(order)
    page = None
    for entry in data.get("docs", []):
        location = str(entry.get("location", ""))
        address = location.partition("#")[0]
        if address in known and address not in written:
            page = address
        if page is None:
            unplaced.append(entry)
        else:
            theirs.setdefault(page, []).append(entry)
    docs = []
    for address in order:
        docs.extend(written.get(address, theirs.get(address, ())))
    data["docs"] = docs + unplaced
    return json.dumps(data, separators=(",", ":"), default=str)


class ReadAhead:
    """The entries of generated pages, read by a forked process (forked.py) while MkDocs
    renders the pages, in the order it renders them: 0.17 s of the one process MkDocs renders
    in at 300 journeys, done on another core. A page that changed after the fork (another
    plugin rewrote its content, meta, title or table of contents) is read here, as is every
    page once the child has stopped."""

    def __init__(self, pages: Sequence) -> None:
        from cjdocs.forked import Forked

        self._known = {page.url: page_key(page) for page in pages}
        self._received: dict[str, list[dict[str, object]] | None] = {}
        self._child: Forked | None = Forked(
            lambda: ((page.url, page_entries(page)) for page in pages)
        )

    def get(self, page) -> list[dict[str, object]] | None:
        """The page's entries (see `entries`)."""
        from cjdocs.forked import Stopped

        if self._known.pop(page.url, None) == page_key(page):
            while self._child is not None and page.url not in self._received:
                try:
                    received = self._child.receive()
                except Stopped:
                    received = None
                if not isinstance(received, tuple):  # stopped, or a Fault: read here from now on
                    self.stop()
                    break
                self._received[received[0]] = received[1]
            if page.url in self._received:
                return self._received.pop(page.url)
        return page_entries(page)

    def stop(self) -> None:
        if self._child is not None:
            self._child.stop()
            self._child = None


def page_entries(page) -> list[dict[str, object]] | None:
    return entries(page.content or "", url=page.url, toc=page.toc, meta=page.meta, title=page.title)


def page_key(page) -> tuple:
    """What a page's entries are made from: its address, content, title, meta and table of
    contents."""
    return (
        page.url,
        page.content or "",
        str(page.title),
        json.dumps(page.meta, sort_keys=True, default=str),
        _toc_key(page.toc),
    )


def _toc_key(toc) -> tuple:
    return tuple((item.id, item.url, item.title, _toc_key(item.children)) for item in toc)
