"""The emotion curve and the funnel, as a reader of a journey's page meets them.

Every story parses the SVG as XML and looks at its elements, never at the string's layout.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import Channel, Journey, Persona, Phase, Source, Step, Touchpoint
from cjdocs.definitions.steps import Way
from cjdocs.render.charts import EMOTION_COLOURS, emotion_curve, funnel
from cjdocs.render.palette import EMOTION_COLOURS as PALETTE

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


# -- the emotion curve -------------------------------------------------------------------------


def test_a_reader_sees_one_point_per_step_that_has_an_emotion():
    points = with_class(parse(emotion_curve(LAPTOP)), "cj-point", "circle")

    assert len(points) == 5


def test_a_happier_step_stands_higher():
    points = with_class(parse(emotion_curve(LAPTOP)), "cj-point", "circle")
    emotions = [s.emotion for s in LAPTOP.steps if s.emotion is not None]
    heights = [float(point.get("cy")) for point in points]

    # SVG's y grows downwards: sorting by emotion must sort y the other way.
    by_emotion = [y for _, y in sorted(zip(emotions, heights, strict=True))]
    assert by_emotion == sorted(by_emotion, reverse=True)
    assert len(set(heights)) == len(set(emotions))


def test_points_stand_in_journey_order_and_a_step_without_emotion_keeps_its_slot():
    root = parse(emotion_curve(LAPTOP))
    xs = [float(point.get("cx")) for point in with_class(root, "cj-point", "circle")]
    pitch = xs[1] - xs[0]

    assert xs == sorted(xs)
    # "asks-chat" (4th step) has no emotion: "pays" stands two slots after "visits-shop".
    assert xs[3] - xs[2] == pytest.approx(2 * pitch)
    # The line bridges the missing step with a dashed segment.
    assert with_class(root, "cj-line-gap", "path")
    assert len(with_class(root, "cj-label", "text")) == len(LAPTOP.steps)


def test_the_zero_line_runs_across_the_chart_with_ticks_from_minus_two_to_two():
    root = parse(emotion_curve(LAPTOP))
    (zero,) = with_class(root, "cj-zero", "line")
    neutral = next(
        p for p in with_class(root, "cj-point", "circle") if "cj-emotion-0" in p.get("class")
    )

    assert zero.get("y1") == zero.get("y2") == neutral.get("cy")
    assert texts(root, "cj-tick") == ["+2", "+1", "0", "−1", "−2"]


def test_each_run_of_steps_in_one_phase_gets_a_band_named_after_the_phase():
    back_and_forth = journey(
        step("a", phase=AWARENESS, emotion=1),
        step("b", phase=AWARENESS, emotion=1),
        step("c", phase=CONSIDERATION, emotion=0),
        step("d", phase=AWARENESS, emotion=-1),
    )
    bands = with_class(parse(emotion_curve(back_and_forth)), "cj-band", "g")

    assert [texts(band, "cj-band-label") for band in bands] == [
        ["Awareness"],
        ["Consideration"],
        ["Awareness"],
    ]
    assert [own_title(band) for band in bands] == ["Awareness", "Consideration", "Awareness"]
    fills = ["cj-band-a" in band.get("class") for band in bands]
    assert fills == [True, False, True]
    widths = [float(band.find(f"{SVG}rect").get("width")) for band in bands]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[1] == pytest.approx(widths[2])


def test_every_step_links_to_its_place_on_the_page():
    root = parse(emotion_curve(LAPTOP))
    links = root.findall(f".//{SVG}a")

    assert [link.get("href") for link in links] == [f"#step-{s.id}" for s in LAPTOP.steps]
    assert all(
        link.find(f"{SVG}circle") is not None
        for link in links
        if link.get("href") != "#step-asks-chat"
    )


def test_a_screen_reader_hears_the_title_and_every_step_with_its_emotion_in_words():
    root = parse(emotion_curve(LAPTOP))
    title_id, description_id = root.get("aria-labelledby").split()

    assert root.get("role") == "group"  # "img" would hide the step links inside
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Emotion curve of Buying a laptop"
    assert root.find(f"{SVG}desc").get("id") == description_id
    assert root.find(f"{SVG}desc").text == (
        "Step 1, Sees the ad: +1 positive (curious); "
        "Step 2, Reads a review: −1 negative (unsure); "
        "Step 3, Visits the shop: +2 very positive; "
        "Step 4, Asks the chatbot: no emotion given; "
        "Step 5, Pays: −2 very negative (annoyed); "
        "Step 6, Unboxing: 0 neutral."
    )


def test_colour_follows_the_emotion_and_the_value_is_written_too():
    root = parse(emotion_curve(LAPTOP))
    emotions = [s.emotion for s in LAPTOP.steps if s.emotion is not None]
    points = with_class(root, "cj-point", "circle")
    keys = {-2: "m2", -1: "m1", 0: "0", 1: "1", 2: "2"}

    assert EMOTION_COLOURS is PALETTE  # one scale for the flow diagram and the charts
    for emotion, point in zip(emotions, points, strict=True):
        assert f"cj-emotion-{keys[emotion]}" in point.get("class").split()
        assert point.get("fill") == EMOTION_COLOURS[emotion]
    assert texts(root, "cj-value") == ["+1", "−1", "+2", "−2", "0"]
    style = root.find(f"{SVG}style").text
    for emotion, colour in EMOTION_COLOURS.items():
        assert f"var(--cj-emotion-{keys[emotion]}, {colour})" in style


def test_text_and_lines_follow_the_theme_colour_in_light_and_dark_schemes():
    root = parse(emotion_curve(LAPTOP))
    style = root.find(f"{SVG}style").text

    assert "svg.cj-chart text { fill: currentColor;" in style
    # Every rule is scoped: an inline SVG's style applies to the whole page.
    rules = [rule for rule in style.split("\n") if rule.strip()]
    assert all(rule.startswith("svg.cj-chart") for rule in rules)
    # Only the value written on a coloured point has a fixed text colour.
    fixed = [text for text in root.iter(f"{SVG}text") if text.get("fill")]
    assert all("cj-value" in text.get("class") for text in fixed)
    assert not any(
        element.get(attribute) in ("#000", "#000000", "black", "#fff", "#ffffff", "white")
        for element in root.iter()
        if "cj-value" not in element.get("class", "")
        for attribute in ("fill", "stroke")
    )


def test_a_long_step_name_is_shortened_and_shown_whole_in_its_tooltip():
    name = "Compares three laptops in detail with the filter and the comparison table " * 3
    root = parse(emotion_curve(journey(step("compares", name, emotion=-1, feeling="lost"))))
    (label,) = texts(root, "cj-label")
    (link,) = root.findall(f".//{SVG}a")

    assert label.endswith("…") and len(label) < 40
    assert name.startswith(label[:-1])
    assert own_title(link) == f"{name}\n−1 negative (lost)"


def test_a_journey_without_emotions_has_no_curve():
    assert emotion_curve(journey(step("a", reach=10), step("b"))) is None


def test_a_twenty_step_journey_stays_about_as_wide_as_a_content_column():
    long = journey(
        *(step(f"step-{n}", f"Step number {n} of many", emotion=n % 5 - 2) for n in range(20))
    )
    root = parse(emotion_curve(long))
    width = float(root.get("viewBox").split()[2])

    # Shown in a column of about 700 px, text is scaled by no less than 0.75.
    assert width < 700 / 0.75
    assert len(with_class(root, "cj-point", "circle")) == 20


# -- the funnel --------------------------------------------------------------------------------


def figures_by_row(root: ET.Element) -> list[list[str]]:
    """The figures beside each bar, row by row, by their vertical position."""
    rows: dict[str, list[str]] = {}
    for text in root.iter(f"{SVG}text"):
        if {"cj-figure", "cj-change"} & set(text.get("class").split()):
            rows.setdefault(text.get("y"), []).append(text.text)
    return [rows[y] for y in sorted(rows, key=float)]


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
    curve, trichter = parse(emotion_curve(big, GERMAN)), parse(funnel(big, GERMAN))

    assert curve.find(f"{SVG}title").text == "Emotionskurve von Anna kauft"
    assert trichter.find(f"{SVG}title").text == "Trichter von Anna kauft"
    assert curve.find(f"{SVG}desc").text.startswith("Schritt 1, A: −2 sehr negativ; ")
    assert figures_by_row(trichter) == [
        ["1.234.567", "100\xa0%"],
        ["1.000", "0,1\xa0%", "gehalten 0,1\xa0%, verloren 99,9\xa0%"],
        ["1.200", "0,1\xa0%", "+20\xa0%"],
        ["0", "0\xa0%", "gehalten 0\xa0%, verloren 100\xa0%"],
        ["7", "0\xa0%", "—"],
    ]
    words = " ".join(" ".join(root.itertext()) for root in (curve, trichter))
    chart_words = [
        key
        for key in ENGLISH
        if key.startswith(("curve.", "funnel.", "emotion.")) or key in ("step", "reach")
    ]
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


@pytest.mark.parametrize("chart", [emotion_curve, funnel])
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
        if chart is emotion_curve:
            assert tooltip.startswith(without_control(shown.name) + "\n")
        else:
            assert tooltip == without_control(shown.name)
    assert tooltips[0].startswith('<script>alert("x")</script>')
    assert "line one\nline two\r\nline three\n\nafter a blank line\ttab" in tooltips[4]
    if chart is emotion_curve:
        bands = [own_title(band) for band in with_class(root, "cj-band", "g")]
        assert bands == list(NASTY[:3])
        assert "(" + without_control(CONTROL) + ")" in root.find(f"{SVG}desc").text
    # A blank line would end the HTML block the SVG stands in on a Markdown page.
    assert "\n\n" not in svg
    assert "\r" not in svg


@pytest.mark.parametrize("chart", [emotion_curve, funnel])
def test_the_same_journey_gives_the_same_bytes(chart):
    first = chart(hostile_journey())
    again = chart(hostile_journey())

    assert first == again
    assert first.encode("utf-8") == chart(hostile_journey(), ENGLISH).encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(max_size=80), st.one_of(st.none(), st.integers(-2, 2)), st.text(max_size=20)
        ),
        min_size=1,
        max_size=25,
    ),
    st.text(max_size=60),
)
def test_any_names_and_emotions_give_a_well_formed_curve_with_one_point_per_emotion(steps, name):
    drawn = journey(
        *(
            step(
                f"s-{n}",
                text,
                phase=CONSIDERATION if n % 3 else AWARENESS,
                emotion=emotion,
                feeling=feeling or None,
            )
            for n, (text, emotion, feeling) in enumerate(steps)
        ),
        name=name,
    )
    svg = emotion_curve(drawn)
    emotions = [emotion for _, emotion, _ in steps if emotion is not None]
    if not emotions:
        assert svg is None
        return
    root = parse(svg)
    assert len(with_class(root, "cj-point", "circle")) == len(emotions)
    for link, (text, _, _) in zip(root.iter(f"{SVG}a"), steps, strict=True):
        assert own_title(link).startswith(without_control(text) + "\n")
