"""Safe HTML from definition text: escaped plain text, and `description` Markdown with teeth pulled.

Every piece of text from a definition reaches a page through this module. Plain text is
escaped with markupsafe and only ever placed inside block-level elements that we build, so
neither the browser nor Python-Markdown can read it as markup. `description` fields are
Markdown, rendered here by a Python-Markdown instance of our own that shows raw HTML as text
and keeps only links and images whose address is http(s), mailto, or inside the site.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

__all__ = ["Markup", "attribute", "description_html", "element", "escape", "safe_url"]

SAFE_SCHEMES = {"http", "https", "mailto"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def safe_url(url: str) -> bool:
    """Whether a link target from a definition may become an `href` or `src`.

    Browsers ignore whitespace and control characters inside a scheme and decode entities
    in attributes, so the test is made on the address as a browser would read it.
    """
    import html

    readable = _INVISIBLE.sub("", html.unescape(html.unescape(url))).lower()
    if readable.startswith("//"):
        return False  # another host, without a scheme
    scheme = urlsplit(readable).scheme
    return not scheme or scheme in SAFE_SCHEMES


def attribute(value: str) -> Markup:
    """A value for a double-quoted HTML attribute."""
    return escape(value)


def element(tag: str, content: str | Markup = "", /, **attributes: str | None) -> Markup:
    """`<tag attributes>content</tag>`; content that is not Markup is escaped.

    Attribute names come from our code (a trailing underscore is dropped: `class_`); values
    are escaped.
    """
    rendered = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in attributes.items()
        if value is not None
    )
    return Markup(f"<{tag}{rendered}>{escape(content)}</{tag}>")


class _NeutraliseLinks(Treeprocessor):
    """Drops addresses that could run script or leave the reader's trust (javascript:, data:)."""

    def run(self, root: ET.Element) -> None:
        for link in root.iter("a"):
            if not safe_url(link.get("href", "")):
                del link.attrib["href"]
        for image in root.iter("img"):
            if not safe_url(image.get("src", "")):
                image.set("src", "")


class _SafeMarkdown(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML, block and inline, is left as text (and so escaped on output).
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_NeutraliseLinks(md), "cjdocs-neutralise-links", 0)


@functools.cache
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "sane_lists", _SafeMarkdown()], output_format="html"
    )


def description_html(text: str) -> Markup:
    """A `description` field as HTML: Markdown, with raw HTML shown as text and unsafe links removed."""
    renderer = _renderer()
    try:
        return Markup(renderer.convert(text))
    finally:
        renderer.reset()
