"""The built site in a real headless Chromium: it loads cleanly, the diagram works, search finds,
both colour schemes read, and axe-core finds no serious accessibility problem in our pages."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from conftest import ROOT, chromium_path, run_cjdocs
from hostile import write_hostile

playwright = pytest.importorskip("playwright.sync_api")

# Without a Chromium these tests are skipped, saying how to get one (see conftest.py).
pytestmark = pytest.mark.needs_chromium
# As the machine's probe starts it: no sandbox as root, and no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "tests" / "screenshots"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The example site, plus the hostile journey, built and served on localhost."""
    folder = tmp_path_factory.mktemp("browser")
    shutil.copytree(ROOT / "journeys", folder / "journeys")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copyfile(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    write_hostile(folder / "journeys" / "hostile")
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(folder / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_the_journey_page_loads_without_console_errors(page, site_url):
    errors = []
    page.on("console", lambda message: errors.append(message) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(site_url + "journeys/mug-shop-first-order/", wait_until="networkidle")
    # Requests to other hosts (Material asks GitHub for the repository's stars) fail on a
    # machine without a network; what the site itself serves must load without error.
    own = [
        error
        for error in errors
        if site_url in str(getattr(error, "location", {}).get("url", site_url))
    ]
    assert own == []
    flow = page.locator("svg.cj-flow")
    assert flow.is_visible()
    box = flow.bounding_box()
    assert box["width"] > 400 and box["height"] > 150


def test_clicking_a_step_in_the_flow_lands_on_its_anchor(page, site_url):
    page.goto(site_url + "journeys/mug-shop-first-order/")
    page.locator("#cj-flow-mug-shop-first-order-step-cart-reminder a").click()
    page.wait_for_url("**#step-cart-reminder")
    heading = page.locator("#step-cart-reminder")
    assert heading.inner_text() == "6. Gets a reminder mail about her cart"
    assert heading.is_visible()
    top = heading.bounding_box()["y"]
    assert 0 <= top < 300  # scrolled to it


def test_search_finds_a_journey_by_a_word_of_its_name(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item")
    # The index is built in a web worker; on a busy machine that takes a while, and a query
    # typed before it is ready may find nothing: type it again until the results come.
    for _ in range(6):
        search.fill("")
        search.press_sequentially("mug", delay=50)
        try:
            results.first.wait_for(timeout=15_000)
            break
        except playwright.Error:
            continue
    titles = [
        text.strip() for text in page.locator(".md-search-result__article h1").all_inner_texts()
    ]
    assert "First order in the mug shop" in titles


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_journey_page_in_both_schemes(browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "journeys/voltwerk-win-back/", wait_until="networkidle")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    text = page.evaluate("getComputedStyle(document.querySelector('svg.cj-flow')).color")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{scheme}.png"), full_page=True)
    context.close()

    def brightness(colour: str) -> float:
        red, green, blue = (
            float(part) for part in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]
        )
        return (red + green + blue) / 3

    # The diagram's lines and labels follow the page's text colour, so they stand out from it.
    assert abs(brightness(background) - brightness(text)) > 100
    assert (brightness(background) < 80) == (scheme == "dark")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_and_chart_lines_take_the_text_colour_from_the_sites_stylesheet(
    browser, site_url, scheme
):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "journeys/voltwerk-win-back/", wait_until="networkidle")
    # Each pair: what an element is painted with, and its text colour (`currentColor`).
    pairs = page.evaluate(
        """() => {
            const pair = (selector, property) => {
                const style = getComputedStyle(document.querySelector(selector));
                return [style[property], style.color];
            };
            return {
                edge: pair('svg.cj-flow .edge path', 'stroke'),
                cluster: pair('svg.cj-flow .cluster > text', 'fill'),
                chart: pair('svg.cj-emotion-curve text', 'fill'),
                styles: document.querySelectorAll('article svg style').length,
            };
        }"""
    )
    context.close()
    assert pairs.pop("styles") == 0  # the rules come from the site's stylesheet
    for name, (painted, text) in pairs.items():
        assert painted == text, name


PAGES = [
    "journeys/",
    "journeys/mug-shop-first-order/",
    "journeys/voltwerk-win-back/",
    "journeys/hostile/",
    "personas/",
    "personas/gift-buyer/",
    "phases/",
    "phases/purchase/",
    "touchpoints/",
    "touchpoints/cart-reminder-email/",
    "channels/",
    "channels/email/",
    "insights/",
]


@pytest.mark.parametrize("url", PAGES)
def test_axe_finds_no_serious_problem_in_generated_pages(page, site_url, url):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + url)
    result = Axe().run(page, context={"include": [[".md-content"]]})
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_site_has_no_console_errors_on_any_page_kind(page, site_url):
    errors = []
    page.on("pageerror", lambda error: errors.append((page.url, str(error))))
    for url in PAGES:
        page.goto(site_url + url)
    assert errors == []
