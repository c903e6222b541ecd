"""The generated pages, rendered in memory from small models: what a reader sees on each.

The pages are rendered without MkDocs (cjdocs/render/pages.py and its templates); whole
builds are in test_site.py.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from cjdocs.catalogue import catalogue
from cjdocs.definitions.validation import load_model
from cjdocs.render import pages
from cjdocs.render.pages import Diagrams, Page, all_pages
from cjdocs.render.templates import package_templates
from conftest import FIXTURES, assemble
from hostile import NASTY, write_hostile

EN = catalogue("en")


@pytest.fixture(scope="module")
def base():
    validation, model = load_model([FIXTURES / "base"])
    assert model is not None, validation.errors
    return model


def model_of(folder):
    validation, model = load_model([folder])
    assert model is not None, validation.errors
    return model


def by_path(rendered: list[Page]) -> dict[str, Page]:
    return {page.path: page for page in rendered}


def soup(page: Page) -> BeautifulSoup:
    return BeautifulSoup("\n".join(str(section.html) for section in page.sections), "html.parser")


def hrefs(element) -> list[str]:
    return [link["href"] for link in element.find_all("a")]


def details(element) -> dict:
    """The rows of a definition list: label -> the value's element."""
    return dict(
        zip((dt.get_text() for dt in element.find_all("dt")), element.find_all("dd"), strict=True)
    )


def test_the_journey_page_links_its_persona_phases_touchpoints_and_steps(base):
    page = by_path(all_pages(base, EN, Diagrams()))["journeys/first-purchase.md"]
    html = soup(page)

    summary = html.select_one("div.cj-summary dl")
    assert list(details(summary)) == [
        EN["persona"],
        EN["state"],
        EN["phases_covered"],
        EN["average_emotion"],
    ]
    assert hrefs(summary) == [
        "../../personas/anna/",
        "../../phases/awareness/",
        "../../phases/purchase/",
    ]
    steps = html.select("div.cj-step")
    assert [step.h3.get_text() for step in steps] == [
        "1. Reads the newsletter",
        "2. Pays at the desk",
    ]
    assert [step.h3["id"] for step in steps] == ["step-reads-newsletter", "step-pays"]
    first, last = details(steps[0]), details(steps[1])
    assert first[EN["touchpoints"]].a["href"] == "../../touchpoints/newsletter/"
    assert first[EN["feeling"]].get_text() == "+1 positive"
    assert first[EN["next"]].a["href"] == "#step-pays"
    assert last[EN["next"]].get_text() == EN["ends_here"]
    assert hrefs(html.select_one("ol.cj-ways")) == ["#step-reads-newsletter", "#step-pays"]


def test_links_follow_the_sites_url_style(base):
    page = by_path(all_pages(base, EN, Diagrams(), directory_urls=False))[
        "journeys/first-purchase.md"
    ]
    assert hrefs(soup(page).select_one("div.cj-summary dl"))[0] == "../personas/anna.html"


def test_the_journey_map_leaves_out_lanes_no_step_fills(base, tmp_path):
    page = by_path(all_pages(base, EN, Diagrams()))["journeys/first-purchase.md"]
    heads = soup(page).select(".cj-map-page > .cj-lane-head:not(.cj-row-phase)")
    lanes = [head.span.get_text() for head in heads]
    # The base steps have names, touchpoints and emotions, and nothing else.
    assert lanes == [EN["lane.step"], EN["lane.touchpoints"], EN["lane.emotion"]]

    assemble(tmp_path, FIXTURES / "base")
    journey = tmp_path / "journeys" / "journey.yaml"
    journey.write_text(
        journey.read_text(encoding="utf-8") + "    pain_points: [The queue is long]\n",
        encoding="utf-8",
    )
    page = by_path(all_pages(model_of(tmp_path / "journeys"), EN, Diagrams()))[
        "journeys/first-purchase.md"
    ]
    cells = soup(page).select(".cj-cell.cj-row-pain_points")
    assert soup(page).select(".cj-lane-head span")[-1].get_text() == EN["lane.pain_points"]
    # One cell per step: the pain point stands under the step that has it, the other is empty.
    assert [cell.dd.get_text() for cell in cells] == ["", "The queue is long"]


def test_hostile_text_reaches_every_page_as_text(tmp_path):
    model = model_of(write_hostile(tmp_path / "journeys").parent)
    rendered = all_pages(model, EN, Diagrams(), edit_url=lambda source: "javascript:alert(1)")
    for page in rendered:
        html = soup(page)
        assert html.find("script") is None, page.path
        assert html.find("img") is None, page.path
        for element in html.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), page.path
            assert not element.get("href", "").lower().startswith("javascript:"), page.path
    journey = soup(by_path(rendered)["journeys/hostile.md"])
    assert [h3.get_text() for h3 in journey.select("div.cj-step h3")][:3] == [
        f"1. {NASTY[0]}",
        f"2. {NASTY[1]}",
        f"3. {NASTY[2]}",
    ]
    assert journey.select_one("p.cj-lead").get_text() == NASTY[1]
    assert journey.select_one("q").get_text() == NASTY[3]  # a branch's condition
    assert journey.select_one("div.cj-source") is None  # no link to javascript:
    persona = soup(by_path(rendered)["personas/mallory.md"])
    assert persona.select_one("blockquote.cj-quote").get_text() == NASTY[6]
    touchpoint = soup(by_path(rendered)["touchpoints/tp-0.md"])
    address = 'https://example.com/?q=<script>&x="y"'
    assert [a["href"] for a in touchpoint.find_all("a") if "example.com" in a["href"]] == [address]


def test_descriptions_are_markdown_and_other_text_is_not(tmp_path):
    assemble(tmp_path, FIXTURES / "base")
    persona = tmp_path / "journeys" / "catalog.yaml"
    persona.write_text(
        persona.read_text(encoding="utf-8")
        + "summary: Likes **bold** offers\ndescription: Likes **bold** offers\n",
        encoding="utf-8",
    )
    page = by_path(all_pages(model_of(tmp_path / "journeys"), EN, Diagrams()))["personas/anna.md"]
    html = soup(page)
    assert html.select_one("p.cj-lead").get_text() == "Likes **bold** offers"
    assert html.select_one("div.cj-description strong").get_text() == "bold"


def test_the_coverage_matrix_counts_steps_per_channel_and_phase(base):
    page = by_path(all_pages(base, EN, Diagrams()))["insights.md"]
    table = soup(page).select_one("table.cj-coverage")
    assert [th.get_text() for th in table.thead.find_all("th")] == [
        "Channel",
        "Awareness",
        "Purchase",
    ]
    rows = [
        [cell.get_text() for cell in row.find_all(["th", "td"])]
        for row in table.tbody.find_all("tr")
    ]
    assert rows == [
        [EN["type.online"]],
        ["E-mail", "1", "·"],
        [EN["type.offline"]],
        ["Store", "·", "1"],
    ]
    assert table.tbody.th["colspan"] == "3"


def test_pages_without_entries_say_so(base):
    rendered = by_path(all_pages(base, EN, Diagrams()))
    insights = soup(rendered["insights.md"])
    assert EN["low_points.none"] in insights.get_text()  # no step has a negative emotion
    assert insights.select("table.cj-index") == []
    persona = soup(rendered["personas/anna.md"])
    assert persona.select_one("table.cj-index") is None  # no pain points
    assert EN["none"] in persona.get_text()


def test_figures_hold_a_placeholder_until_the_diagram_goes_in(base):
    svg = '<svg><title id="t">The network &amp; more</title></svg>'
    page = by_path(all_pages(base, EN, Diagrams(network=svg)))["insights.md"]
    figure = soup(page).select_one("figure.cj-network-figure")
    assert figure["tabindex"] == "0"  # it may scroll sideways: the keyboard can reach it
    assert figure["aria-label"] == "The network & more"
    html = "".join(str(section.html) for section in page.sections)
    assert pages.fill_figures(html, page.figures).count(svg) == 1


# Text as definitions hold it: markup, quotes, entities, characters XML forbids.
_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'\x00\x0b\ufffeü€")), max_size=8)
_CELLS = st.one_of(
    _TEXT,
    _TEXT.map(Markup),
    st.none(),
    st.builds(pages.Link, _TEXT, _TEXT),
    st.builds(pages.Emotion, st.sampled_from(["m2", "m1", "0", "1", "2"]), _TEXT),
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    headers=st.lists(_TEXT, min_size=1, max_size=4),
    rows=st.lists(st.lists(_CELLS, max_size=4), max_size=4),
    empty=st.none() | _TEXT,
)
def test_an_index_table_is_written_as_its_template_writes_it(headers, rows, empty):
    """Tables of links, text and emotions are written in Python (a phase's table has
    thousands of cells), exactly as the shipped template writes them; a team's override of
    the template is used as ever (tests/test_templates.py)."""
    written = pages._plain_table(headers, rows, empty)
    shipped = package_templates().render(
        "cjdocs/index-table.html", {"headers": headers, "rows": rows, "empty": empty, "labels": {}}
    )
    assert str(written) == str(shipped)
