"""The site's pages from the model: diagrams drawn (in parallel, cached), pages rendered.

Shared by the MkDocs plugin and the Markdown export, so nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import Model, Source
from cjdocs.render import charts, diagrams, pages
from cjdocs.render.css import site_stylesheet
from cjdocs.render.engine import DiagramCache, layout_all
from cjdocs.render.markup import xml_text
from cjdocs.render.templates import Templates

# Where the site's stylesheet stands among the docs, in a built site and in the export alike.
STYLESHEET = "assets/cjdocs/cjdocs.css"


def draw(
    model: Model,
    *,
    language: str,
    directory_urls: bool,
    cache_folder: Path | None,
    workers: int | None = None,
) -> pages.Diagrams:
    """Every diagram of the site."""
    labels = catalogue(language)
    cache = DiagramCache(cache_folder)
    drawable = [journey for journey in model.journeys if len(journey.steps) <= diagrams.MAX_STEPS]
    # Inline in pages whose stylesheet holds their rules: no <style> of their own.
    flows = diagrams.flow_svgs(
        drawable, language=language, cache=cache, workers=workers, standalone=False
    )
    funnels = {
        journey.id: svg
        for journey in model.journeys
        if (svg := charts.funnel(journey, labels, standalone=False))
    }
    network = None
    if any(step.touchpoints for journey in model.journeys for step in journey.steps):
        links = pages.Links(pages.page_path("insights"), directory_urls)
        dot = diagrams.touchpoint_network_dot(
            model, lambda tp: links.definition("touchpoints", tp.id), language
        )
        raw = layout_all({"the touchpoint network": dot}, cache=cache, workers=1)[
            "the touchpoint network"
        ]
        description = labels["network.description"].format(
            touchpoints=labels.count("count.touchpoints", len(model.touchpoints)),
            channels=labels.count("count.channels.on", len(model.channels)),
        )
        network = diagrams.finish_svg(
            raw,
            kind="network",
            identifier="all",
            title=labels["network.title"],
            description=description,
            standalone=False,
        )
    return pages.Diagrams(flows=flows, funnels=funnels, network=network)


def build_pages(
    model: Model,
    *,
    language: str = "en",
    directory_urls: bool = True,
    edit_url: Callable[[Source], str | None] = lambda source: None,
    cache_folder: Path | None = None,
    workers: int | None = None,
    templates: Templates | None = None,
    print_size: str = "A4",
) -> list[pages.Page]:
    """Every page of the site, its HTML written by `templates` (the package's own by default);
    journey maps printed on `print_size` paper."""
    drawn = draw(
        model,
        language=language,
        directory_urls=directory_urls,
        cache_folder=cache_folder,
        workers=workers,
    )
    return pages.all_pages(
        model,
        catalogue(language),
        drawn,
        directory_urls=directory_urls,
        edit_url=edit_url,
        templates=templates,
        print_size=print_size,
    )


def placeholder(number: int) -> str:
    return f'<div data-cj-block="{number}"></div>'


def page_markdown(page: pages.Page, *, inline: bool = False) -> tuple[str, list[str]]:
    """The Markdown of a generated page, and its HTML blocks.

    The title goes into the front matter already escaped (MkDocs and Material print page
    titles into HTML as they are); headings are our own words. With `inline`, the blocks are
    written into the Markdown (for the export); otherwise placeholders stand in for them and
    the plugin puts the blocks in after Markdown has run, which spares Markdown the work.
    """
    lines = ["---", f"title: {json.dumps(html.escape(xml_text(page.title)), ensure_ascii=False)}"]
    if page.tags:
        lines.append(
            f"tags: {json.dumps([html.escape(xml_text(tag)) for tag in page.tags], ensure_ascii=False)}"
        )
    if page.hide:
        lines.append(f"hide: {json.dumps(list(page.hide))}")
    lines += ["---", ""]
    blocks: list[str] = []
    for section in page.sections:
        if section.heading:
            lines += [f"## {section.heading}", ""]
        if section.html:
            block = (
                pages.fill_figures(str(section.html), page.figures) if inline else str(section.html)
            )
            lines += [block if inline else placeholder(len(blocks)), ""]
            blocks.append(block)
    return "\n".join(lines), blocks


def stylesheet() -> str:
    """The CSS of every generated page and its diagrams (package data, read once)."""
    return site_stylesheet()
