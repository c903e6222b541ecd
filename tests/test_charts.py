"""The funnel, as a reader of a journey's page meets it (the emotion curve is the journey
map's lane: test_map.py).

Every story parses the SVG as XML and looks at its elements, never at the string's layout.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import Channel, Journey, Persona, Phase, Source, Step, Touchpoint
from cjdocs.definitions.steps import Way
from cjdocs.render.charts import BAR_LENGTHS, ROW, funnel, funnel_layout

ENGLISH, GERMAN = catalogue("en"), catalogue("de")

SOURCE = Source("t.yaml", 1, 1)
SVG = "{http://www.w3.org/2000/svg}"
AWARENESS = Phase("awareness", "Awareness", 1, None, None, None, (), (), SOURCE)
CONSIDERATION = Phase("consideration", "Consideration", 2, None, None, None, (), (), SOURCE)
PURCHASE = Phase("purchase", "Purchase", 3, None, None, None, (), (), SOURCE)
WEB = Channel("web", "Web", "online", None, (), SOURCE)
SHOP = Touchpoint("shop", "Online shop", WEB, None, None, (AWARENESS,), None, None, (), (), SOURCE)
ANNA = Persona("anna", "Anna", None, None, (), (), (), (WEB,), None, (), SOURCE)


def step(
    identifier: str,
    name: str | None = None,
    *,
    phase: Phase = AWARENESS,
    emotion: int | None = None,
    feeling: str | None = None,
    reach: int | None = None,
    branches: tuple[str, ...] = (),
) -> Step:
    """A step; `branches` names the steps it forks to (otherwise it leads to the next one)."""
    return Step(
        id=identifier,
        name=name if name is not None else identifier.replace("-", " ").capitalize(),
        phase=phase,
        action=None,
        touchpoints=(SHOP,),
        emotion=emotion,
        feeling=feeling,
        thoughts=None,
        pain_points=(),
        opportunities=(),
        backstage=(),
        duration=None,
        reach=reach,
        ways=tuple(Way(target, f"goes to {target}") for target in branches),
        branches=bool(branches),
        source=SOURCE,
    )


def journey(
    *steps: Step,
    name: str = "Buying a laptop",
    identifier: str = "laptop",
    ends: tuple[str, ...] = (),
) -> Journey:
    """A journey of `steps`, each leading to the next unless it branches or `ends` names it."""
    linked = (
        *(
            current
            if current.branches or current.id in ends
            else dataclasses.replace(current, ways=(Way(following.id),))
            for current, following in itertools.pairwise(steps)
        ),
        steps[-1],
    )
    return Journey(
        identifier, name, ANNA, None, None, None, None, "current", None, (), linked, SOURCE
    )


def parse(svg: str | None) -> ET.Element:
    assert svg is not None
    return ET.fromstring(svg)


def with_class(root: ET.Element, name: str, tag: str | None = None) -> list[ET.Element]:
    return [
        element
        for element in root.iter()
        if name in element.get("class", "").split() and (tag is None or element.tag == SVG + tag)
    ]


def texts(root: ET.Element, name: str) -> list[str]:
    return [element.text or "" for element in with_class(root, name, "text")]


def own_title(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    assert title is not None
    return title.text or ""


LAPTOP = journey(
    step("sees-ad", "Sees the ad", emotion=1, feeling="curious", reach=1000),
    step("reads-review", "Reads a review", emotion=-1, feeling="unsure", reach=690),
    step("visits-shop", "Visits the shop", phase=CONSIDERATION, emotion=2, reach=0),
    step("asks-chat", "Asks the chatbot", phase=CONSIDERATION),
    step("pays", "Pays", phase=PURCHASE, emotion=-2, feeling="annoyed", reach=5),
    step("unboxing", "Unboxing", phase=PURCHASE, emotion=0),
)


# -- the funnel --------------------------------------------------------------------------------


def figures_by_row(root: ET.Element) -> list[list[str]]:
    """The figures beside each bar, row by row, by their vertical position."""
    rows: dict[str, list[str]] = {}
    for text in root.iter(f"{SVG}text"):
        if {"cj-figure", "cj-change"} & set(text.get("class").split()):
            rows.setdefault(text.get("y"), []).append(text.text)
    return [rows[y] for y in sorted(rows, key=float)]


def test_the_funnel_geometry_in_numbers():
    layout = funnel_layout(LAPTOP, catalogue("en"))
    assert [row.step.id for row in layout.rows] == [
        "sees-ad",
        "reads-review",
        "visits-shop",
        "pays",
    ]
    assert [row.number for row in layout.rows] == [1, 2, 3, 5]  # places in the journey
    assert [row.length / layout.bar_length for row in layout.rows] == pytest.approx(
        [1.0, 0.69, 0.0, 0.005]
    )
    assert BAR_LENGTHS[0] <= layout.bar_length <= BAR_LENGTHS[1]
    # One row each, evenly spaced; the columns of figures stand right of the bars, in order.
    assert [b.top - a.top for a, b in itertools.pairwise(layout.rows)] == [ROW] * 3
    assert layout.number_right < layout.share_right < layout.change_left < layout.width
    assert layout.height == pytest.approx(layout.rows[-1].top + ROW, abs=ROW)


def test_a_journey_without_reach_has_no_funnel_geometry():
    assert funnel_layout(journey(step("a", "A"), step("b", "B")), catalogue("en")) is None


def test_one_bar_per_step_that_has_a_reach_as_long_as_its_share_of_the_largest():
    root = parse(funnel(LAPTOP))
    bars = with_class(root, "cj-bar", "rect")
    widths = [float(bar.get("width")) for bar in bars]

    assert len(bars) == 4  # "asks-chat" and "unboxing" have no reach
    assert widths[1] / widths[0] == pytest.approx(0.69, abs=0.001)
    assert widths[2] == 0
    assert widths[3] / widths[0] == pytest.approx(0.005, abs=0.001)
    tracks = with_class(root, "cj-track", "rect")
    assert {track.get("width") for track in tracks} == {bars[0].get("width")}


def test_beside_each_bar_the_reach_its_share_of_the_first_and_what_was_kept_and_lost():
    # 1000 -> 690 -> 0 -> 5: the step after a reach of 0 cannot be compared, and must not crash.
    assert figures_by_row(parse(funnel(LAPTOP))) == [
        ["1,000", "100%"],
        ["690", "69%", "kept 69%, lost 31%"],
        ["0", "0%", "kept 0%, lost 100%"],
        ["5", "0.5%", "—"],
    ]


def test_a_growing_reach_is_shown_as_growth():
    grows = journey(step("a", reach=250), step("b", reach=280), step("c", reach=280))

    assert figures_by_row(parse(funnel(grows))) == [
        ["250", "100%"],
        ["280", "112%", "+12%"],
        ["280", "112%", "kept 100%, lost 0%"],
    ]


def test_a_first_reach_of_zero_gives_no_shares_instead_of_an_error():
    empty = journey(step("a", reach=0), step("b", reach=0))

    assert figures_by_row(parse(funnel(empty))) == [["0", "—"], ["0", "—", "—"]]
    assert {bar.get("width") for bar in with_class(parse(funnel(empty)), "cj-bar")} == {"0"}


def test_kept_and_lost_always_add_up_to_a_hundred():
    thirds = journey(
        step("a", reach=3), step("b", reach=1), step("c", reach=2000), step("d", reach=1999)
    )

    rows = figures_by_row(parse(funnel(thirds)))
    assert rows[1][2] == "kept 33.3%, lost 66.7%"
    assert rows[2][2] == "+199,900%"
    assert rows[3][2] == "kept 100%, lost 0%"  # 99.95 rounds to 100, so nothing is lost


def test_after_a_fork_each_branch_is_compared_with_the_step_that_forked():
    # The mug shop: the cart forks to the order or a reminder mail; the reminder forks to the
    # order or to giving up. The order is reached from several steps, so no share is named.
    mug_shop = journey(
        step("cart", "Puts a mug in the cart", reach=1000, branches=("reminder", "order")),
        step("reminder", "Gets a reminder mail", reach=690, branches=("order", "gives-up")),
        step("gives-up", "Leaves without buying", reach=470, branches=("gone",)),
        step("gone", "Is gone"),
        step("order", "Gets the order confirmation", reach=530),
        step("review", "Writes a review", reach=151),
    )
    root = parse(funnel(mug_shop))

    assert figures_by_row(root) == [
        ["1,000", "100%"],
        ["690", "69%", "kept 69%, lost 31%"],
        ["470", "47%", "kept 68.1%, lost 31.9%"],
        ["530", "53%", "—"],  # not "+12.8%" over the branch that stands above it
        ["151", "15.1%", "kept 28.5%, lost 71.5%"],
    ]
    changes = with_class(root, "cj-change", "text")
    assert own_title(changes[0]) == "from Puts a mug in the cart: kept 69%, lost 31%"
    assert own_title(changes[2]) == "comes from several steps"
    assert own_title(changes[3]) == "from Gets the order confirmation: kept 28.5%, lost 71.5%"


def test_a_branch_with_no_reach_before_it_says_so():
    fork = journey(
        step("start", "Starts", branches=("web", "store")),
        step("web", "Buys online", reach=300),
        step("store", "Buys in store", reach=200),
        ends=("web",),
    )
    root = parse(funnel(fork))

    assert figures_by_row(root)[1] == ["200", "66.7%", "—"]
    assert own_title(with_class(root, "cj-change", "text")[0]) == "no step before it has a reach"


def test_every_bar_links_to_its_step_and_names_it():
    root = parse(funnel(LAPTOP))
    links = root.findall(f".//{SVG}a")
    with_reach = [s for s in LAPTOP.steps if s.reach is not None]

    assert [link.get("href") for link in links] == [f"#step-{s.id}" for s in with_reach]
    assert [own_title(link) for link in links] == [s.name for s in with_reach]
    assert texts(root, "cj-label") == [s.name for s in with_reach]


def test_a_screen_reader_hears_every_figure_of_the_funnel_in_words():
    root = parse(funnel(LAPTOP))
    title_id, description_id = root.get("aria-labelledby").split()

    assert root.get("role") == "group"  # "img" would hide the step links inside
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == description_id
    assert root.find(f"{SVG}title").text == "Funnel of Buying a laptop"
    assert root.find(f"{SVG}desc").text == (
        "Step 1, Sees the ad: 1,000 reached, 100% of first step. "
        "Step 2, Reads a review: 690 reached, 69% of first step, from Sees the ad: kept 69%, lost 31%. "
        "Step 3, Visits the shop: 0 reached, 0% of first step, from Reads a review: kept 0%, lost 100%. "
        "Step 5, Pays: 5 reached, 0.5% of first step, from Visits the shop: "
        "not comparable, the step before reached 0."
    )


def test_a_journey_without_reach_has_no_funnel():
    assert funnel(journey(step("a", emotion=1), step("b"))) is None


# -- both charts -------------------------------------------------------------------------------


def test_a_german_site_shows_german_words_and_numbers_and_no_english_labels():
    big = journey(
        step("a", "A", emotion=-2, reach=1_234_567),
        step("b", "B", emotion=-1, reach=1000),
        step("c", "C", emotion=0, reach=1200),
        step("d", "D", emotion=1, reach=0),
        step("e", "E", emotion=2, reach=7),
        name="Anna kauft",
    )
    trichter = parse(funnel(big, GERMAN))

    assert trichter.find(f"{SVG}title").text == "Trichter von Anna kauft"
    assert figures_by_row(trichter) == [
        ["1.234.567", "100\xa0%"],
        ["1.000", "0,1\xa0%", "gehalten 0,1\xa0%, verloren 99,9\xa0%"],
        ["1.200", "0,1\xa0%", "+20\xa0%"],
        ["0", "0\xa0%", "gehalten 0\xa0%, verloren 100\xa0%"],
        ["7", "0\xa0%", "—"],
    ]
    words = " ".join(trichter.itertext())
    chart_words = [key for key in ENGLISH if key.startswith("funnel.") or key in ("step", "reach")]
    for key in chart_words:
        english, german = ENGLISH[key], GERMAN[key]
        if english != german:
            phrase = english.replace("{name}", "").strip()
            assert not re.search(rf"\b{re.escape(phrase)}\b", words), key


# Text that breaks markup, quoting or layout when not escaped; and characters XML cannot hold.
NASTY = (
    '<script>alert("x")</script>',
    "<x>] ; evil [label=\"pwned\" URL='javascript:alert(1)'] ; y [label=<z>",
    'quote " and \\" and \\N and a trailing backslash \\',
    "ampersand & entity &amp; &lt;b&gt; <img src=x onerror=alert(1)> ]]> <!-- x -->",
    "line one\nline two\r\nline three\n\nafter a blank line\ttab",
    "»Anführung« ünïcödé – emoji 😀🛒 👩‍👩‍👧 e\u0301",
    "long " * 120,
)
CONTROL = "bell \x07 null \x00 escape \x1b form feed \x0c not a character \ufffe end"
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def hostile_journey() -> Journey:
    phases = [
        Phase(f"phase-{n}", text, n, None, None, None, (), (), SOURCE)
        for n, text in enumerate(NASTY[:3])
    ]
    names = [*NASTY, CONTROL, "x" * 500]
    steps = [
        step(
            f"step-{n}",
            name,
            phase=phases[n * 3 // len(names)],
            emotion=n % 5 - 2,
            feeling=names[(n + 3) % len(names)],
            reach=1000 - 90 * n,
        )
        for n, name in enumerate(names)
    ]
    steps.append(step('odd"<id>&', "Odd id", phase=phases[2], emotion=0, reach=1))
    return journey(*steps, name=NASTY[0] + NASTY[2], identifier='j"<&>')


def without_control(text: str) -> str:
    """What XML can hold of `text`: the rest cannot come from the loader, and is dropped."""
    return NOT_XML.sub("", text)


@pytest.mark.parametrize("chart", [funnel])
def test_hostile_text_is_shown_exactly_as_written_and_never_as_markup(chart):
    hostile = hostile_journey()
    svg = chart(hostile)
    root = parse(svg)

    # Nothing from a definition became an element or an attribute.
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {
        "svg",
        "title",
        "desc",
        "style",
        "g",
        "rect",
        "text",
        "line",
        "path",
        "circle",
        "a",
    }
    assert all(not name.startswith("on") for element in root.iter() for name in element.attrib)
    hrefs = [link.get("href") for link in root.iter(f"{SVG}a")]
    assert hrefs == [f"#step-{s.id}" for s in hostile.steps]
    # ... and reads back as written: quotes, backslashes, line breaks (CR LF too), emoji.
    title = root.find(f"{SVG}title").text
    assert title.endswith(hostile.name) and title != hostile.name
    tooltips = [own_title(link) for link in root.iter(f"{SVG}a")]
    for tooltip, shown in zip(tooltips, hostile.steps, strict=True):
        assert tooltip == without_control(shown.name)
    assert tooltips[0].startswith('<script>alert("x")</script>')
    assert "line one\nline two\r\nline three\n\nafter a blank line\ttab" in tooltips[4]
    # A blank line would end the HTML block the SVG stands in on a Markdown page.
    assert "\n\n" not in svg
    assert "\r" not in svg


@pytest.mark.parametrize("chart", [funnel])
def test_the_same_journey_gives_the_same_bytes(chart):
    first = chart(hostile_journey())
    again = chart(hostile_journey())

    assert first == again
    assert first.encode("utf-8") == chart(hostile_journey(), ENGLISH).encode("utf-8")
