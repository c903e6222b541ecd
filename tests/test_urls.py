"""Addresses of generated pages and the relative links between them, as MkDocs makes them,
for folder URLs (`journeys/laptop/`) and file URLs (`journeys/laptop.html`) alike."""

from __future__ import annotations

import posixpath

import pytest

from cjdocs.render.pages import Links, page_path, page_url


@pytest.mark.parametrize(
    ("kind", "identifier", "path"),
    [
        ("journeys", "laptop", "journeys/laptop.md"),
        ("journeys", None, "journeys/index.md"),
        ("touchpoints", "cart-reminder", "touchpoints/cart-reminder.md"),
        ("insights", None, "insights.md"),
    ],
)
def test_each_page_has_its_place_among_the_docs(kind, identifier, path):
    assert page_path(kind, identifier) == path


@pytest.mark.parametrize(
    ("path", "folder_url", "file_url"),
    [
        ("journeys/laptop.md", "journeys/laptop/", "journeys/laptop.html"),
        ("journeys/index.md", "journeys/", "journeys/index.html"),
        ("insights.md", "insights/", "insights.html"),
        ("index.md", "", "index.html"),
    ],
)
def test_urls_are_made_as_mkdocs_makes_them(path, folder_url, file_url):
    assert page_url(path, directory_urls=True) == folder_url
    assert page_url(path, directory_urls=False) == file_url


PAGES = ["journeys/laptop.md", "journeys/index.md", "insights.md", "personas/anna.md"]


@pytest.mark.parametrize("directory_urls", [True, False], ids=["folder URLs", "file URLs"])
@pytest.mark.parametrize("here", PAGES)
@pytest.mark.parametrize("there", PAGES)
def test_a_link_from_any_page_to_any_other_lands_on_it(here, there, directory_urls):
    """Followed as a browser follows it, from the page's own URL, the link reaches the other
    page's URL."""
    link = Links(here, directory_urls).to(there)
    base = page_url(here, directory_urls)
    folder = base if base.endswith("/") else posixpath.dirname(base)
    landed = posixpath.normpath(posixpath.join(folder, link))
    assert landed == posixpath.normpath(page_url(there, directory_urls) or ".")


def test_a_link_to_an_anchor_on_the_same_page_is_the_anchor_alone():
    links = Links("journeys/laptop.md")
    assert links.to("journeys/laptop.md", "step-pays") == "#step-pays"
    assert links.definition("journeys", "laptop", "step-pays") == "#step-pays"
    assert links.definition("journeys", "mug", "step-pays") == "../../journeys/mug/#step-pays"
