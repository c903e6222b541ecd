"""The `cjdocs` MkDocs plugin: the definitions become pages of the site, in memory.

Each event does one job and delegates: `on_files` checks the definitions, draws the
diagrams and adds the generated pages as virtual files; `on_nav` names and trims their
navigation; `on_page_content` puts the pages' HTML blocks in after Markdown;
`on_post_page` puts the diagrams in last; `on_serve` watches the definitions. Nothing is
written into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Section

from cjdocs.catalogue import catalogue
from cjdocs.definitions.findings import report_text
from cjdocs.definitions.kinds import PLURALS, SITE_ORDER
from cjdocs.render.assemble import STYLESHEET, stylesheet
from cjdocs.site.config import CjdocsConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage

    from cjdocs.definitions.model import Source

log = get_plugin_logger(__name__)

# The generated sections, as folders of pages, in the order readers meet them.
_KIND_ORDER = tuple(PLURALS[kind] for kind in SITE_ORDER)


class CjdocsPlugin(BasePlugin[CjdocsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._blocks: dict[str, list[str]] = {}
        self._figures: dict[str, dict[str, str]] = {}
        self._order: dict[str, int] = {}
        self._language = "en"

    # -- configuration ---------------------------------------------------------------------------

    def source_folder(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.source

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        theme_language = (config.theme.get("language") or "en") if config.theme else "en"
        self._language = self.config.language or theme_language
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    # -- pages -------------------------------------------------------------------------------------

    # Late, so that files added by other plugins (and the user's own pages) are known when
    # we check that no generated page would replace one of them.
    @event_priority(-50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        model = self._model(config)
        from cjdocs.render.assemble import build_pages, page_markdown
        from cjdocs.render.templates import TemplateProblem

        cache_folder = Path(config.config_file_path or ".").parent / self.config.cache_dir
        try:
            pages = build_pages(
                model,
                language=self._language,
                directory_urls=config.use_directory_urls,
                edit_url=self._edit_url(config),
                cache_folder=cache_folder if self.config.cache else None,
                templates=_templates(config),
            )
        except TemplateProblem as problem:
            raise PluginError(f"cjdocs: {problem}") from None
        self._blocks = {}
        self._figures = {page.path: page.figures for page in pages if page.figures}
        self._order = {page.path: number for number, page in enumerate(pages)}
        for page in pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"cjdocs: the page '{page.path}' is generated from the definitions, but "
                    f"{config.docs_dir}/{page.path} exists too; rename or remove that file"
                )
            markdown, blocks = page_markdown(page)
            self._blocks[page.path] = blocks
            file = File.generated(config, page.path, content=markdown)
            if page.source is not None:
                file.edit_uri = self._source_relative_to_docs(page.source, config)
            files.append(file)
        files.append(File.generated(config, STYLESHEET, content=stylesheet()))
        return files

    def _model(self, config: MkDocsConfig):
        from cjdocs.definitions.validation import SourceNotFound, load_model

        source = self.source_folder(config)
        try:
            validation, model = load_model([source])
        except SourceNotFound:
            raise PluginError(f"cjdocs: the source folder '{source}' does not exist") from None
        for warning in validation.warnings:
            log.warning(report_text([warning]).rstrip())
        if model is None:
            raise PluginError(
                f"cjdocs: {len(validation.errors)} error(s) in the definitions:\n"
                + report_text(validation.errors)
            )
        return model

    def _source_relative_to_docs(self, source: Source, config: MkDocsConfig) -> str:
        return Path(os.path.relpath(Path(source.file).absolute(), config.docs_dir)).as_posix()

    def _edit_url(self, config: MkDocsConfig):
        """Where a definition's file is edited on the repository host, as MkDocs would link it."""
        if not config.repo_url or not config.edit_uri:
            return lambda source: None
        base = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri)

        def edit_url(source: Source) -> str:
            return urljoin(base, self._source_relative_to_docs(source, config))

        return edit_url

    # -- navigation --------------------------------------------------------------------------------

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        if not self.config.enabled or config.nav:
            return None  # a navigation written by hand is left as it is
        labels = catalogue(self._language)
        for item in nav.items:
            if isinstance(item, Section) and item.children:
                kind = _generated_kind(item)
                if kind is None:
                    continue
                item.title = labels[kind]
                pages = [child for child in item.children if getattr(child, "file", None)]
                index = [child for child in pages if child.file.src_uri == f"{kind}/index.md"]
                details = sorted(
                    (child for child in pages if child not in index),
                    key=lambda child: self._order.get(child.file.src_uri, 0),
                )
                # Every page renders the whole navigation: long lists would make the build
                # grow with the square of the definitions. Past the limit the index page,
                # which links every definition, stands for them.
                if len(details) > self.config.nav_limit:
                    details = []
                item.children = index + details
        nav.items.sort(key=_nav_order)
        return nav

    # -- content -----------------------------------------------------------------------------------

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        blocks = self._blocks.get(page.file.src_uri) if self.config.enabled else None
        if blocks is None:
            return None
        from cjdocs.render.assemble import placeholder

        for number, block in enumerate(blocks):
            html = html.replace(placeholder(number), block, 1)
        return html

    # Diagrams go in last, into the finished HTML: search need not read through their SVG
    # (it took 60% of a build), and nothing after us changes a page.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        figures = self._figures.get(page.file.src_uri) if self.config.enabled else None
        if not figures:
            return None
        from cjdocs.render.pages import fill_figures

        return fill_figures(output, figures)

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


def _templates(config: MkDocsConfig):
    """The pages' templates, looked up in the theme's folders first, so that a team overrides a
    fragment with a file of the same name in its `custom_dir` (`overrides/cjdocs/step.html`);
    made once per build, so that `serve` picks up an edited override."""
    from cjdocs.render.templates import Templates

    return Templates(first=config.theme.get_env().loader)


def _generated_kind(section: Section) -> str | None:
    for child in section.children:
        source = getattr(getattr(child, "file", None), "src_uri", "")
        kind = source.split("/", 1)[0]
        if kind in _KIND_ORDER and getattr(child.file, "generated_by", None):
            return kind
    return None


def _nav_order(item) -> int:
    """Hand-written pages first, then the generated sections in a fixed order, insights last."""
    if isinstance(item, Section):
        kind = _generated_kind(item)
        return 1 + _KIND_ORDER.index(kind) if kind else 0
    source = getattr(getattr(item, "file", None), "src_uri", "")
    return len(_KIND_ORDER) + 1 if source == "insights.md" else 0
