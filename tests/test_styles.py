"""The stylesheets: one for the site, holding the diagrams' and charts' rules; standalone SVGs
carry their own."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cjdocs.definitions.validation import load_model
from cjdocs.render import charts, css
from cjdocs.render.assemble import build_pages, stylesheet
from cjdocs.render.palette import EMOTION_COLOURS, EMOTION_TEXT_COLOURS
from conftest import EXAMPLE, FIXTURES, run_cjdocs

SVG = "{http://www.w3.org/2000/svg}"


def rules(text: str) -> list[str]:
    """The rules of a stylesheet, one a line, without comments."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    return [line for line in text.splitlines() if line.strip()]


def test_the_sites_stylesheet_holds_the_rules_of_diagrams_and_charts():
    sheet = rules(stylesheet())
    for name in ("cjdocs", "diagrams", "charts"):
        assert set(rules(css.css(name))) <= set(sheet), name
    assert ".cj-diagram .edge path { stroke: currentColor; }" in sheet
    assert "svg.cj-chart text, svg.cj-curve text { fill: currentColor; font-size: 12px; }" in sheet


def test_svgs_inline_in_pages_carry_no_style_of_their_own(tmp_path):
    validation, model = load_model([FIXTURES / "base"])
    assert model is not None, validation.errors
    rendered = build_pages(model, cache_folder=tmp_path, workers=1)
    # A page's figures are its diagrams and the parts set apart from search (the map grid).
    figures = [svg for page in rendered for svg in page.figures.values() if svg.startswith("<svg")]
    assert {svg.split('class="', 1)[1].split('"', 1)[0] for svg in figures} == {
        "cj-diagram cj-flow",
        "cj-diagram cj-network",
    }
    assert not any("<style" in svg for svg in figures)
    # Nor does the emotion curve drawn into the journey map.
    (journey,) = [page for page in rendered if page.path == "journeys/first-purchase.md"]
    blocks = "".join(str(section.html) for section in journey.sections)
    blocks += "".join(journey.figures.values())
    assert 'class="cj-curve cj-lane"' in blocks and "<style" not in blocks


def test_a_standalone_svg_carries_its_rules(tmp_path):
    result = run_cjdocs(
        "render", "mug-shop-first-order", "-s", str(EXAMPLE), "-o", "flow.svg", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    style = ET.parse(tmp_path / "flow.svg").getroot().find(f"{SVG}style").text
    assert rules(style) == rules(css.css("diagrams"))

    _, model = load_model([EXAMPLE])
    chart = ET.fromstring(charts.funnel(model.journey("mug-shop-first-order")))
    assert rules(chart.find(f"{SVG}style").text) == rules(css.css("charts"))


def test_the_charts_fallback_colours_are_the_palettes():
    sheet = css.css("charts")
    keys = {-2: "m2", -1: "m1", 0: "0", 1: "1", 2: "2"}
    for emotion, key in keys.items():
        assert f"var(--cj-emotion-{key}, {EMOTION_COLOURS[emotion]})" in sheet
        assert f"var(--cj-emotion-text-{key}, {EMOTION_TEXT_COLOURS[emotion]})" in sheet
    for prop, colour in [
        ("track", charts.TRACK),
        ("bar", charts.BAR),
    ]:
        assert f"var(--cj-{prop}, {colour})" in sheet
    # The page's own badges use the same colours.
    for emotion, key in keys.items():
        assert f"--cj-emotion-{key}: {EMOTION_COLOURS[emotion]};" in css.css("cjdocs")
