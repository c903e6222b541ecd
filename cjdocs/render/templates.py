"""The Jinja templates that write the pages' HTML, and the environment that compiles them.

The templates are package data (`templates/cjdocs/*.html`). A `Templates` holds one Jinja
environment: each template is compiled the first time a page asks for it and kept for every
page after. The environment escapes every value it is given (autoescape), so a template
cannot let a definition's text become markup by accident; only values that are HTML already
(`Markup`: a rendered `description`, a fragment rendered before) pass through.

The MkDocs plugin gives a loader to look in first, the theme's (its `custom_dir` included),
so that a team overrides a fragment by putting a file of the same name, `cjdocs/step.html`,
into its `overrides/` folder. Overrides compile in our environment, with our escaping.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from cjdocs.render.markup import not_xml, plain, xml_text


class TemplateProblem(Exception):
    """A template could not be read or rendered: a team's override, most likely."""

    def __init__(self, template: str, problem: str) -> None:
        super().__init__(
            f"the template {_shown(template)} {problem}; "
            "fix it, or remove it to use the one cjdocs ships"
        )


def _shown(path: str) -> str:
    """A template's file as a user finds it: relative to the working folder when inside it."""
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return path if relative.startswith("..") else Path(relative).as_posix()


# Where the package's own templates are (what `jinja2.PackageLoader` reads).
_PACKAGE_FOLDER = Path(__file__).parent / "templates"


def _well_formed(value: object) -> object:
    if isinstance(value, str) and not_xml(value):
        return Markup(xml_text(str(value))) if isinstance(value, Markup) else xml_text(value)
    return value


def printed(value: object) -> Markup:
    """`value` as a template prints it (`{{ value }}`): without what XML forbids, escaped."""
    return escape(_well_formed(value))


def escaped(value: object) -> str:
    """`printed(value)` as a plain string, made faster for plain text (what HTML written in
    Python mostly holds: `written.py`, index tables): the same characters removed, the same
    five escaped as markupsafe escapes them."""
    if type(value) is not str:
        return str(printed(value))
    if plain(value):  # most text: nothing to remove, nothing to escape
        return value
    return (
        xml_text(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates as compiled in an earlier build of a `serve` run, in memory: each build makes
    its Jinja environments anew (a team may have changed a template), and compiling them
    again took a twentieth of a rebuild. Jinja compares each template's source with what
    was compiled from it before using it."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class SealedTemplates(jinja2.BytecodeCache):
    """Templates as compiled in earlier runs, kept in this user's cache folder: Jinja compiled
    the theme's templates anew in every build (0.07 s for Material's, in the one process
    MkDocs renders in). Compiled templates are Python code, run as they are loaded: each file
    is sealed with an HMAC under a key only this user can read (`engine.write_sealed`), and
    one whose seal does not hold is ignored, the template compiled again. Jinja compares
    each template's source with what was compiled from it before using it."""

    # A compiled template is a few hundred kilobytes at most.
    LIMIT = 4 * 1024 * 1024

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    @classmethod
    def of_user(cls) -> SealedTemplates:
        """The cache in the user's cache folder (`~/.cache/cjdocs/templates` on Linux)."""
        from cjdocs.render.engine import default_cache_folder

        return cls(default_cache_folder() / "templates")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from cjdocs.render.engine import read_sealed

        compiled = read_sealed(self._path(bucket), self._folder / "templates.key", self.LIMIT)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from cjdocs.render.engine import write_sealed

        write_sealed(
            self._path(bucket), self._folder / "templates.key", bucket.bytecode_to_string()
        )

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self._folder / f"{bucket.key}.jinja"  # (the key: a SHA-1 of name and file)


class Templates:
    """The page fragments' templates: `render("cjdocs/step.html", step=..., labels=...)`."""

    def __init__(
        self, first: jinja2.BaseLoader | None = None, compiled: jinja2.BytecodeCache | None = None
    ) -> None:
        self._first = first
        self._shipped: dict[tuple[str, ...], bool] = {}
        package = jinja2.PackageLoader("cjdocs.render", "templates")
        self.environment = jinja2.Environment(
            loader=jinja2.ChoiceLoader([first, package]) if first else package,
            autoescape=True,
            # Block tags ({% if %}, {% for %}) on lines of their own leave no blank line behind:
            # the HTML goes into Markdown, where a blank line would end a raw HTML block.
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            # A misspelt value is an error, not an empty cell.
            undefined=jinja2.StrictUndefined,
            # Compiled once per build: a new build makes a new `Templates` (and `serve` keeps
            # what it compiled, checked against the source, in `compiled`).
            auto_reload=False,
            bytecode_cache=compiled,
            # Every value printed loses what XML forbids (a NUL in a name), so every page
            # stays well-formed whatever a definition holds.
            finalize=_well_formed,
        )

    def shipped(self, *names: str) -> bool:
        """Whether the templates `names` are the package's own (the team overrides none);
        found out once per build (each journey's page asks)."""
        if names not in self._shipped:
            self._shipped[names] = all(self._shipped_one(name) for name in names)
        return self._shipped[names]

    def _shipped_one(self, name: str) -> bool:
        try:
            template = self.environment.get_template(name)  # compiled once, kept
        except jinja2.TemplateError:
            return False
        return template.filename is not None and Path(template.filename) == _PACKAGE_FOLDER / name

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of the team's own templates (those the first loader has under `cjdocs/`):
        a page made with other templates is another page (see `memory.py`)."""
        digest = hashlib.sha256()
        if self._first is None:
            return ""
        try:
            names = sorted(
                name for name in self._first.list_templates() if name.startswith("cjdocs/")
            )
            for name in names:
                source, _, _ = self._first.get_source(self.environment, name)
                digest.update(name.encode("utf-8") + b"\0" + source.encode("utf-8") + b"\0")
        except (TypeError, jinja2.TemplateError, OSError, UnicodeError):
            # A loader that cannot list its templates: like no other.
            return secrets.token_hex(16)
        return digest.hexdigest()

    def render(self, name: str, values: Mapping[str, object]) -> Markup:
        """The HTML of the template `name` given `values`."""
        template = None
        try:
            template = self.environment.get_template(name)
            return Markup(template.render(values))
        except jinja2.TemplateSyntaxError as error:
            # Also raised while rendering, by a template that one imports (macros.html).
            where = f"{error.filename or error.name or name}:{error.lineno}"
            raise TemplateProblem(where, f"cannot be read: {error.message}") from None
        except jinja2.TemplateNotFound as error:
            raise TemplateProblem(name, f"cannot be read: no template {error.name}") from None
        # A template can fail as any expression can (`{{ 1 / 0 }}`); an override is the
        # team's code, and its failure a message, not a traceback.
        except Exception as error:
            reason = str(error) if isinstance(error, jinja2.TemplateError) else repr(error)
            where = template.filename if template is not None and template.filename else name
            raise TemplateProblem(where, f"cannot be rendered: {reason}") from None


@functools.cache
def package_templates() -> Templates:
    """The package's own templates, without overrides: for the Markdown export and tests."""
    return Templates()
