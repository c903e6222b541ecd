"""Safe text for HTML, SVG and DOT: escaped plain text, and `description` Markdown with teeth pulled.

Every piece of text from a definition reaches a page through this module. `xml_text` removes
the characters XML 1.0 forbids (NUL and the other control characters), which YAML lets an
editor write as escapes (`"\\0"`, `"\\e"`) but which make an SVG unreadable and a Graphviz
input end early; the DOT writer, the charts and the HTML here all use it. Plain text is
escaped with markupsafe and only ever placed inside block-level elements that we build, so
neither the browser nor Python-Markdown can read it as markup. `description` fields are
Markdown, rendered here by a Python-Markdown instance of our own that shows raw HTML as text
and keeps only links and images whose address is http(s), mailto, or inside the site.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from typing import Any
from urllib.parse import urlsplit

import markupsafe

__all__ = ["Markup", "description_html", "element", "escape", "safe_url", "xml_text"]

# A name under MkDocs' logger, so that a build shows (and `--strict` counts) the warning like
# MkDocs' own; the name is only a string, this module does not import MkDocs.
log = logging.getLogger("mkdocs.plugins.cjdocs.markup")

SAFE_SCHEMES = {"http", "https", "mailto"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# What XML 1.0 forbids even as a character reference: C0 controls but tab and line breaks,
# lone surrogates (which UTF-8 cannot even encode), U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters that XML 1.0 forbids.

    They are removed rather than replaced: they are invisible where they are allowed at all,
    so the reader sees the text as the editor saw it in the YAML file.
    """
    return _NOT_XML.sub("", text)


# A character that escaping for HTML or XML changes: one XML forbids, or one of the five.
_NOT_PLAIN = re.compile(f"{_NOT_XML.pattern}|[&<>'\"]")


def plain(text: str) -> bool:
    """Whether `text` is the same escaped for HTML or XML: no character XML forbids, none of
    `& < > ' "`."""
    return _NOT_PLAIN.search(text) is None


def not_xml(text: str) -> bool:
    """Whether `text` holds a character that XML 1.0 forbids (see `xml_text`)."""
    return _NOT_XML.search(text) is not None


class Markup(markupsafe.Markup):
    """markupsafe's Markup whose escaping also removes what XML forbids (see `xml_text`).

    markupsafe escapes through the class's `escape` wherever text meets markup (`+`, `join`,
    `format`), so plain text joined to a piece of our HTML is cleaned as well as escaped.
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Markup:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(markupsafe.escape(xml_text(str(s))))


def escape(value: Any) -> Markup:
    """Text for HTML element content or a double-quoted attribute: escaped, XML-safe."""
    return Markup.escape(value)


def safe_url(url: str) -> bool:
    """Whether a link target from a definition may become an `href` or `src`.

    Browsers ignore whitespace and control characters inside a scheme and decode entities
    in attributes, so the test is made on the address as a browser would read it. An address
    that cannot be read at all (`http://[`) is not safe either.
    """
    readable = _INVISIBLE.sub("", html.unescape(html.unescape(url))).lower()
    if readable.startswith("//"):
        return False  # another host, without a scheme
    try:
        scheme = urlsplit(readable).scheme
    except ValueError:
        return False
    return not scheme or scheme in SAFE_SCHEMES


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


def _dropped(address: str) -> None:
    """Tell the editor that a link of theirs is shown as plain text, and why."""
    from cjdocs.definitions.findings import quoted

    try:
        urlsplit(address)
    except ValueError:
        why = "cannot be read as an address"
    else:
        why = "may not be linked from a page (only http, https, mailto and the site's own pages)"
    log.warning(
        f"cjdocs: a link in a description to {quoted(address)} {why}; it is shown as plain text"
    )


@functools.cache
def _renderer():
    # Python-Markdown is imported here, not with the module: the DOT writer and the charts use
    # this module for `xml_text` only, and `cjdocs render` need not load Markdown.
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class NeutraliseLinks(Treeprocessor):
        """Links and images whose address could run script, leave the reader's trust
        (javascript:, data:) or cannot be read become plain text."""

        def run(self, root) -> None:
            for parent in root.iter():
                for child in list(parent):
                    address = child.get("href" if child.tag == "a" else "src")
                    if child.tag not in ("a", "img") or safe_url(address or ""):
                        continue
                    _dropped(address or "")
                    if child.tag == "a":
                        del child.attrib["href"]
                    else:
                        _replace_with_text(parent, child, child.get("alt", ""))

    class SafeMarkdown(markdown.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            # Raw HTML, block and inline, is left as text (and so escaped on output).
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            md.treeprocessors.register(NeutraliseLinks(md), "cjdocs-neutralise-links", 0)

    return markdown.Markdown(
        extensions=["tables", "sane_lists", SafeMarkdown()], output_format="html"
    )


def _replace_with_text(parent, child, text: str) -> None:
    """Put `text` where `child` stood in an ElementTree, keeping the text that followed it."""
    children = list(parent)
    index = children.index(child)
    following = text + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + following
    else:
        before = children[index - 1]
        before.tail = (before.tail or "") + following
    parent.remove(child)


def description_html(text: str) -> Markup:
    """A `description` field as HTML: Markdown, with raw HTML shown as text and unsafe links removed.

    Cleaning the text first also keeps out the control characters Python-Markdown uses to mark
    its own placeholders for stored HTML (STX, ETX), so no text can pose as one.
    """
    renderer = _renderer()
    try:
        return Markup(renderer.convert(xml_text(text)))
    finally:
        renderer.reset()
