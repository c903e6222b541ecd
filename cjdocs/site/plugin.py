"""The `cjdocs` MkDocs plugin: the definitions become pages of the site, in memory.

Each event does one job and delegates: `on_files` checks the definitions, draws the
diagrams and adds the generated pages as virtual files; `on_nav` names and trims their
navigation; `on_page_content` puts the pages' HTML blocks in after Markdown;
`on_post_page` puts the diagrams in last (on a large build, the journeys' flows, maps and
ways made meanwhile by other processes: `assemble.LateParts`); `on_serve` watches the
definitions. Nothing is written into the repository.
"""

from __future__ import annotations

import functools
import gc
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from cjdocs.catalogue import catalogue
from cjdocs.definitions.findings import Finding, report_text
from cjdocs.definitions.memory import FileMemory
from cjdocs.render.assemble import STYLESHEET, stylesheet
from cjdocs.render.memory import Memory
from cjdocs.render.templates import CompiledTemplates
from cjdocs.site.config import CjdocsConfig
from cjdocs.site.kept import KeptPages, content_digest
from cjdocs.site.nav import ORDERING_PLUGINS, arrange, group_links
from cjdocs.site.searching import ReadAhead, can_write_entries, merged, page_entries, page_key
from cjdocs.site.slots import SlotLost, Slots
from cjdocs.site.sources import PageSources

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage

    from cjdocs.definitions.findings import Finding
    from cjdocs.definitions.model import Model, Source
    from cjdocs.render.assemble import LateParts

log = get_plugin_logger(__name__)
# The plugin that makes a site one printable page (see `on_page_content`).
PRINT_SITE = "print-site"
# Material's search plugin, whose entries of the generated pages we write (searching.py).
MATERIAL_SEARCH = "material/search"


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A generated page's place among the generated pages, the HTML blocks that go in after
    Markdown, and the diagrams that go in last."""

    number: int
    blocks: tuple[str, ...]
    figures: Mapping[str, str]
    # What search reads in a figure's place until it goes in (see `pages.Section.stand_in`).
    stand_ins: Mapping[str, str]


class CjdocsPlugin(BasePlugin[CjdocsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # What the current build generated, by docs path: the one piece of state between
        # the events of a build.
        self._generated: dict[str, GeneratedPage] = {}
        # The groups of the generated index pages, which the navigation lists (see nav.py).
        self._groups: dict[str, list[tuple[str, str]]] = {}
        self._slots = Slots()
        self._sources = PageSources()
        # `serve` only: what the last build made, so that a rebuild makes again only what the
        # edit changed (memory.py), and the pages it wrote, so that it writes again only
        # those that changed (kept.py).
        self._files = FileMemory()
        self._compiled = CompiledTemplates()
        self._memory = Memory()
        self._kept = KeptPages(self._compiled)
        self._nav: Navigation | None = None
        # A large build's parts of journey pages being made meanwhile (assemble.LateParts).
        self._late: LateParts | None = None
        self._set_aside = False
        # Whether this build paused Python's cyclic garbage collector (`_pause_collector`).
        self._collector_paused = False
        self._language = "en"
        self._serving = False
        # The search entries of the generated pages, by address, written by us (searching.py)
        # when Material's search is the site's; and every page's address, in rendering order.
        self._search: dict[str, list[dict]] | None = None
        self._rendered: list[str] = []
        # A large build's entries of the generated pages, read meanwhile (searching.ReadAhead).
        self._ahead: ReadAhead | None = None
        # `serve`: each generated page's entries, by what they are made from (see `_entries`).
        self._last_entries: dict[tuple, list[dict] | None] = {}
        self._entries_now: dict[tuple, list[dict] | None] = {}
        # The model of the last definitions without errors, shown by `serve` while an edit
        # has broken them.
        self._last_good: Model | None = None

    # -- configuration ---------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keeps one plugin object for a whole run."""
        # Defining this event keeps one plugin object for the whole of `mkdocs serve`, across
        # its rebuilds (MkDocs' rule), so the last definitions that were in order are still
        # known when an edit breaks them.
        self._serving = command == "serve"

    def on_shutdown(self) -> None:
        self._close_late()
        self._sources.remove()
        self._files.forget()
        self._memory.forget()
        self._kept.forget()

    def source_folder(self, config: MkDocsConfig | None = None) -> Path:
        """The folder of definitions (the `source` option, resolved against mkdocs.yml)."""
        return Path(self.config.source)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        theme_language = (config.theme.get("language") or "en") if config.theme else "en"
        self._language = self.config.language or theme_language
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        names = list(config.plugins)
        search = config.plugins.get(MATERIAL_SEARCH)
        self._search = (
            {}
            if search is not None and search.config.get("enabled", True) and can_write_entries()
            else None
        )
        self._rendered = []
        # Before us, print-site would copy each page before our blocks are in: a print page of
        # placeholders.
        if {PRINT_SITE, "cjdocs"} <= set(names) and names.index(PRINT_SITE) < names.index("cjdocs"):
            raise PluginError(
                "cjdocs: list print-site after cjdocs in the plugins of mkdocs.yml; before "
                "it, print-site copies the journeys' pages before their maps are in"
            )
        self._pause_collector()
        return config

    def _pause_collector(self) -> None:
        """Pause Python's cyclic garbage collector until the build is over.

        A build makes hundreds of thousands of objects that stay alive until its end (the
        model, the pages, MkDocs' pages and their HTML), and the collector walked them again
        and again, here and in the processes forked from here: a tenth of a build of 300
        journeys. What cycles the build leaves behind (15 MB more at the most at 300
        journeys, 20 MB at 1,000) are collected once it is over."""
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _resume_collector(self) -> None:
        if self._collector_paused:
            gc.enable()
            self._collector_paused = False

    # -- pages -------------------------------------------------------------------------------------

    # Last, so that files added by other plugins (and the user's own pages) are known when we
    # check that no generated page would replace one of them, and so that plugins that sort
    # the docs folder's pages (mkdocs-static-i18n, at -100) leave our pages alone.
    @event_priority(-200)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        model, errors = self._model(config)
        from cjdocs.render.assemble import LateParts, build_pages, can_make_late, page_markdown
        from cjdocs.render.engine import default_diagram_folder
        from cjdocs.render.pages import page_path
        from cjdocs.render.templates import TemplateProblem

        cache_folder = (
            Path(config.config_file_path or ".").parent / self.config.cache_dir
            if self.config.cache_dir
            else default_diagram_folder()
        )
        templates = _templates(config, self._compiled if self._serving else None)
        drawing: list[Finding] = []
        # A large site's journeys get their flows, maps, funnels and ways made while MkDocs
        # renders the pages (assemble.LateParts). Not while serving (its memory keeps whole
        # pages), nor for print-site, which copies each page before we see it again.
        late = (
            model is not None
            and not errors
            and not self._serving
            and PRINT_SITE not in config.plugins
            and can_make_late(len(model.journeys))
        )
        try:
            pages = (
                build_pages(
                    model,
                    language=self._language,
                    directory_urls=config.use_directory_urls,
                    edit_url=self._edit_url(config),
                    cache_folder=cache_folder if self.config.cache else None,
                    templates=templates,
                    findings=drawing,
                    print_size=self.config.print_size,
                    memory=self._memory if self._serving else None,
                    late=late,
                )
                if model is not None
                else []
            )
        except TemplateProblem as problem:
            raise PluginError(f"cjdocs: {problem}") from None
        self._close_late()
        if late:
            self._late = LateParts(
                model,
                language=self._language,
                directory_urls=config.use_directory_urls,
                cache_folder=cache_folder if self.config.cache else None,
                templates=templates,
                print_size=self.config.print_size,
            )
            self._late.start()
        for warning in drawing:  # a diagram shown as a table; `--strict` fails on it
            log.warning(report_text([warning]).rstrip())
        if errors:
            pages = self._pages_with_problems(pages, errors, templates, config)
        self._generated = {}
        self._groups = group_links(pages, catalogue(self._language), config.use_directory_urls)
        texts: dict[str, str] = {}
        contents: dict[str, str] = {}
        for number, page in enumerate(pages):
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"cjdocs: the page '{page.path}' is generated from the definitions, but "
                    f"{config.docs_dir}/{page.path} exists too; rename or remove that file"
                )
            texts[page.path], blocks = page_markdown(page)
            self._generated[page.path] = GeneratedPage(
                number, tuple(blocks), page.figures, page.stand_ins
            )
        texts[STYLESHEET] = stylesheet()
        written = self._sources.write(texts)
        # MkDocs renders the pages in the order of its files: the journeys' pages last, so that
        # the processes making their late parts have a head start while the others are rendered.
        journeys = (
            {page_path("journeys", journey.id) for journey in model.journeys} if model else ()
        )
        for page in sorted(pages, key=lambda page: page.path in journeys):
            file = File.generated(config, page.path, abs_src_path=str(written[page.path]))
            if page.source is not None:
                file.edit_uri = self._source_relative_to_docs(page.source, config)
            files.append(file)
            if self._serving:
                generated = self._generated[page.path]
                contents[page.path] = self._kept.digest(
                    page,
                    file.edit_uri,
                    functools.partial(
                        content_digest,
                        texts[page.path],
                        generated.blocks,
                        generated.figures,
                        file.edit_uri,
                    ),
                )
        self._kept.contents(contents)
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(written[STYLESHEET])))
        return files

    def _model(self, config: MkDocsConfig) -> tuple[Model | None, list[Finding]]:
        """The model of the definitions, and their errors. A build with errors fails with
        validate's messages; `serve` goes on with the last good model (None before there
        was one), so that the reader sees the errors on the site instead of a dead server."""
        from cjdocs.definitions.lint import rule_levels
        from cjdocs.definitions.validation import SourceNotFound, load_model

        source = self.source_folder(config)
        try:
            validation, model = load_model(
                [source],
                language=self._language,
                lint_levels=rule_levels(self.config.lint),
                memory=self._files if self._serving else None,
            )
        except SourceNotFound:
            raise PluginError(f"cjdocs: the source folder '{source}' does not exist") from None
        for warning in validation.warnings:
            log.warning(report_text([warning]).rstrip())
        for note in validation.notes:  # shown, but logged below warning: `--strict` passes
            log.info(report_text([note]).rstrip())
        if model is not None:
            self._last_good = model
            return model, []
        if not self._serving:
            words = catalogue(self._language)
            errors = words.count("cli.count.errors", len(validation.errors))
            raise PluginError(
                f"cjdocs: {words['cli.in_the_definitions'].format(errors=errors)}:\n"
                + report_text(validation.errors)
            )
        for error in validation.errors:
            log.warning(report_text([error]).rstrip())
        # The problems page lists the warnings and notes below the errors too.
        return self._last_good, validation.findings

    def _pages_with_problems(
        self, pages: list, errors: list[Finding], templates, config: MkDocsConfig
    ) -> list:
        from cjdocs.render import problems

        words = catalogue(self._language)
        if not pages:
            return [
                problems.problems_page(errors, words, templates, path=problems.stand_in_index())
            ]
        marked = problems.with_banner(
            pages,
            sum(finding.is_error for finding in errors),
            words,
            templates,
            directory_urls=config.use_directory_urls,
        )
        return [*marked, problems.problems_page(errors, words, templates)]

    def _source_relative_to_docs(self, source: Source, config: MkDocsConfig) -> str:
        """The definition's file as a URL path relative to `docs_dir`, percent-encoded.

        MkDocs joins this to `edit_uri` and Material prints the result into an `href` as it
        is, so a file name (`x"><img src=x onerror=...>.yaml`) must reach it encoded: every
        character but letters, digits, `-._~` and the `/` between folders. A colon is encoded
        too, so no file name can become a URL scheme. The name's bytes are encoded, so a name
        that is not UTF-8 still links to its file.
        """
        relative = os.path.relpath(Path(source.file).absolute(), config.docs_dir)
        return quote(os.fsencode(Path(relative).as_posix()), safe="/")

    def _edit_url(self, config: MkDocsConfig):
        """Where a definition's file is edited on the repository host, made as MkDocs makes a
        page's edit link: `edit_uri_template` (with `{path}` and `{path_noext}`) when given,
        else `edit_uri`, joined to `repo_url`."""
        template, edit_uri = config.edit_uri_template, config.edit_uri
        if not template and not edit_uri:
            return lambda source: None
        repo_url = config.repo_url or ""

        def edit_url(source: Source) -> str:
            path = self._source_relative_to_docs(source, config)
            if template:
                uri = template.format(path=path, path_noext=posixpath.splitext(path)[0])
            else:
                uri = edit_uri + path  # MkDocs ends edit_uri with a slash
            base = repo_url if not repo_url or repo_url.endswith("/") else repo_url + "/"
            return urljoin(base, uri)

        return edit_url

    # -- navigation --------------------------------------------------------------------------------

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        self._nav = nav
        if not self.config.enabled or config.nav:
            return None  # a navigation written by hand is left as it is
        order = {path: page.number for path, page in self._generated.items()}
        arrange(
            nav,
            order=order,
            words=catalogue(self._language),
            limit=self.config.nav_limit,
            ordered_by_user=any(name in config.plugins for name in ORDERING_PLUGINS),
            groups=self._groups,
        )
        return nav

    # -- content -----------------------------------------------------------------------------------

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self._generated.get(page.file.src_uri) if self.config.enabled else None
        if generated is None:
            return None
        from cjdocs.render.assemble import placeholder
        from cjdocs.render.pages import figure_placeholder

        for number, block in enumerate(generated.blocks):
            if placeholder(number) not in html:
                raise PluginError(
                    f"cjdocs: a part of the page '{page.file.src_uri}' could not be put in: a "
                    "plugin that runs before cjdocs changed the page's Markdown or HTML. Put "
                    "cjdocs before it in the plugins of mkdocs.yml"
                )
            html = html.replace(placeholder(number), block, 1)
        # mkdocs-print-site-plugin copies each page's HTML as it leaves this event into its
        # print page, which no later event of ours sees: there the diagrams go in now.
        inline = PRINT_SITE in config.plugins
        for name, svg in generated.figures.items():
            slot = svg if inline else self._slots.mark(name, generated.stand_ins.get(name, ""))
            html = html.replace(figure_placeholder(name), slot, 1)
        return html

    # Just before Material's search reads the page (at 0), and so reads what it would read.
    @event_priority(1)
    def on_page_context(self, context, /, *, page: MkDocsPage, config: MkDocsConfig, nav):
        if self._search is None:
            return None
        self._rendered.append(page.url)
        if page.file.src_uri not in self._generated:
            return None
        made = self._ahead.get(page) if self._ahead is not None else self._entries(page)
        if made is not None:
            self._search[page.url] = made
            page.meta["search"] = {"exclude": True}  # (a generated page has no other)
        return None

    def _entries(self, page: MkDocsPage) -> list[dict] | None:
        """The page's search entries (searching.py); while serving, those of the last build
        where the page is the same (its content, address, title, meta, table of contents)."""
        if not self._serving:
            return page_entries(page)
        key = page_key(page)
        if key not in self._last_entries:
            self._last_entries[key] = page_entries(page)
        self._entries_now[key] = self._last_entries[key]
        return self._entries_now[key]

    # Last, once every page's title, place and content are known: which generated pages
    # `serve` writes as the last build wrote them (kept.py); in a build, the search entries
    # read ahead. Before any template is rendered: the compiled templates kept between runs.
    @event_priority(-100)
    def on_env(self, env, /, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled:
            return None
        if env.bytecode_cache is None:  # the theme's templates, compiled once for the user
            from cjdocs.render.templates import SealedTemplates

            env.bytecode_cache = SealedTemplates.of_user()
        if self._serving:
            return self._kept.choose(env, config=config, nav=self._nav, files=files)
        # Every page's content is known now: a large build's generated pages are read for
        # search by another process while MkDocs renders them (where the late parts are made
        # so too).
        if self._search is not None and self._late is not None:
            self._ahead = ReadAhead(
                [
                    file.page
                    for file in files.documentation_pages()
                    if file.src_uri in self._generated and file.page is not None
                ]
            )
        return None

    # Diagrams go in last, into the finished HTML: search need not read through their SVG
    # (it took 60% of a build), and nothing after us changes a page.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        generated = self._generated.get(page.file.src_uri) if self.config.enabled else None
        if generated is None:
            return None
        kept = self._kept.output(page)
        if kept is not None:
            return kept
        if generated.figures and PRINT_SITE not in config.plugins:
            figures = self._late_figures(generated.figures)
            try:
                output = self._slots.fill(output, figures)
            except SlotLost as lost:
                raise PluginError(
                    f"cjdocs: the diagrams of the page '{page.file.src_uri}' could not be put "
                    f"in ({lost}): a plugin changed the page's HTML in a way cjdocs cannot follow"
                ) from None
        self._kept.written(page, output)
        return output

    def _late_figures(self, figures: Mapping[str, object]) -> Mapping[str, str]:
        """The figures, with the parts made meanwhile in place (`LateParts`)."""
        from cjdocs.render.assemble import LateProblem
        from cjdocs.render.pages import Late

        if self._late is None or not any(isinstance(part, Late) for part in figures.values()):
            return figures
        finished = {}
        for name, part in figures.items():
            if isinstance(part, Late):
                try:
                    part, warnings = self._late.get(part)
                except LateProblem as problem:
                    raise PluginError(f"cjdocs: {problem}") from None
                for warning in warnings:  # a diagram shown as a table; `--strict` fails on it
                    log.warning(report_text([warning]).rstrip())
            finished[name] = part
        return finished

    def _close_late(self) -> None:
        if self._late is not None:
            self._late.close()
            self._late = None
        if self._ahead is not None:
            self._ahead.stop()
            self._ahead = None

    def on_build_error(self, *, error: Exception) -> None:
        self._close_late()
        self._resume_collector()

    # After Material's search has written its index (at 0), before Material's offline plugin
    # reads it (at -100).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._close_late()
        self._resume_collector()
        self._put_in_search_entries(config)
        # What the next build of `serve` may read again: this build's entries (`_entries`).
        self._last_entries, self._entries_now = self._entries_now, {}
        if not self.config.enabled or not self._serving:
            return
        written = len(self._generated) - len(self._kept.kept)
        log.info(
            f"{self._memory.made} of {self._memory.made + self._memory.reused} "
            f"pages made again, {written} of {len(self._generated)} written again"
        )
        self._nav = None
        if not self._set_aside:
            # What the first build keeps for the next ones (the memories: most of what a
            # `serve` run holds, none of it in reference cycles) is set aside from Python's
            # collector (`gc.freeze`), which walked through it again and again: a fifteenth
            # of every rebuild of 300 journeys. What that build left behind goes first.
            gc.collect()
            gc.freeze()
            self._set_aside = True

    def _put_in_search_entries(self, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if not self._search or not index.is_file():
            return
        text = merged(index.read_text(encoding="utf-8"), self._search, self._rendered)
        index.write_bytes(text.encode("utf-8"))

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(self.source_folder(config)))
            # The team's template overrides (see `_templates`): MkDocs watches a theme's
            # folders only with --watch-theme.
            overrides = Path(config.theme.custom_dir or "") / "cjdocs"
            if config.theme.custom_dir and overrides.is_dir():
                server.watch(str(overrides))
        return server


def _templates(config: MkDocsConfig, compiled: CompiledTemplates | None):
    """The pages' templates, looked up in the theme's folders first, so that a team overrides a
    fragment with a file of the same name in its `custom_dir` (`overrides/cjdocs/step.html`);
    made once per build, so that `serve` picks up an edited override (what was `compiled`
    before is used only for a template whose source is the same; a build reads what earlier
    runs compiled from the user's cache folder, see `SealedTemplates`)."""
    from cjdocs.render.templates import SealedTemplates, Templates

    kept = compiled if compiled is not None else SealedTemplates.of_user()
    return Templates(first=config.theme.get_env().loader, compiled=kept)
