"""Exports of the resolved model: every generated page as plain Markdown for any MkDocs site.

The Markdown export writes what the plugin would generate, with the HTML blocks and diagrams
inline, plus the stylesheet: a folder that MkDocs (or anything that reads Markdown with raw
HTML) builds without the plugin. Teams can commit or restyle it, and the benchmark builds it
with plain MkDocs as the floor our plugin is measured against.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from cjdocs.model import Model
from cjdocs.site import build_pages, page_markdown

STYLESHEET = "assets/cjdocs/cjdocs.css"


def export_markdown(
    model: Model,
    target: Path,
    *,
    language: str = "en",
    directory_urls: bool = True,
    cache_folder: Path | None = None,
) -> list[Path]:
    """Write every generated page into `target` (replaced whole, or not at all)."""
    from importlib import resources

    pages = build_pages(
        model, language=language, directory_urls=directory_urls, cache_folder=cache_folder
    )
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    written = []
    try:
        for page in pages:
            markdown, _ = page_markdown(page, inline=True)
            path = fresh / page.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
            written.append(target / page.path)
        stylesheet = fresh / STYLESHEET
        stylesheet.parent.mkdir(parents=True, exist_ok=True)
        stylesheet.write_text(
            (resources.files("cjdocs") / "assets" / "cjdocs.css").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        if target.exists():
            shutil.rmtree(target)
        fresh.rename(target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return written
