"""The typed configuration of the `cjdocs` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from cjdocs.catalogue import languages
from cjdocs.definitions.lint import LintConfigProblem, rule_levels
from cjdocs.render.map import PAPER_WIDTHS


class RuleLevels(c.BaseConfigOption[dict]):
    """The journey rules' levels, `{code: off | info | warning | error}`: a wrong rule or level
    is a configuration error naming the closest one (in the plugin's `language`, when given)."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> object:
        return value  # checked once the plugin's language is known: `post_validation`

    def post_validation(self, config: base.Config, key_name: str) -> None:
        try:
            rule_levels(config[key_name], config.get("language"))
        except LintConfigProblem as problem:
            raise c.ValidationError(str(problem)) from None


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
    # The journey rules' levels, `{code: off | info | warning | error}`; by default each its own
    # (see docs/guide/3-checks.md). Read by `cjdocs validate` too (workflow/config_file.py).
    lint = RuleLevels()
