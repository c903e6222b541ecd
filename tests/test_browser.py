"""The built site in a real headless Chromium: it loads cleanly, the diagram works, search finds,
both colour schemes read, and axe-core finds no serious accessibility problem in our pages.
The journey map as readers meet it: at 1,400 px and on a phone (390 and 360 px), and printed
to PDF on A4 landscape; the journeys of mapcases.py try its edges."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from browsing import chromium, serious_problems, served, shoot
from mapcases import write_map_cases

from conftest import ROOT, run_cjdocs
from hostile import write_hostile

playwright = pytest.importorskip("playwright.sync_api")

# Without a Chromium these tests are skipped, saying how to get one (see conftest.py).
pytestmark = pytest.mark.needs_chromium


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The example site, plus the hostile journey, built and served on localhost."""
    folder = tmp_path_factory.mktemp("browser")
    shutil.copytree(ROOT / "journeys", folder / "journeys")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copyfile(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    write_hostile(folder / "journeys" / "hostile")
    write_map_cases(folder / "journeys")
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    with served(folder / "site") as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


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
def test_screenshots_of_the_journey_page_in_both_schemes(browser, site_url, scheme, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "journeys/voltwerk-win-back/", wait_until="networkidle")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    text = page.evaluate("getComputedStyle(document.querySelector('svg.cj-flow')).color")
    # Into CJDOCS_SCREENSHOTS when set, to look at; else a temporary folder.
    folder = Path(os.environ.get("CJDOCS_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(folder / f"journey-{scheme}.png"), full_page=True)
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
                chart: pair('svg.cj-lane-axis text', 'fill'),
                curve: pair('svg.cj-lane line.cj-join', 'stroke'),
                styles: document.querySelectorAll('article svg style').length,
            };
        }"""
    )
    context.close()
    assert pairs.pop("styles") == 0  # the rules come from the site's stylesheet
    for name, (painted, text) in pairs.items():
        assert painted == text, name


MAP_CASES = [
    "map-one-step",
    "map-sixty-steps",
    "map-only-branches",
    "map-loop",
    "map-no-touchpoints",
    "map-no-emotions",
    "map-long-names",
    "map-rtl-emoji",
    "map-eight-steps",
]
PAGES = [
    "journeys/",
    "journeys/mug-shop-first-order/",
    "journeys/voltwerk-win-back/",
    "journeys/hostile/",
    *(f"journeys/{identifier}/" for identifier in MAP_CASES),
    "personas/",
    "personas/gift-buyer/",
    # Comparisons: a persona's journeys (Sabine's: the mug shop, the hostile journey and the
    # map cases, the first five of them), and the future state beside its current one.
    "personas/student/",
    "journeys/compare/laptop-purchase-future/",
    "phases/",
    "phases/purchase/",
    "touchpoints/",
    "touchpoints/cart-reminder-email/",
    "channels/",
    "channels/email/",
    "insights/",
    "systems/",
    "systems/erp/",
    "opportunities/",
]


@pytest.mark.parametrize("url", PAGES)
def test_axe_finds_no_serious_problem_in_generated_pages(page, site_url, url):
    page.goto(site_url + url)
    assert serious_problems(page) == []


def test_the_site_has_no_console_errors_on_any_page_kind(page, site_url):
    errors = []
    page.on("pageerror", lambda error: errors.append((page.url, str(error))))
    for url in PAGES:
        page.goto(site_url + url)
    assert errors == []


# -- the journey map -----------------------------------------------------------------------------

JOURNEY_PAGES = [
    "journeys/mug-shop-first-order/",
    "journeys/voltwerk-win-back/",
    "journeys/laptop-omnichannel-purchase/",
    *(f"journeys/{identifier}/" for identifier in MAP_CASES),
]
WIDE, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}

# The smallest text a reader sees in the page's content, in CSS pixels: every text node that
# is laid out, its font size times the scale of the SVG it may stand in.
SMALLEST_TEXT = """() => {
    let smallest = Infinity, where = null;
    const walker = document.createTreeWalker(
        document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, element = node.parentElement;
        if (!node.textContent.trim() || !element.getClientRects().length) continue;
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden') continue;
        let size = parseFloat(style.fontSize);
        if (element instanceof SVGElement) {
            const matrix = element.getScreenCTM();
            size *= Math.hypot(matrix.a, matrix.b);
        }
        if (size < smallest) { smallest = size; where = element.outerHTML.slice(0, 120); }
    }
    return [smallest, where];
}"""

# For each step column of the map: the centre of its column (its step cell) and of its point.
POINTS_AND_COLUMNS = """() => [...document.querySelectorAll('dl.cj-map-step')].map(step => {
    const cell = step.querySelector('.cj-row-step').getBoundingClientRect();
    const point = step.querySelector('.cj-row-emotion circle');
    const box = point && point.getBoundingClientRect();
    return [step.id, cell.left + cell.width / 2, box ? box.left + box.width / 2 : null];
})"""


@pytest.fixture(scope="module")
def wide(browser):
    context = browser.new_context(viewport=WIDE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_no_text_on_a_journey_page_is_smaller_than_12_px(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    smallest = {}
    for url in JOURNEY_PAGES:
        page.goto(site_url + url)
        smallest[url] = page.evaluate(SMALLEST_TEXT)
    context.close()
    # 9 pt of a diagram drawn in points is 12 px; the matrix's rounding leaves 11.9998.
    too_small = {url: found for url, found in smallest.items() if found[0] < 11.99}
    assert too_small == {}


@pytest.mark.parametrize("width", [1400, 900])
def test_each_point_of_the_curve_stands_over_its_step_columns_centre(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    checked = 0
    for url in (
        "journeys/mug-shop-first-order/",
        "journeys/map-sixty-steps/",
        "journeys/map-loop/",
    ):
        page.goto(site_url + url)
        frame = page.locator(".cj-map-frame")
        for scrolled in (0, 700):
            frame.evaluate("(frame, left) => { frame.scrollLeft = left; }", scrolled)
            for step, column, point in page.evaluate(POINTS_AND_COLUMNS):
                if point is not None:
                    assert abs(point - column) <= 2, (url, scrolled, step, point - column)
                    checked += 1
        # A straight line ends at the centre of the column it leads to.
        frame.evaluate("frame => { frame.scrollLeft = 0; }")
        ends = page.evaluate(
            """() => [...document.querySelectorAll('dl.cj-map-step')].flatMap((step, index, all) =>
                [...step.querySelectorAll('.cj-row-emotion line.cj-straight')].map(line => {
                    const target = index + (parseFloat(line.getAttribute('x2')) - 50) / 100;
                    const cell = all[target].querySelector('.cj-row-step').getBoundingClientRect();
                    const box = line.getBoundingClientRect();
                    return [cell.left + cell.width / 2, box.right];
                }))"""
        )
        assert ends
        for centre, right in ends:
            assert abs(right - 1 - centre) <= 2, (url, right, centre)  # 1: half the stroke
    context.close()
    assert checked > 60


def test_lane_names_stay_in_view_sideways_and_phase_headers_downwards(wide, site_url):
    wide.goto(site_url + "journeys/laptop-omnichannel-purchase/")
    # (the journey map's frame; the service blueprint below it has one too)
    frame = wide.locator(".cj-map-frame").first
    lane = wide.locator(".cj-map-page").first.locator(".cj-lane-head.cj-row-action")
    start = frame.bounding_box()
    # The frame takes the keyboard's focus, and the arrow keys scroll it.
    frame.focus()
    for _ in range(5):
        wide.keyboard.press("ArrowRight")
    wide.wait_for_function("document.querySelector('.cj-map-frame').scrollLeft > 100")
    frame.evaluate("frame => { frame.scrollLeft = 900; }")
    assert lane.bounding_box()["x"] == pytest.approx(start["x"] + 1, abs=1)
    # Scrolled down inside its frame, the phase headers stay at its top.
    frame.evaluate("frame => { frame.scrollTop = 400; }")
    head = wide.locator(".cj-phase-head").first.bounding_box()
    assert head["y"] == pytest.approx(frame.bounding_box()["y"] + 1, abs=1)
    # The map takes the content's whole width: the table of contents is left out.
    assert wide.locator(".md-sidebar--secondary").is_hidden()
    article = wide.locator("article.md-content__inner").bounding_box()
    assert start["width"] >= article["width"] - 2
    assert wide.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]


@pytest.mark.parametrize("width", [390, 360])
def test_on_a_phone_the_page_never_scrolls_sideways_and_the_map_is_step_cards(
    browser, site_url, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for url in JOURNEY_PAGES:
        page.goto(site_url + url)
        wider = page.evaluate("document.documentElement.scrollWidth")
        assert wider <= width, url
        layout = page.evaluate(
            """() => ({
                frame: getComputedStyle(document.querySelector('.cj-map-grid')).display,
                cards: [...document.querySelectorAll('dl.cj-map-step')].map(
                    card => getComputedStyle(card).display),
                lanes: [...document.querySelectorAll('.cj-lane-head')].filter(
                    head => head.getClientRects().length).length,
            })"""
        )
        assert layout["frame"] == "block" and set(layout["cards"]) == {"block"}, url
        assert layout["lanes"] == 0, url
    context.close()


def test_on_a_phone_the_compact_curve_jumps_to_a_card_below_its_sticky_phase_header(
    phone, site_url
):
    phone.goto(site_url + "journeys/mug-shop-first-order/")
    curve = phone.locator(".cj-map-curve > svg")
    assert curve.is_visible()
    assert phone.locator(".cj-map-frame svg.cj-lane").first.is_hidden()
    phone.locator('.cj-map-curve a[href="#cj-map-cart-reminder"]').click()
    phone.wait_for_url("**#cj-map-cart-reminder")
    card = phone.locator("#cj-map-cart-reminder").bounding_box()
    head = (
        phone.locator("#cj-map-cart-reminder")
        .locator("xpath=..")
        .locator(".cj-phase-head")
        .bounding_box()
    )
    # The phase's header stays in view under Material's bar, and the card stands below it.
    assert head["y"] == pytest.approx(48, abs=2)
    assert card["y"] >= head["y"] + head["height"] - 1
    assert card["y"] < PHONE["height"] / 2
    gauge = phone.locator("#cj-map-cart-reminder .cj-row-emotion")
    assert gauge.locator("svg.cj-gauge").is_visible()
    assert gauge.locator(".cj-words").inner_text() == "0 neutral"


def test_the_flow_opens_over_the_whole_window_and_closes(wide, site_url):
    wide.goto(site_url + "journeys/mug-shop-first-order/")
    wide.locator(".cj-open").click()
    figure = wide.locator("#cj-flow-full")
    assert figure.bounding_box() == {"x": 0, "y": 0, "width": 1400, "height": 900}
    wide.locator("#cj-flow-full .cj-close").click()
    wide.wait_for_url("**#cj-flow-figure")
    assert figure.bounding_box()["width"] < 1400


def test_axe_finds_no_serious_problem_in_the_phone_layout(phone, site_url):
    phone.goto(site_url + "journeys/mug-shop-first-order/")
    assert serious_problems(phone) == []


def test_printed_in_portrait_no_column_is_clipped(browser, site_url):
    # A4 portrait's width between 10 mm margins, in CSS pixels.
    context = browser.new_context(viewport={"width": round(190 / 25.4 * 96), "height": 900})
    page = context.new_page()
    page.goto(site_url + "journeys/mug-shop-first-order/")
    page.emulate_media(media="print")
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('.cj-map-page')].flatMap(grid => {
            const right = grid.getBoundingClientRect().right;
            return [...grid.querySelectorAll('.cj-cell, .cj-phase-head')]
                .filter(cell => cell.getBoundingClientRect().right > right + 1)
                .map(cell => cell.closest('dl, .cj-map-phase').id || cell.className);
        })"""
    )
    width = page.evaluate("document.querySelector('.cj-map-page').getBoundingClientRect().right")
    context.close()
    assert overflow == []
    assert width <= round(190 / 25.4 * 96) + 1


# Links marking the top and the bottom of each step column, for finding them in a PDF.
MARK_COLUMNS = """() => {
    for (const step of document.querySelectorAll('dl.cj-map-step')) {
        const cells = step.querySelectorAll(':scope > .cj-cell');
        for (const [end, cell] of [['top', cells[0]], ['bottom', cells[cells.length - 1]]]) {
            const mark = document.createElement('a');
            mark.href = `https://mark.test/${end}/${step.id}`;
            mark.textContent = '.';
            cell.querySelector('dd').append(mark);
        }
    }
}"""


def pdf_pages_links(pdf: bytes) -> list[list[str]]:
    """The addresses of the links on each page of a PDF, page by page: enough of a PDF reader
    for Chromium's output, whose dictionaries are not compressed (only its content streams)."""
    objects = {
        int(number): body
        for number, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.DOTALL)
    }
    (root,) = [body for body in objects.values() if re.search(rb"/Type /Pages\b", body)]
    kids = re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", root, re.DOTALL)[1])
    pages = []
    for kid in kids:
        annotations = re.search(rb"/Annots \[(.*?)\]", objects[int(kid)], re.DOTALL)
        found = []
        for reference in re.findall(rb"(\d+) 0 R", annotations[1] if annotations else b""):
            uri = re.search(rb"/URI \((.*?)\)", objects[int(reference)])
            if uri:
                found.append(uri[1].decode())
        pages.append(found)
    return pages


def test_printed_on_a4_landscape_eight_steps_take_one_page_and_no_column_is_split(
    browser, site_url
):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "journeys/map-eight-steps/")
    page.evaluate(MARK_COLUMNS)
    pdf = page.pdf(format="A4", landscape=True)
    context.close()

    pages = pdf_pages_links(pdf)
    marked = [
        (number, link.removeprefix("https://mark.test/"))
        for number, links in enumerate(pages)
        for link in links
        if link.startswith("https://mark.test/")
    ]
    assert len(marked) == 16
    # Every column's top and bottom on one page, and all eight columns on the same one.
    assert len({number for number, _ in marked}) == 1
    # The map starts a page of its own: the journey's summary above it (which links to the
    # persona) is not on it.
    (number,) = {number for number, _ in marked}
    assert not [link for link in pages[number] if "/personas/" in link]
    assert [link for link in pages[number - 1] if "/personas/" in link]


def test_printed_13_steps_fall_on_pages_cut_between_columns(browser, site_url):
    # Printed page by page, each of the map's pages must fit the paper: measured in print
    # media at the width of A4 landscape between its margins, no higher than the page.
    context = browser.new_context(viewport={"width": round(277 / 25.4 * 96), "height": 900})
    page = context.new_page()
    page.goto(site_url + "journeys/mug-shop-first-order/")
    page.emulate_media(media="print")
    heights = page.evaluate(
        """() => [...document.querySelectorAll('.cj-map-page')].map(
            grid => grid.getBoundingClientRect().height)"""
    )
    breaks = page.evaluate(
        """() => [...document.querySelectorAll('.cj-map-page')].map(
            grid => [getComputedStyle(grid).breakBefore, getComputedStyle(grid).breakInside])"""
    )
    context.close()
    assert len(heights) == 3
    assert max(heights) <= 190 / 25.4 * 96
    assert breaks == [["auto", "avoid"], ["page", "avoid"], ["page", "avoid"]]


def test_screenshots_of_the_map_for_the_guide(browser, site_url, tmp_path):
    """The guide's pictures (docs/guide/7-journey-map.md): written to CJDOCS_SCREENSHOTS when
    set (`CJDOCS_SCREENSHOTS=docs/guide/images pytest tests/test_browser.py -k guide`),
    else to a temporary folder."""
    folder = Path(os.environ.get("CJDOCS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shots = {
        "map-wide.png": (WIDE, ".cj-map-frame", 0),
        "map-branches.png": (WIDE, ".cj-map-frame", 1150),
        "map-phone.png": ({"width": 390, "height": 700}, ".cj-map", 0),
    }
    for name, (viewport, selector, scrolled) in shots.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(site_url + "journeys/mug-shop-first-order/")
        page.locator(".cj-map-frame").evaluate(
            "(frame, left) => { frame.scrollLeft = left; }", scrolled
        )
        box = page.locator(selector).bounding_box()
        shoot(page, box, folder / name, tallest=640)
        context.close()
    # The comparison of the laptop purchase's target picture with its current state.
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.goto(site_url + "journeys/compare/laptop-purchase-future/")
    page.locator("#cj-compare").screenshot(path=str(folder / "compare.png"))
    context.close()
    assert (folder / "compare.png").stat().st_size > 10_000
