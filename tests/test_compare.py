"""Journeys compared: one emotion line per journey, aligned by phase, with the averages beneath.

The geometry (compare.py) is tested in numbers: which phases become columns, where each step's
point stands inside its phase's column, which points are joined, where the lines' numbers
stand. The pages are tested in real builds: the persona's page, the page of a journey that
names others with `compare:` (the example's future state and its current one), the journeys
index linking both, five personas' journeys in one comparison, and the key's checks.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import Journey, Persona, Phase, Source, Step
from cjdocs.definitions.steps import Way
from cjdocs.definitions.validation import load_model
from cjdocs.render import compare
from conftest import EXAMPLE, ROOT, run_cjdocs

SOURCE = Source("t.yaml", 1, 1)
PHASES = {
    name: Phase(name, name.capitalize(), order, None, None, None, (), (), SOURCE)
    for order, name in enumerate(("awareness", "consideration", "purchase", "retention"), 1)
}
ANNA = Persona("anna", "Anna", None, None, (), (), (), (), None, (), SOURCE)
SVG = "{http://www.w3.org/2000/svg}"


def journey(identifier: str, *steps: tuple, state: str = "current") -> Journey:
    """A journey from (id, phase, emotion, ways) tuples: `ways` lists the steps a step leads
    to; None leads to the step after it."""
    built = []
    for number, (step_id, phase, emotion, ways) in enumerate(steps):
        if ways is None:
            ways = [steps[number + 1][0]] if number + 1 < len(steps) else []
        built.append(
            Step(
                step_id,
                step_id.capitalize(),
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
                tuple(Way(target) for target in ways),
                False,
                SOURCE,
            )
        )
    return Journey(
        identifier,
        identifier.upper(),
        ANNA,
        None,
        None,
        None,
        None,
        state,
        None,
        (),
        tuple(built),
        SOURCE,
    )


TODAY = journey(
    "today",
    ("ad", "awareness", -1, None),
    ("reads", "consideration", 0, None),
    ("compares", "consideration", -2, None),
    ("asks", "consideration", 1, None),
    ("buys", "purchase", 1, None),
)
# The target picture skips consideration and adds retention.
TARGET = journey(
    "target",
    ("ad", "awareness", 1, None),
    ("buys", "purchase", 2, ["keeps", "returns"]),
    ("keeps", "retention", 2, []),
    ("returns", "retention", -1, []),
    state="future",
)


def places(line: compare.ComparedLine) -> list[tuple[str, float, int]]:
    return [(point.step.id, round(point.x, 4), point.emotion) for point in line.points]


# -- the numbers ---------------------------------------------------------------------------------


def test_every_phase_any_journey_touches_is_a_column_in_phase_order():
    compared = compare.comparison([TARGET, TODAY])

    assert [phase.id for phase in compared.phases] == [
        "awareness",
        "consideration",
        "purchase",
        "retention",
    ]
    assert [line.key for line in compared.lines] == [1, 2]
    assert [line.journey.id for line in compared.lines] == ["target", "today"]


def test_each_journeys_steps_are_spread_evenly_inside_their_phase_column():
    today, target = compare.comparison([TODAY, TARGET]).lines

    # Consideration is column 1: three steps at its sixths, one, three and five.
    assert places(today) == [
        ("ad", 0.5, -1),
        ("reads", round(1 + 1 / 6, 4), 0),
        ("compares", 1.5, -2),
        ("asks", round(1 + 5 / 6, 4), 1),
        ("buys", 2.5, 1),
    ]
    # No step in consideration: no point there; two steps share retention (column 3).
    assert places(target) == [
        ("ad", 0.5, 1),
        ("buys", 2.5, 2),
        ("keeps", 3.25, 2),
        ("returns", 3.75, -1),
    ]


def test_lines_join_along_the_ways_a_branch_forks_and_a_dead_end_ends_the_line():
    today, target = compare.comparison([TODAY, TARGET]).lines

    assert today.joins == ((0, 1), (1, 2), (2, 3), (3, 4))
    # "buys" forks to "keeps" and "returns", both of which end the journey: no join between them.
    assert target.joins == ((0, 1), (1, 2), (1, 3))


def test_a_way_back_is_left_to_the_map_and_steps_without_emotion_are_passed():
    looped = journey(
        "looped",
        ("mail", "awareness", 0, None),
        ("silent", "awareness", None, None),
        ("reminder", "consideration", -1, ["mail", "buys"]),
        ("buys", "purchase", 2, []),
    )
    (line,) = compare.comparison([looped]).lines

    # The step without an emotion keeps its place (awareness holds two steps) but has no point.
    assert places(line) == [("mail", 0.25, 0), ("reminder", 1.5, -1), ("buys", 2.5, 2)]
    assert line.joins == ((0, 1), (1, 2))  # the reminder's way back to the mail is not drawn


def test_the_averages_are_per_phase_and_none_where_a_journey_has_no_emotion_there():
    today, target = compare.comparison([TODAY, TARGET]).lines

    assert today.averages == (-1.0, pytest.approx(-1 / 3), 1.0, None)
    assert target.averages == (1.0, None, 2.0, 0.5)
    silent = journey("silent", ("ad", "awareness", None, None), ("buys", "purchase", None, None))
    line = compare.comparison([TODAY, silent]).lines[1]
    assert line.points == () and line.joins == () and line.averages == (None, None, None)


def test_five_lines_differ_in_colour_dashes_and_point_shape_and_a_sixth_is_refused():
    five = [journey(f"j{n}", ("ad", "awareness", n - 2, None)) for n in range(5)]
    styles = [line.style for line in compare.comparison(five).lines]

    assert len({style.colour for style in styles}) == 5
    assert len({style.dashes for style in styles}) == 5
    assert len({style.shape for style in styles}) == 5
    with pytest.raises(ValueError, match="at most 5"):
        compare.comparison([*five, journey("j6", ("ad", "awareness", 0, None))])


def test_numbers_of_lines_ending_at_the_same_point_are_moved_apart():
    same = [journey(f"j{n}", ("ad", "awareness", 1, None)) for n in range(3)]
    compared = compare.comparison(same)
    labels = compare.label_places(compared)

    x = compare.plot_x(0.5) + compare.POINT + 4
    y = compare.plot_y(1) + 4
    step = compare.LABEL_GAP[1]
    assert labels == {1: (x, y), 2: (x, y + step), 3: (x, y + 2 * step)}


def test_a_point_stands_at_its_pixels_in_the_chart():
    compared = compare.comparison([TODAY, TARGET])
    svg = ET.fromstring(
        compare.comparison_svg(
            compared, catalogue("en"), identifier="t", step_href=lambda j, s: f"#{j.id}-{s.id}"
        )
    )
    links = svg.findall(f".//{SVG}a")
    first = links[0]
    circle = first.find(f"{SVG}circle")
    assert float(circle.get("cx")) == compare.AXIS + 0.5 * compare.PHASE_WIDTH
    assert float(circle.get("cy")) == compare.plot_y(-1)
    assert first.get("href") == "#today-ad"
    assert first.find(f"{SVG}title").text == "1. TODAY: Ad, −1 negative"
    width, height = compare.size(compared)
    assert (float(svg.get("width")), float(svg.get("height"))) == (width, height)


def named(identifier: str, *others: str) -> Journey:
    steps = journey(identifier, ("ad", "awareness", 1, None)).steps
    return Journey(
        identifier, identifier.upper(), ANNA, None, None, None, None, "current", None, (),
        steps, SOURCE, compare=others,
    )  # fmt: skip


def test_named_sets_count_each_journey_once_and_each_set_once():
    from cjdocs.definitions.model import Model

    model = Model(
        (ANNA,),
        tuple(PHASES.values()),
        (),
        (),
        (named("a", "b", "b", "a"), named("b", "a"), named("c", "c"), named("d")),
    )

    # a names b (twice) and itself; b names a: one page, a's. c names only itself, d none.
    sets = compare.named_sets(model)
    assert [(s.identifier, [j.id for j in s.journeys]) for s in sets] == [("a", ["a", "b"])]


# -- the key -----------------------------------------------------------------------------------------


def write_project(folder: Path, extra: dict[str, str] | None = None) -> Path:
    """The example with the given files added (relative name → YAML text)."""
    shutil.copytree(EXAMPLE, folder / "journeys")
    shutil.copyfile(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Journeys\n", encoding="utf-8")
    for name, text in (extra or {}).items():
        (folder / "journeys" / name).write_text(text, encoding="utf-8")
    return folder


def test_compare_naming_a_journey_that_does_not_exist_says_which_was_meant(tmp_path):
    folder = write_project(tmp_path)
    path = folder / "journeys" / "laptop-purchase-future.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - laptop-omnichannel-purchase\n", "  - laptop-omnichanel-purchase\n", 1
        ),
        encoding="utf-8",
    )

    result = run_cjdocs("validate", cwd=folder)

    assert result.returncode == 1
    assert (
        "journeys/laptop-purchase-future.yaml:22:5: error: "
        "no journey 'laptop-omnichanel-purchase' (did you mean 'laptop-omnichannel-purchase'?) "
        "[unknown-reference]"
    ) in result.stdout


def test_compare_naming_more_than_four_others_is_a_schema_error(tmp_path):
    folder = write_project(tmp_path)
    path = folder / "journeys" / "laptop-purchase-future.yaml"
    others = "".join(
        f"  - {name}\n" for name in ("mug-shop-first-order", "voltwerk-win-back", "a", "b")
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace("compare:\n", "compare:\n" + others, 1),
        encoding="utf-8",
    )

    result = run_cjdocs("validate", cwd=folder)

    assert result.returncode == 1
    assert "journeys/laptop-purchase-future.yaml:" in result.stdout
    assert (
        "error: compare takes at most 4 entries, not 5: keep the ones that matter most [schema]"
    ) in result.stdout


# -- in a real build ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    folder = write_project(tmp_path_factory.mktemp("compare"))
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    return folder / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def chart_lines(block) -> list[dict]:
    """Each line of a comparison chart as a reader tells it apart: its number, colour, dashes
    and point shape, and the steps its points link to."""
    svg = block.find("svg", class_="cj-compare")
    found = []
    for group in svg.find_all("g", class_="cj-compare-line"):
        segment = group.find("line")
        point = group.find("a").find(["circle", "rect", "polygon"])
        found.append(
            {
                "key": group.find("text", class_="cj-compare-key").get_text(),
                "colour": point["fill"],
                "dashes": segment.get("stroke-dasharray", "") if segment else None,
                "shape": next(c for c in point["class"] if c.startswith("cj-shape-")),
                "links": [a["href"] for a in group.find_all("a")],
            }
        )
    return found


def table_rows(block) -> list[list[str]]:
    table = block.find("table", class_="cj-compare-table")
    return [
        [" ".join(cell.get_text().split()) for cell in row.find_all(["th", "td"])]
        for row in table.find_all("tr")
    ]


def test_the_future_state_and_its_current_one_are_compared_on_a_page_of_their_own(example_site):
    html = page(example_site, "journeys/compare/laptop-purchase-future")
    block = html.find(id="cj-compare")

    assert html.find("h1").get_text() == (
        "Buying a laptop across store and web shop (target picture) compared"
    )
    lines = chart_lines(block)
    assert [line["key"] for line in lines] == ["1", "2"]
    assert lines[0]["colour"] != lines[1]["colour"]
    assert lines[0]["dashes"] != lines[1]["dashes"]
    assert lines[0]["shape"] != lines[1]["shape"]
    # Each point links to its step on its journey's page.
    assert lines[0]["links"][0] == "../../../journeys/laptop-purchase-future/#step-notices-campaign"
    assert all(
        link.startswith("../../../journeys/laptop-omnichannel-purchase/#step-")
        for link in lines[1]["links"]
    )
    rows = table_rows(block)
    assert rows[0] == [
        "Journey",
        "Awareness",
        "Consideration",
        "Purchase",
        "Retention",
        "Advocacy",
        "Whole journey",
    ]
    assert (
        rows[1][0]
        == "1 Buying a laptop across store and web shop (target picture) (Lena Hoffmann, future)"
    )
    assert rows[2][0] == "2 Buying a laptop across store and web shop (Lena Hoffmann, current)"
    # The averages as the journey pages give them.
    assert rows[2][-1] == "+0.3"
    assert rows[1][-1] == "+1.4"


def test_a_personas_page_compares_its_journeys_and_others_have_none(example_site):
    student = page(example_site, "personas/student").find(id="cj-compare")
    assert [row[0].split(" (Lena")[0] for row in table_rows(student)[1:]] == [
        "1 Buying a laptop across store and web shop",
        "2 Buying a laptop across store and web shop (target picture)",
    ]
    assert len(chart_lines(student)) == 2
    # Sabine has one journey: nothing to compare, and no empty chart.
    assert page(example_site, "personas/gift-buyer").find(id="cj-compare") is None


def test_the_journeys_index_links_every_comparison(example_site):
    index = page(example_site, "journeys")
    heading = index.find(lambda tag: tag.name == "h2" and tag.get_text().startswith("Comparisons"))
    links = [(a.get_text(), a["href"]) for a in heading.find_next("ul").find_all("a")]

    assert links == [
        (
            "Buying a laptop across store and web shop (target picture) compared",
            "../journeys/compare/laptop-purchase-future/",
        ),
        ("Journeys of Lena Hoffmann compared", "../personas/student/#cj-compare"),
    ]


def test_each_journey_compared_links_its_comparison_from_its_summary(example_site):
    def compared_links(url: str) -> list[tuple[str, str]]:
        summary = page(example_site, url).find(class_="cj-summary")
        label = summary.find("dt", string="Comparisons")
        if label is None:
            return []
        return [(a.get_text(), a["href"]) for a in label.find_next("dd").find_all("a")]

    expected = [
        (
            "Buying a laptop across store and web shop (target picture) compared",
            "../../journeys/compare/laptop-purchase-future/",
        )
    ]
    # The journey that names the other, and the one it names.
    assert compared_links("journeys/laptop-purchase-future") == expected
    assert compared_links("journeys/laptop-omnichannel-purchase") == expected
    # A journey in no comparison has no such row.
    assert compared_links("journeys/mug-shop-first-order") == []


def five_personas() -> dict[str, str]:
    """Five personas taking the mug shop's first steps, the first naming the other four."""
    documents = []
    feelings = (-2, -1, 0, 1, 2)
    for number in range(1, 6):
        documents.append({"kind": "persona", "id": f"buyer-{number}", "name": f"Käuferin {number}"})
        documents.append(
            {
                "kind": "journey",
                "id": f"order-{number}",
                "name": f"Erste Bestellung {number}",
                "persona": f"buyer-{number}",
                **({"compare": [f"order-{n}" for n in range(2, 6)]} if number == 1 else {}),
                "steps": [
                    {
                        "id": "sees",
                        "name": "Sieht die Werbung",
                        "phase": "awareness",
                        "emotion": feelings[number - 1],
                    },
                    {
                        "id": "orders",
                        "name": "Bestellt",
                        "phase": "purchase",
                        "emotion": feelings[-number],
                    },
                ],
            }
        )
    return {"five.yaml": yaml.safe_dump_all(documents, allow_unicode=True, sort_keys=False)}


def test_five_personas_journeys_compared_in_german(tmp_path):
    folder = write_project(tmp_path, five_personas())
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: de"))

    result = run_cjdocs("build", cwd=folder, timeout=600)

    assert result.returncode == 0, result.stderr
    html = page(folder / "site", "journeys/compare/order-1")
    assert html.find("h1").get_text() == "Erste Bestellung 1 im Vergleich"
    block = html.find(id="cj-compare")
    lines = chart_lines(block)
    assert [line["key"] for line in lines] == ["1", "2", "3", "4", "5"]
    for feature in ("colour", "dashes", "shape"):
        assert len({line[feature] for line in lines}) == 5, feature
    rows = table_rows(block)
    assert rows[0][0] == "Journey" and rows[0][-1] == "Ganze Journey"
    assert [row[0] for row in rows[1:]] == [
        f"{n} Erste Bestellung {n} (Käuferin {n}, heute)" for n in range(1, 6)
    ]
    # Each journey's average in awareness and purchase, in German numbers.
    assert [row[1:3] for row in rows[1:]] == [
        ["−2,0", "+2,0"],
        ["−1,0", "+1,0"],
        ["0,0", "0,0"],
        ["+1,0", "−1,0"],
        ["+2,0", "−2,0"],
    ]
    assert block.find("caption").get_text() == "Durchschnittliche Emotion je Phase"


def test_a_persona_with_more_than_five_journeys_compares_the_first_five_and_says_so(tmp_path):
    documents = [
        {
            "kind": "journey",
            "id": f"visit-{number}",
            "name": f"Visit {number}",
            "persona": "gift-buyer",
            "steps": [{"id": "comes", "name": "Comes", "phase": "purchase", "emotion": 1}],
        }
        for number in range(1, 7)
    ]
    folder = write_project(
        tmp_path, {"visits.yaml": yaml.safe_dump_all(documents, sort_keys=False)}
    )

    result = run_cjdocs("build", cwd=folder, timeout=600)

    assert result.returncode == 0, result.stderr
    block = page(folder / "site", "personas/gift-buyer").find(id="cj-compare")
    assert len(chart_lines(block)) == 5
    assert block.find(class_="cj-compare-note").get_text() == (
        "The first 5 of 7 journeys are compared. To compare others, name them with compare: "
        "in a journey."
    )


def test_the_comparison_svg_is_well_formed_and_its_ids_unique_on_the_page(example_site):
    raw = (example_site / "personas" / "student" / "index.html").read_text(encoding="utf-8")
    html = BeautifulSoup(raw, "html.parser")
    svg = html.find("svg", class_="cj-compare")
    ET.fromstring(str(svg))
    ids = [element["id"] for element in html.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_the_example_definitions_name_the_pair():
    _, model = load_model([EXAMPLE])
    assert model.journey("laptop-purchase-future").compare == ("laptop-omnichannel-purchase",)


def test_hostile_text_in_a_comparison_stays_text(tmp_path):
    from cjdocs.render.markup import xml_text
    from hostile import NASTY, write_hostile

    _, model = load_model([write_hostile(tmp_path / "journeys")])
    (hostile,) = model.journeys
    svg = compare.comparison_svg(
        compare.comparison([hostile]),
        catalogue("en"),
        identifier="x",
        step_href=lambda journey, step: f"#step-{step.id}",
    )
    root = ET.fromstring(svg)

    assert not [
        element for element in root.iter() if element.tag in (f"{SVG}script", f"{SVG}foreignObject")
    ]
    assert all(not name.startswith("on") for element in root.iter() for name in element.attrib)
    assert root.find(f"{SVG}title").text == f"Emotions by phase: 1. {xml_text(NASTY[0])}"
    titles = [title.text for title in root.iter(f"{SVG}title")]
    assert any(
        xml_text(step.name) in title
        for step in hostile.steps
        if step.emotion is not None
        for title in titles
    )


def test_the_json_export_names_the_journeys_compared(tmp_path):
    import json

    folder = write_project(tmp_path)

    result = run_cjdocs("export", "--format", "json", cwd=folder)

    assert result.returncode == 0, result.stderr
    journeys = {journey["id"]: journey for journey in json.loads(result.stdout)["journeys"]}
    assert journeys["laptop-purchase-future"]["compare"] == ["laptop-omnichannel-purchase"]
    assert journeys["mug-shop-first-order"]["compare"] == []
