"""The journey map: one column per step under its phase, the lanes, and the emotion curve drawn
on the same grid.

The geometry (map.py) is tested in numbers: which column each step takes, where each point
stands (at its column's centre), which points are joined and how (a dead end ends its line, a
branch forks it, a way back is a return arrow), how a map is cut into printed pages. The
markup is tested as a reader meets it (parsed, not as strings), and against golden files in
fixtures/maps/ (CJDOCS_UPDATE_GOLDEN=1 rewrites them after a deliberate change: read the diff).
How it looks in a browser, at 1,400 and 390 px and printed, is in test_browser.py.
"""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mapcases import write_map_cases

from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import Journey, Persona, Phase, Source, Step
from cjdocs.definitions.steps import Way
from cjdocs.definitions.validation import load_model
from cjdocs.render import charts
from cjdocs.render import map as grid
from cjdocs.render.assemble import page_markdown
from cjdocs.render.css import css
from cjdocs.render.pages import Diagrams, Links, journey_map, journey_page
from conftest import EXAMPLE, FIXTURES, assemble

EN, DE = catalogue("en"), catalogue("de")
SVG = "{http://www.w3.org/2000/svg}"
SOURCE = Source("t.yaml", 1, 1)
PHASES = {
    name: Phase(name, name.capitalize(), order, None, f"Goal of {name}", None, (), (), SOURCE)
    for order, name in enumerate(("awareness", "consideration", "purchase", "retention"), 1)
}
ANNA = Persona("anna", "Anna", None, None, (), (), (), (), None, (), SOURCE)


def journey(*steps: tuple) -> Journey:
    """A journey from (id, phase, emotion, ways) tuples; `ways` lists targets, a target
    written "condition: target" is a branch; None leads to the step after it."""
    built = []
    for number, (identifier, phase, emotion, ways) in enumerate(steps):
        if ways is None:
            ways = [steps[number + 1][0]] if number + 1 < len(steps) else []
        parsed = tuple(Way(*reversed(way.split(": "))) if ": " in way else Way(way) for way in ways)
        built.append(
            Step(
                identifier,
                identifier.replace("-", " ").capitalize(),
                PHASES[phase],
                None,
                (),
                emotion,
                None,
                None,
                (),
                (),
                (),
                None,
                None,
                parsed,
                any(way.condition is not None for way in parsed),
                SOURCE,
            )
        )
    return Journey(
        "j", "J", ANNA, None, None, None, None, "current", None, (), tuple(built), SOURCE
    )


# The mug shop in small: a fork at the cart, a reminder that leads back to the order or to
# a dead end, and the main way going on after the order.
SHOP = journey(
    ("sees-ad", "awareness", 1, None),
    ("browses", "consideration", 1, None),
    ("cart", "purchase", 1, ["checkout completed: order", "cart abandoned for 1 h: reminder"]),
    ("reminder", "purchase", 0, ["buys: order", "gives up: leaves"]),
    ("leaves", "purchase", -1, []),
    ("order", "purchase", 2, None),
    ("parcel", "retention", 2, None),
)


def ids(placed) -> list[str]:
    return [column.step.id for column in placed]


def joins(curve: grid.Curve) -> list[tuple[str, int, int]]:
    return [(join.route, join.source, join.target) for join in curve.joins]


# -- columns -------------------------------------------------------------------------------------


def test_columns_follow_the_ways_first_way_first_within_phases_in_phase_order():
    placed = grid.columns(SHOP)

    # File order would put the reminder and the dead end before the order; the ways put the
    # first branch (the order) first, then the other branch.
    assert ids(placed) == ["sees-ad", "browses", "cart", "order", "reminder", "leaves", "parcel"]
    assert [column.index for column in placed] == list(range(7))
    spans = grid.phase_spans(placed)
    assert [(span.phase.id, span.first, span.count) for span in spans] == [
        ("awareness", 0, 1),
        ("consideration", 1, 1),
        ("purchase", 2, 4),
        ("retention", 6, 1),
    ]


def test_a_step_only_branches_lead_to_is_marked_with_their_conditions():
    placed = {column.step.id: column for column in grid.columns(SHOP)}

    assert placed["reminder"].conditions == ("cart abandoned for 1 h",)
    assert placed["order"].conditions == ("checkout completed", "buys")
    assert placed["leaves"].conditions == ("gives up",)
    # Reached by a plain way (or the start): no condition.
    assert placed["parcel"].conditions == placed["sees-ad"].conditions == ()


def test_a_step_reached_by_a_branch_and_a_plain_way_is_not_marked():
    both = journey(
        ("a", "awareness", 1, ["maybe: c", "b"]),
        ("b", "awareness", 1, ["c"]),
        ("c", "purchase", 1, []),
    )
    assert [column.conditions for column in grid.columns(both)] == [(), (), ()]


def test_a_loop_back_to_an_earlier_step_keeps_each_step_in_one_column():
    loop = journey(
        ("mail", "retention", 0, None),
        ("waits", "retention", -1, ["reacts: buys", "no reaction: mail"]),
        ("buys", "purchase", 2, []),
    )
    assert ids(grid.columns(loop)) == ["buys", "mail", "waits"]


# -- the curve: points ----------------------------------------------------------------------------


def test_each_point_stands_at_its_columns_centre_and_higher_the_happier():
    placed = grid.columns(SHOP)
    curve = grid.curve(SHOP, placed)

    assert [(point.column, point.x) for point in curve.points] == [
        (column, column + 0.5) for column in range(7)
    ]
    levels = {point.emotion: point.y for point in curve.points}
    assert levels[2] < levels[1] < levels[0] < levels[-1]
    assert levels[1] - levels[2] == levels[0] - levels[1] == grid.LANE.level
    assert curve.y(2) >= grid.LANE.margin and curve.height >= curve.y(-2) + grid.LANE.margin


def test_a_step_without_an_emotion_keeps_its_column_but_has_no_point():
    gap = journey(
        ("a", "awareness", 1, None), ("b", "awareness", None, None), ("c", "purchase", -1, None)
    )
    curve = grid.curve(gap, grid.columns(gap))

    assert [point.column for point in curve.points] == [0, 2]
    assert curve.point(1) is None
    # The line bridges the step, dashed, and stays straight: no point stands in between.
    assert [(j.route, j.source, j.target, j.bridged) for j in curve.joins] == [
        (grid.STRAIGHT, 0, 2, True)
    ]


def test_no_emotion_at_all_gives_no_curve():
    none = journey(("a", "awareness", None, None), ("b", "purchase", None, None))
    assert grid.curve(none, grid.columns(none)) is None


# -- the curve: joins -----------------------------------------------------------------------------


def test_joins_follow_the_ways_a_branch_forks_and_a_dead_end_ends_its_line():
    curve = grid.curve(SHOP, grid.columns(SHOP))

    assert joins(curve) == [
        (grid.STRAIGHT, 0, 1),  # sees the ad → browses
        (grid.STRAIGHT, 1, 2),  # browses → cart
        (grid.STRAIGHT, 2, 3),  # the fork: cart → order, the first way, beside it
        (grid.OVER, 2, 4),  # ... and cart → reminder, over the order's point
        (grid.OVER, 3, 6),  # order → parcel, over the reminder's and the dead end's points
        (grid.BACK, 4, 3),  # reminder → order: a way back, a return arrow
        (grid.STRAIGHT, 4, 5),  # reminder → leaves
    ]
    # The dead end (column 5) ends its line: nothing leaves it, although a step stands
    # right of it; in file order it would have been joined to the order.
    assert not [join for join in curve.joins if join.source == 5]
    assert [join.source for join in curve.joins].count(2) == 2


def test_ways_back_and_lines_over_the_curve_take_tracks_that_never_overlap():
    curve = grid.curve(SHOP, grid.columns(SHOP))
    over = {(j.source, j.target): j.track for j in curve.joins if j.route == grid.OVER}

    # cart → reminder (2–4) and order → parcel (3–6) overlap across: two tracks, the shorter
    # nearest to the curve.
    assert over == {(2, 4): 0, (3, 6): 1}
    assert (curve.over, curve.under) == (2, 1)
    back = next(j for j in curve.joins if j.route == grid.BACK)
    assert curve.track_y(back) > curve.y(-2) + grid.LANE.radius
    tracks = [curve.track_y(j) for j in curve.joins if j.route == grid.OVER]
    assert tracks[1] < tracks[0] < curve.y(2) - grid.LANE.radius
    assert min(tracks) > 0


def test_a_loop_is_a_return_arrow_and_loops_that_overlap_nest():
    loop = journey(
        ("a", "retention", 0, None),
        ("b", "retention", -1, None),
        ("c", "retention", 0, ["again: b", "from the start: a", "stays: c", "done: d"]),
        ("d", "retention", 2, []),
    )
    curve = grid.curve(loop, grid.columns(loop))
    back = {(j.source, j.target): j.track for j in curve.joins if j.route == grid.BACK}

    # The step that leads to itself is a loop on track 0, as is c → b (they share column 2,
    # but the loop's span is 2–2 and c → b's is 1–2: they overlap, so c → b goes outside).
    assert back == {(2, 2): 0, (2, 1): 1, (2, 0): 2}
    assert curve.under == 3
    assert (grid.STRAIGHT, 2, 3) in joins(curve)


# -- the curve in the page: per cent of one column --------------------------------------------------


def attributes(svg: str, tag: str) -> list[dict[str, str]]:
    return [dict(element.attrib) for element in ET.fromstring(svg).iter(SVG + tag)]


def test_in_a_column_the_point_stands_at_half_its_width_and_lines_reach_whole_columns():
    curve = grid.curve(SHOP, grid.columns(SHOP))

    cart = charts.lane_cell(curve, 2)
    (circle,) = attributes(cart, "circle")
    assert circle["cx"] == "50%"
    lines = attributes(cart, "line")
    straight = [line for line in lines if line.get("class") == "cj-join cj-straight"]
    # To the order, one column on: from the middle of this column to the middle of the next.
    assert [(line["x1"], line["x2"]) for line in straight] == [("50%", "150%")]
    # Over the order to the reminder, two columns on: up, across, down.
    across = [(line["x1"], line["x2"]) for line in lines if "class" not in line]
    assert ("50%", "250%") in across
    reminder = charts.lane_cell(curve, 4)
    # The way back to the order, one column to the left.
    assert ("50%", "-50%") in [(line["x1"], line["x2"]) for line in attributes(reminder, "line")]
    # The dead end draws its point and no line of its own.
    dead_end = charts.lane_cell(curve, 5)
    assert [line.get("class") for line in attributes(dead_end, "line")] == ["cj-grid"] * 2 + [
        "cj-zero"
    ] + ["cj-grid"] * 2


def test_every_column_draws_the_same_height_and_the_levels_across_its_whole_width():
    curve = grid.curve(SHOP, grid.columns(SHOP))
    heights = {ET.fromstring(charts.lane_cell(curve, column)).get("height") for column in range(7)}
    assert heights == {f"{curve.height:g}"}
    levels = attributes(charts.lane_cell(curve, 0), "line")[:5]
    assert all((line["x1"], line["x2"]) == ("0", "100%") for line in levels)
    axis = ET.fromstring(charts.lane_axis(curve))
    ticks = [(text.text, float(text.get("y"))) for text in axis.iter(SVG + "text")]
    assert [text for text, _ in ticks] == ["+2", "+1", "0", "−1", "−2"]
    assert [y - 4.5 for _, y in ticks] == [curve.y(emotion) for emotion in (2, 1, 0, -1, -2)]


def test_the_compact_curve_spreads_the_columns_over_its_width_and_links_each_point_to_its_card():
    placed = grid.columns(SHOP)
    curve = grid.curve(SHOP, placed, grid.COMPACT)
    svg = charts.compact_curve(SHOP, placed, curve, lambda step: f"#cj-map-{step.id}", EN)
    root = ET.fromstring(svg)

    centres = [circle["cx"] for circle in attributes(svg, "circle")]
    assert centres == [
        f"{(column + 0.5) / 7 * 100:.1f}".removesuffix(".0") + "%" for column in range(7)
    ]
    links = [(link.get("href"), link.find(SVG + "title").text) for link in root.iter(SVG + "a")]
    assert links[0] == ("#cj-map-sees-ad", "1. Sees ad: +1 positive")
    # Named by the step's number in the journey, as its details are.
    assert links[3] == ("#cj-map-order", "6. Order: +2 very positive")
    assert root.find(SVG + "title").text == "Emotion curve of J"
    # As wide as its frame, and never narrower than its least room a step.
    assert root.get("width") == "100%"
    assert f"min-width: calc(var(--cj-steps) * {charts.COMPACT_PITCH:g}px)" in css("cjdocs")


# -- print -----------------------------------------------------------------------------------------


def test_a_landscape_page_holds_eight_columns_on_a4_and_more_on_posters():
    assert [grid.print_capacity(size) for size in ("A4", "A3", "A2", "A1", "A0")] == [
        8,
        12,
        18,
        26,
        38,
    ]


def spans(*counts: int) -> tuple[grid.PhaseSpan, ...]:
    phases = list(PHASES.values()) * 3
    firsts = [sum(counts[:number]) for number in range(len(counts))]
    return tuple(
        grid.PhaseSpan(phase, first, count)
        for phase, first, count in zip(phases, firsts, counts, strict=False)
    )


def pieces(pages) -> list[list[tuple[int, int, bool]]]:
    return [
        [(piece.first, piece.count, piece.continued) for piece in page.pieces] for page in pages
    ]


def test_a_map_that_fits_prints_on_one_page():
    assert pieces(grid.print_pages(spans(2, 3, 3), 8)) == [
        [(0, 2, False), (2, 3, False), (5, 3, False)]
    ]


def test_a_wider_map_is_cut_between_phases_never_through_one_that_fits_a_page():
    pages = grid.print_pages(spans(2, 3, 5, 1), 8)
    assert pieces(pages) == [[(0, 2, False), (2, 3, False)], [(5, 5, False), (10, 1, False)]]
    assert [page.count for page in pages] == [5, 6]


def test_a_phase_wider_than_a_page_starts_one_and_is_cut_between_its_steps():
    pages = grid.print_pages(spans(1, 20, 2), 8)
    assert pieces(pages) == [
        [(0, 1, False)],
        [(1, 8, False)],
        [(9, 8, True)],
        [(17, 4, True), (21, 2, False)],
    ]


# -- the grid in the page --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example's definitions and the map cases (mapcases.py) beside them."""
    folder = tmp_path_factory.mktemp("maps") / "journeys"
    shutil.copytree(EXAMPLE, folder)
    write_map_cases(folder)
    validation, model = load_model([folder])
    assert model is not None, validation.errors
    return model


def map_of(model, identifier: str, labels=EN, **options) -> BeautifulSoup:
    links = Links(f"journeys/{identifier}.md")
    html = journey_map(model.journey(identifier), labels, links, **options)
    return BeautifulSoup(str(html), "html.parser")


def lane_names(page: BeautifulSoup) -> list[str]:
    first = page.select_one(".cj-map-page")
    return [head["class"][1].removeprefix("cj-row-") for head in first.select(".cj-lane-head")][1:]


def test_every_cell_belongs_to_exactly_one_step_one_cell_per_lane(example):
    page = map_of(example, "mug-shop-first-order")
    steps = page.select("dl.cj-map-step")
    lanes = lane_names(page)

    assert len(steps) == 13
    for step in steps:
        assert [cell["class"][1] for cell in step.select(".cj-cell")] == [
            f"cj-row-{lane}" for lane in lanes
        ]
    assert len(page.select(".cj-cell")) == 13 * len(lanes)
    assert all(len(cell.find_parents("dl")) == 1 for cell in page.select(".cj-cell"))


def test_lanes_stand_in_the_issues_order_and_empty_ones_are_left_out(example):
    assert lane_names(map_of(example, "mug-shop-first-order")) == [
        "step",
        "action",
        "touchpoints",
        "emotion",
        "feeling",
        "pain_points",
        "opportunities",
        "backstage",
        "reach",
        "duration",
    ]
    assert lane_names(map_of(example, "map-no-touchpoints")) == ["step", "emotion"]


def test_each_column_shows_its_step_linked_to_its_details_and_each_lane_names_itself(example):
    page = map_of(example, "mug-shop-first-order")
    first, order = (
        page.select_one("#cj-map-discovers-shop"),
        page.select_one("#cj-map-order-confirmation"),
    )

    name = first.select_one(".cj-row-step dd")
    assert name.a["href"] == "#step-discovers-shop" and name.a.get_text() == "Discovers the shop"
    assert EN["start"] in name.get_text()
    touchpoints = first.select(".cj-row-touchpoints li")
    assert [(li.a.get_text(), li.select_one(".cj-channel").get_text()) for li in touchpoints] == [
        ('Instagram ad for the "Montagsmuffel" mugs', "Social media"),
        ("Search results for gift ideas", "Search"),
    ]
    assert first.select_one(".cj-row-emotion .cj-words").get_text() == "+1 positive"
    assert [cell.dt.get_text() for cell in first.select(".cj-cell")][:4] == [
        "Step",
        "Action",
        "Touchpoints",
        "Emotion",
    ]
    # The order confirmation is reached by branches only: it says on which conditions.
    conditions = [q.get_text() for q in order.select(".cj-condition q")]
    assert conditions == [
        "checkout completed",
        "returns to the cart and buys",
        "buys with free shipping",
    ]
    reach = order.select_one(".cj-row-reach dd")
    assert reach.strong.get_text() == "530"
    # From several steps: no single drop to name.
    assert reach.select_one(".cj-change") is None
    shipping = page.select_one("#cj-map-shipping-mail .cj-row-reach .cj-change")
    assert shipping.get_text() == "kept 99.6%, lost 0.4%"


def test_the_phase_headers_span_their_steps_with_the_customer_goal_beneath(example):
    page = map_of(example, "mug-shop-first-order")
    heads = page.select(".cj-phase-head:not(.cj-continued)")

    assert [head.select_one(".cj-phase-name a").get_text() for head in heads] == [
        "Awareness",
        "Consideration",
        "Purchase",
        "Retention",
        "Advocacy",
    ]
    assert [re.search(r"--cj-span: (\d+)", head["style"])[1] for head in heads] == [
        "2",
        "2",
        "6",
        "1",
        "2",
    ]
    assert heads[0].select_one(".cj-phase-goal").get_text() == (
        "Notice that there is a problem worth solving and who might solve it."
    )
    assert page.select_one(".cj-map")["style"].startswith("--cj-steps: 13;")


def test_the_mug_shops_long_texts_print_five_columns_a_page_on_a4_and_all_on_one_a2(example):
    a4 = map_of(example, "mug-shop-first-order")
    # Eight columns fit across A4, but with the mug shop's texts they would run off the page's
    # foot: five, wider, do not. Awareness and Consideration (2 + 2); Purchase (6 steps) is
    # wider than a page: it starts one and goes on on the next, with Retention and Advocacy.
    assert "--cj-print-columns: 5" in a4.select_one(".cj-map")["style"]
    assert [page["style"] for page in a4.select(".cj-map-page")] == [
        "--cj-page-steps: 4",
        "--cj-page-steps: 5",
        "--cj-page-steps: 4",
    ]
    continued = a4.select(".cj-map-page")[2].select_one(".cj-phase-head")
    assert "cj-continued" in continued["class"]
    assert continued.select_one(".cj-phase-more").get_text() == EN["map.continued"]
    assert "--cj-print-span: 1" in continued["style"] and "--cj-span: 6" in continued["style"]
    # Every printed page repeats the lane names (the corner, and one per lane).
    assert [len(page.select(".cj-lane-head")) for page in a4.select(".cj-map-page")] == [11] * 3
    a2 = map_of(example, "mug-shop-first-order", print_size="A2")
    assert len(a2.select(".cj-map-page")) == 1
    assert "cj-print-a2" in a2.select_one(".cj-map")["class"]


def test_a_page_gets_fewer_wider_columns_where_its_text_would_run_off_the_foot():
    short = (grid.PrintLane("Action", (("Pays",),) * 20),)
    long = (grid.PrintLane("Action", (("Compares three laptops in every detail " * 40,),) * 20),)

    assert grid.print_columns(short, "A4") == 8
    assert grid.print_columns(long, "A4") < 8
    across = grid.PAPER["A4"][0] - 2 * grid.PRINT_MARGIN - grid.PRINT_LANES
    columns = grid.print_columns(long, "A4")
    down = grid.PAPER["A4"][1] - 2 * grid.PRINT_MARGIN
    assert grid.print_height(long, across / columns) <= down
    assert grid.print_height(long, across / (columns + 1)) > down - grid.PRINT_SAFETY
    # Text no column width can hold: one column a page, the most a page can do.
    endless = (grid.PrintLane("Action", (("word " * 5000,),)),)
    assert grid.print_columns(endless, "A4") == 1


def test_the_stylesheet_prints_the_lane_names_as_wide_as_the_estimate_assumes():
    assert f"[lanes] {grid.PRINT_LANES}mm repeat(var(--cj-page-steps)" in css("cjdocs")
    for size in grid.PAPER:
        assert (
            f"@page cj-map-{size.lower()} {{ size: {size} landscape; margin: {grid.PRINT_MARGIN}mm; }}"
            in css("cjdocs")
        )


def test_a_journey_without_emotions_has_no_emotion_lane_and_no_empty_chart(example):
    page = map_of(example, "map-no-emotions")
    assert "emotion" not in lane_names(page)
    assert page.select("svg") == [] and page.select(".cj-map-curve") == []


def test_on_a_phone_a_compact_curve_links_every_point_to_its_card(example):
    page = map_of(example, "mug-shop-first-order")
    links = [a["href"] for a in page.select(".cj-map-curve svg a")]
    cards = {step["id"] for step in page.select("dl.cj-map-step")}

    assert len(links) == 13 and {link.removeprefix("#") for link in links} == cards
    assert page.select_one(".cj-map-curve")["tabindex"] == "0"
    gauges = page.select(".cj-row-emotion svg.cj-gauge")
    assert len(gauges) == 13
    assert page.select_one(".cj-map-frame")["role"] == "region"


def test_a_german_map_speaks_german(example):
    page = map_of(example, "mug-shop-first-order", DE)
    first = page.select_one("#cj-map-adds-to-cart")

    assert [cell.dt.get_text() for cell in first.select(".cj-cell")] == [
        "Schritt",
        "Handlung",
        "Touchpoints",
        "Emotion",
        "Gefühl und Gedanken",
        "Schmerzpunkte",
        "Chancen",
        "Hinter den Kulissen",
        "Reichweite",
        "Dauer",
    ]
    reminder = page.select_one("#cj-map-cart-reminder .cj-condition")
    assert reminder.get_text() == "wenn cart abandoned for 1 hour"  # the browser adds „“
    assert reminder.q.get_text() == "cart abandoned for 1 hour"
    assert page.select_one(".cj-map-frame")["aria-label"] == (
        "Journey Map von First order in the mug shop"
    )
    assert page.select_one("#cj-map-shipping-mail .cj-change").get_text() == (
        "gehalten 99,6\xa0%, verloren 0,4\xa0%"
    )
    assert page.select_one("#cj-map-adds-to-cart .cj-words").get_text() == "+1 positiv"


def test_hostile_text_in_the_map_stays_text(tmp_path):
    from hostile import write_hostile

    folder = write_hostile(tmp_path / "journeys")
    validation, model = load_model([folder.parent])
    assert model is not None, validation.errors
    for hostile in model.journeys:
        html = str(journey_map(hostile, EN, Links(f"journeys/{hostile.id}.md")))
        page = BeautifulSoup(html, "html.parser")
        assert page.find("script") is None and page.find("img") is None
        assert not any(name.startswith("on") for tag in page.find_all(True) for name in tag.attrs)
        assert "\n\n" not in html  # a blank line would end the HTML block in Markdown
        names = [a.get_text() for a in page.select(".cj-row-step dd > a")]
        assert sorted(names) == sorted(step.name for step in hostile.steps)


def test_a_journey_page_hides_the_table_of_contents_and_shows_the_map_first(example):
    page = journey_page(example.journey("mug-shop-first-order"), EN, Diagrams())
    markdown, _ = page_markdown(page)

    assert 'hide: ["toc"]' in markdown.split("---")[1]
    headings = [section.heading for section in page.sections if section.heading]
    assert headings[:2] == [EN["journey_map"], EN["flow"]]


def test_the_same_journey_gives_the_same_bytes(example):
    identifier = "voltwerk-win-back"
    first = str(journey_map(example.journey(identifier), EN, Links(f"journeys/{identifier}.md")))
    again = str(journey_map(example.journey(identifier), EN, Links(f"journeys/{identifier}.md")))
    assert first.encode() == again.encode()


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(-2, 2)), st.lists(st.integers(0, 11), max_size=3)
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_journey_gives_points_at_column_centres_and_joins_only_along_its_ways(steps):
    count = len(steps)
    phases = list(PHASES)
    shaped = journey(
        *(
            (
                f"s{number}",
                phases[number * 4 // count],
                emotion,
                [f"s{t}" for t in targets if t < count],
            )
            for number, (emotion, targets) in enumerate(steps)
        )
    )
    placed = grid.columns(shaped)
    assert sorted(ids(placed)) == sorted(step.id for step in shaped.steps)
    curve = grid.curve(shaped, placed)
    if all(emotion is None for emotion, _ in steps):
        assert curve is None
        return
    assert all(point.x == point.column + 0.5 for point in curve.points)
    where = {column.index: column.step for column in placed}
    for join in curve.joins:
        # Each join follows the ways from its source, through steps without an emotion only.
        reached, waiting = set(), [where[join.source]]
        while waiting:
            for following in shaped.successors(waiting.pop()):
                if following.id not in reached:
                    reached.add(following.id)
                    if following.emotion is None:
                        waiting.append(following)
        assert where[join.target].id in reached
        assert (join.route == grid.BACK) == (join.target <= join.source)
        if join.route == grid.STRAIGHT:
            assert curve.point(join.source) and curve.point(join.target)
            assert not any(curve.point(c) for c in range(join.source + 1, join.target))
    for column in range(count):
        ET.fromstring(charts.lane_cell(curve, column))  # well-formed


# -- golden files ----------------------------------------------------------------------------------

GOLDEN = FIXTURES / "maps"
CASES = sorted(path for path in GOLDEN.iterdir() if path.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_map_markup_matches_its_golden_file(case, tmp_path):
    assemble(tmp_path, FIXTURES / "base", case)
    validation, model = load_model([tmp_path / "journeys"])
    assert model is not None, validation.errors
    (journey_,) = model.journeys
    language = (case / "language").read_text().strip() if (case / "language").exists() else "en"
    html = (
        str(journey_map(journey_, catalogue(language), Links(f"journeys/{journey_.id}.md"))) + "\n"
    )
    expected = case / "expected.html"
    if os.environ.get("CJDOCS_UPDATE_GOLDEN"):
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")
