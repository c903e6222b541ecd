"""The stylesheets cjdocs ships (`styles/*.css`, package data), each read once.

`cjdocs.css` styles the pages, `diagrams.css` the Graphviz diagrams, `charts.css` the charts,
`compare.css` the comparisons of journeys, `backlog.css` the opportunity backlog.
The site gets all three as one stylesheet, and the SVGs inline in its pages carry no style of
their own; an SVG that must stand alone (a file written by `cjdocs render`) embeds its rules.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

# The files, in the order the site's stylesheet joins them.
SHEETS = ("cjdocs", "diagrams", "charts", "compare", "backlog")
_COMMENT = re.compile(r"/\*.*?\*/\n?", re.DOTALL)


@functools.cache
def css(name: str) -> str:
    """The text of `styles/<name>.css`."""
    return (resources.files("cjdocs.render") / "styles" / f"{name}.css").read_text(encoding="utf-8")


def site_stylesheet() -> str:
    """Every generated page's CSS: the files joined in a fixed order."""
    return "".join(css(name) for name in SHEETS)


@functools.cache
def svg_style(name: str) -> str:
    """A `<style>` element holding the rules of `name`, without comments, for a standalone SVG."""
    rules = _COMMENT.sub("", css(name)).strip("\n")
    return f"<style>\n{rules}\n</style>"
