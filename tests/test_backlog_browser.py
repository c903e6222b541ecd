"""The Opportunities page in a real headless Chromium: it renders, its filters work by mouse and
by keyboard (no script: radio buttons and CSS), and axe-core finds no serious accessibility
problem in either colour scheme."""

from __future__ import annotations

import shutil

import pytest
from browsing import chromium, serious_problems, served

from conftest import ROOT, run_cjdocs

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.needs_chromium


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The example site built and served on localhost."""
    folder = tmp_path_factory.mktemp("backlog-browser")
    shutil.copytree(ROOT / "journeys", folder / "journeys")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copyfile(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    with served(folder / "site") as address:
        yield address + "opportunities/"


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(params=["light", "dark"])
def page(browser, request):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=request.param
    )
    page = context.new_page()
    yield page
    context.close()


def visible_groups(page) -> list[str]:
    return [
        group.get_attribute("data-status")
        for group in page.locator("section.cj-backlog-group").all()
        if group.is_visible()
    ]


def visible_priorities(page) -> set[str]:
    return {
        row.get_attribute("data-priority")
        for row in page.locator(".cj-backlog-table tbody tr").all()
        if row.is_visible()
    }


def test_the_page_renders_every_status_without_errors(page, site_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url)
    assert errors == []
    assert page.locator("h1").inner_text() == "Opportunities"
    assert visible_groups(page) == ["idea", "planned", "in-progress", "done", "dropped", "none"]
    badge = page.locator(".cj-backlog-counts .cj-status-planned")
    assert badge.inner_text() == "Planned"
    assert badge.bounding_box()["height"] > 10


def test_choosing_a_status_and_a_priority_shows_only_what_matches(page, site_url):
    page.goto(site_url)
    page.get_by_label("Planned", exact=True).check()
    assert visible_groups(page) == ["planned"]
    assert visible_priorities(page) == {"high", "medium"}

    page.get_by_label("high", exact=True).check()
    assert visible_groups(page) == ["planned"]
    assert visible_priorities(page) == {"high"}
    assert [
        row.locator("td").nth(1).inner_text()
        for row in page.locator(".cj-backlog-table tbody tr").all()
        if row.is_visible()
    ] == ["Free replacement on a photo, without sending the shards back"]

    # A priority no opportunity of the status has: the status's group goes too.
    page.get_by_label("low", exact=True).check()
    assert visible_groups(page) == []

    page.locator("#cj-filter-status-all").check()
    page.locator("#cj-filter-priority-all").check()
    assert len(visible_groups(page)) == 6


def test_the_filter_works_by_keyboard(page, site_url):
    page.goto(site_url)
    page.locator("#cj-filter-status-all").focus()
    page.keyboard.press("ArrowRight")  # radio buttons move, and check, with the arrow keys
    assert page.locator("#cj-filter-status-idea").is_checked()
    assert visible_groups(page) == ["idea"]
    page.keyboard.press("ArrowRight")
    assert visible_groups(page) == ["planned"]


def test_axe_finds_no_serious_problem_on_the_opportunities_page(page, site_url):
    page.goto(site_url)
    assert serious_problems(page) == []
