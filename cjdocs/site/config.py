"""The typed configuration of the `cjdocs` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from cjdocs.catalogue import languages
from cjdocs.render.map import PAPER_WIDTHS


class CjdocsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # The folder of definitions, relative to mkdocs.yml (MkDocs resolves it to a full path).
    source = c.Dir(exists=False, default="journeys")
    # The language of the labels cjdocs writes; by default the theme's.
    language = c.Optional(c.Choice(languages()))
    # Laid-out diagrams are kept and reused while unchanged: in the user's cache folder, or in
    # `cache_dir` (relative to mkdocs.yml) when given.
    cache = c.Type(bool, default=True)
    cache_dir = c.Optional(c.Type(str))
    # Past this many definitions of a kind, the navigation lists the kind's index page and
    # its groups (see nav.py), not every definition.
    nav_limit = c.Type(int, default=40)
    # The paper a journey map is printed on, landscape: A4, A3 or a poster size (A2 to A0). A
    # map that does not fit one page at 8 pt is printed over several, cut between phases.
    print_size = c.Choice(tuple(PAPER_WIDTHS), default="A4")
