"""Exports of the resolved model: every generated page as plain Markdown for any MkDocs site.

The Markdown export writes what the plugin would generate, with the HTML blocks and diagrams
inline, plus the stylesheet: a folder that MkDocs (or anything that reads Markdown with raw
HTML) builds without the plugin. Teams can commit or restyle it, and the benchmark builds it
with plain MkDocs as the floor our plugin is measured against.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cjdocs.atomic import Protected, check_output_folder, write_folder
from cjdocs.definitions.model import Model
from cjdocs.render.assemble import STYLESHEET, build_pages, page_markdown, stylesheet


def export_markdown(
    model: Model,
    target: Path,
    *,
    language: str = "en",
    directory_urls: bool = True,
    cache_folder: Path | None = None,
    protected: Sequence[Protected] = (),
) -> list[Path]:
    """Write every generated page into `target`, replaced whole or not at all; raises
    cjdocs.atomic.Refused, writing nothing, when `target` holds anything it did not write."""
    check_output_folder(target, protected=protected)  # before the diagrams are drawn
    pages = build_pages(
        model, language=language, directory_urls=directory_urls, cache_folder=cache_folder
    )
    files = {page.path: page_markdown(page, inline=True)[0] for page in pages}
    files[STYLESHEET] = stylesheet()
    return write_folder(target, files, protected=protected)
