"""What a site shows while its definitions have errors, as `serve` runs: never a dead server.

While an editor works on a file, the definitions are often broken for a moment. `cjdocs
serve` then keeps showing the pages of the last definitions that were in order, each with a
banner saying that they are not current and how many errors there are, plus a page listing
every error with its file, line and column. With nothing in order yet, that page stands in
for the index of journeys. Fix the file, and the next rebuild brings the pages back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from cjdocs.catalogue import Catalogue
from cjdocs.definitions.findings import SEVERITIES, Finding
from cjdocs.render.pages import Links, Page, Section, page_path
from cjdocs.render.templates import Templates

PROBLEMS_PATH = "cjdocs-problems.md"


def problems_page(
    findings: Sequence[Finding],
    labels: Catalogue,
    templates: Templates,
    *,
    path: str = PROBLEMS_PATH,
) -> Page:
    """Every error of the definitions, as a page; then their warnings and notes (severity
    info), each marked with its severity."""
    errors = [finding for finding in findings if finding.is_error]
    html = templates.render(
        "cjdocs/problems.html",
        {
            "findings": sorted(findings, key=lambda finding: SEVERITIES.index(finding.severity)),
            "summary": labels.count("problems.count", len(errors)),
            "labels": labels,
        },
    )
    return Page(path, labels["problems.title"], (Section(None, html),))


def with_banner(
    pages: Sequence[Page],
    count: int,
    labels: Catalogue,
    templates: Templates,
    *,
    directory_urls: bool = True,
) -> list[Page]:
    """The pages of the last good definitions, each saying first that it is not current."""
    marked = []
    for page in pages:
        banner = templates.render(
            "cjdocs/problems-banner.html",
            {
                "summary": labels.count("problems.count", count),
                "href": Links(page.path, directory_urls).to(PROBLEMS_PATH),
                "labels": labels,
            },
        )
        marked.append(dataclasses.replace(page, sections=(Section(None, banner), *page.sections)))
    return marked


def stand_in_index() -> str:
    """Where the list of errors stands when no page could be made yet: the journeys' index,
    the page a reader of the site opens first."""
    return page_path("journeys")
