"""The service blueprint: a step's frontstage, support and evidence lanes beside its backstage,
the `system` kind its support names, the blueprint view on the journey's page, and the pages
of the systems ("what breaks for customers if the ERP is down?").

Checked as an editor meets them (the real `cjdocs validate`), as a reader does (real MkDocs
builds, parsed), against golden files in fixtures/blueprints/ (CJDOCS_UPDATE_GOLDEN=1 rewrites
them after a deliberate change: read the diff), and in a real Chromium: on screen, on a phone
and printed on one A4 landscape page.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import browsing
import pytest
import yaml
from browsing import serious_problems, served, shoot
from bs4 import BeautifulSoup

from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import Support
from cjdocs.definitions.schema import load_schema
from cjdocs.definitions.validation import load_model
from cjdocs.render import blueprint, pages
from cjdocs.render import map as grid
from conftest import EXAMPLE, FIXTURES, ROOT, assemble, run_cjdocs

SITE_CONFIG = """\
site_name: Blueprints
theme:
  name: material
  language: {language}
plugins:
  - search
  - cjdocs
"""

SYSTEMS = """\
kind: system
id: erp
name: ERP
owner: IT
url: https://erp.example.com
---
kind: system
id: payment-provider
name: Payment provider
"""

# The base journey (fixtures/base), with a full blueprint on its second step.
JOURNEY = """\
kind: journey
id: first-purchase
name: First purchase
persona: anna
steps:
  - id: reads-newsletter
    name: Reads the newsletter
    phase: awareness
    touchpoints: [newsletter]
    emotion: 1
    evidence: [The newsletter in her inbox]
  - id: pays
    name: Pays at the desk
    phase: purchase
    touchpoints: [checkout-desk]
    emotion: 2
    frontstage: [The cashier scans the mug]
    backstage: [Stock is booked out]
    support:
      - text: Card payment
        system: payment-provider
      - Till software
      - system: erp
    evidence: [Receipt]
"""


def project(folder: Path, journey: str = JOURNEY, systems: str | None = SYSTEMS) -> Path:
    """A project of the base definitions with `journey` (and `systems`) in its journeys/."""
    journeys = assemble(folder, FIXTURES / "base")
    (journeys / "journey.yaml").write_text(journey, encoding="utf-8")
    if systems is not None:
        (journeys / "systems.yaml").write_text(systems, encoding="utf-8")
    return folder


def site(folder: Path, *, language: str = "en", **definitions) -> Path:
    project(folder, **definitions)
    (folder / "mkdocs.yml").write_text(SITE_CONFIG.format(language=language), encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    result = run_cjdocs("build", "--strict", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    return folder / "site"


def html_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def validate(folder: Path, *arguments: str):
    return run_cjdocs("validate", *arguments, cwd=folder)


def position(text: str, needle: str) -> tuple[int, int]:
    """The line and column (from 1) where `needle` first stands in `text`."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


# -- the definition format -------------------------------------------------------------------------


def test_the_blueprint_lanes_and_systems_are_in_the_schemas():
    step = load_schema("journey")["$defs"]["step"]["properties"]
    assert {"frontstage", "backstage", "support", "evidence"} <= set(step)
    system = load_schema("system")
    assert system["required"] == ["kind", "id", "name"]
    assert set(system["properties"]) == {
        "kind",
        "id",
        "name",
        "owner",
        "description",
        "url",
        "tags",
        "x-cjdocs-ignore",
    }


def test_a_journey_with_every_blueprint_lane_and_its_systems_is_clean(tmp_path):
    result = validate(project(tmp_path), "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_an_unknown_system_names_its_place_and_the_closest_id(tmp_path):
    journey = JOURNEY.replace("system: payment-provider", "system: payment-provder")
    result = validate(project(tmp_path, journey=journey))
    line, column = position(journey, "payment-provder")
    assert result.returncode == 1
    assert result.stdout == (
        f"journeys/journey.yaml:{line}:{column}: error: step 2 ('pays'): no system "
        "'payment-provder' (did you mean 'payment-provider'?) [unknown-reference]\n"
    )
    # In JSON, with the path inside the document.
    result = validate(tmp_path, "--format", "json")
    assert '"path": "steps[1].support[0].system"' in result.stdout


def test_a_system_named_before_any_is_defined_says_how_to_define_one(tmp_path):
    result = validate(project(tmp_path, systems=None))
    assert result.returncode == 1
    assert (
        "no system 'payment-provider': there are no systems yet (define one with 'kind: system')"
        in result.stdout
    )
    assert "no system 'erp'" in result.stdout


def test_an_unknown_system_is_said_in_german_on_a_german_site(tmp_path):
    project(tmp_path, journey=JOURNEY.replace("system: erp", "system: epr"))
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG.format(language="de"), encoding="utf-8")
    result = validate(tmp_path)
    assert "kein System 'epr' (meinten Sie 'erp'?)" in result.stdout


def test_a_support_entry_without_a_system_or_with_a_misspelt_key_is_a_schema_error(tmp_path):
    journey = JOURNEY.replace("      - system: erp\n", "      - text: Stock\n        sytem: erp\n")
    result = validate(project(tmp_path, journey=journey))
    line, column = position(journey, "sytem")
    assert result.returncode == 1
    # One mistake, one message: the misspelt key, not also a missing system.
    assert result.stdout == (
        f"journeys/journey.yaml:{line}:{column}: error: step 2 ('pays'): unknown key 'sytem' "
        "(did you mean 'system'?) [schema]\n"
    )
    journey = JOURNEY.replace("      - system: erp\n", "      - text: Stock\n")
    result = validate(project(tmp_path, journey=journey))
    assert "step 2 ('pays'), support entry 3 has no system" in result.stdout
    journey = JOURNEY.replace("evidence: [Receipt]", "evidence: Receipt")
    result = validate(project(tmp_path, journey=journey))
    assert "evidence must be a list" in result.stdout


def test_a_system_no_step_names_is_unused_and_fails_strict(tmp_path):
    systems = SYSTEMS + "---\nkind: system\nid: crm\nname: CRM\n"
    result = validate(project(tmp_path, systems=systems))
    assert result.returncode == 0
    line, column = position(systems, "crm")
    assert result.stdout == (
        f"journeys/systems.yaml:{line}:{column}: warning: no step of any journey names system "
        "'crm' in its support lane [unused]\n"
    )
    assert validate(tmp_path, "--strict").returncode == 1


def test_two_systems_with_one_id_are_a_duplicate(tmp_path):
    result = validate(
        project(tmp_path, systems=SYSTEMS + "---\nkind: system\nid: erp\nname: SAP\n")
    )
    assert result.returncode == 1
    assert "2 systems have the id 'erp'" in result.stdout


def test_text_yaml_would_read_differently_in_the_new_lanes_is_flagged(tmp_path):
    journey = JOURNEY.replace("evidence: [Receipt]", "evidence: [Receipt, which is printed]")
    result = validate(project(tmp_path, journey=journey))
    assert "[split-text]" in result.stdout
    # A support entry written as text is free text too: a comment cuts it short.
    journey = JOURNEY.replace("      - Till software\n", "      - Till software #the old one\n")
    result = validate(project(tmp_path, journey=journey))
    line, _ = position(journey, "Till software")
    assert f"journeys/journey.yaml:{line}:" in result.stdout
    assert "[comment-in-text]" in result.stdout


# -- the model ---------------------------------------------------------------------------------------


def test_the_model_resolves_support_entries_to_systems(tmp_path):
    _, model = load_model([project(tmp_path) / "journeys"])
    journey = model.journey("first-purchase")
    first, pays = journey.steps
    assert [system.id for system in model.systems] == ["erp", "payment-provider"]
    erp, provider = model.systems
    assert erp.owner == "IT" and erp.url == "https://erp.example.com"
    assert pays.frontstage == ("The cashier scans the mug",)
    assert pays.evidence == ("Receipt",)
    assert pays.support == (
        Support("Card payment", provider),
        Support("Till software"),
        Support(None, erp),
    )
    assert first.has_blueprint and pays.has_blueprint and journey.has_blueprint
    assert [step.id for _, step in model.steps_supported_by(erp)] == ["pays"]


def without_blueprint(journey: str) -> str:
    """The journey with its frontstage, support and evidence left out (its backstage kept)."""
    return "\n".join(
        line
        for line in journey.splitlines()
        if not re.match(r"\s+(frontstage|evidence|support|- text|  system|- Till|- system)", line)
    )


def test_a_journey_with_backstage_only_has_no_blueprint(tmp_path):
    journey = without_blueprint(JOURNEY)
    _, model = load_model([project(tmp_path, journey=journey, systems=None) / "journeys"])
    assert model.journey("first-purchase").steps[1].backstage == ("Stock is booked out",)
    assert not model.journey("first-purchase").has_blueprint


# -- the blueprint's rows and its printed size ---------------------------------------------------------


def rows(filled: set[str], language: str = "en") -> list[tuple[str, bool]]:
    return [
        (lane.label, lane.line) for lane in blueprint.blueprint_lanes(filled, catalogue(language))
    ]


def test_every_lane_filled_draws_the_three_lines_between_them():
    assert rows({"evidence", "touchpoints", "frontstage", "backstage", "support"}) == [
        ("Evidence", False),
        ("Customer actions", False),
        ("Touchpoints", False),
        ("Line of interaction", True),
        ("Frontstage", False),
        ("Line of visibility", True),
        ("Backstage", False),
        ("Line of internal interaction", True),
        ("Support processes", False),
    ]


def test_empty_lanes_are_left_out_and_lines_that_meet_are_one():
    # No frontstage: the customer's lane meets backstage across two lines at once.
    assert rows({"backstage", "support"}) == [
        ("Customer actions", False),
        ("Line of interaction · Line of visibility", True),
        ("Backstage", False),
        ("Line of internal interaction", True),
        ("Support processes", False),
    ]
    # Nothing below the customer: no line at all.
    assert rows({"evidence"}) == [("Evidence", False), ("Customer actions", False)]
    assert rows({"support"}, "de") == [
        ("Kundenaktionen", False),
        ("Interaktionslinie · Sichtbarkeitslinie · Linie der internen Interaktion", True),
        ("Unterstützende Prozesse", False),
    ]


def test_the_printed_text_is_as_large_as_fits_one_page():
    short = (grid.PrintLane("Lane", (("A step",),)),)
    assert blueprint.print_font(short, 3, "A4") == 8
    # The example's sixteen steps need smaller text, and fit at it by the estimate.
    _, model = load_model([EXAMPLE])
    journey = model.journey("laptop-omnichannel-purchase")
    html = str(
        blueprint.journey_blueprint(
            journey, catalogue("en"), pages.Links("journeys/laptop-omnichannel-purchase.md")
        )
    )
    font = float(re.search(r"--cj-print-font: ([\d.]+)pt", html)[1])
    assert 5 <= font < 8
    # A larger paper takes larger text.
    html_a3 = str(
        blueprint.journey_blueprint(
            journey,
            catalogue("en"),
            pages.Links("journeys/laptop-omnichannel-purchase.md"),
            print_size="A3",
        )
    )
    assert float(re.search(r"--cj-print-font: ([\d.]+)pt", html_a3)[1]) > font


# -- golden files ----------------------------------------------------------------------------------

GOLDEN = FIXTURES / "blueprints"
CASES = sorted(path for path in GOLDEN.iterdir() if path.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_blueprint_markup_matches_its_golden_file(case, tmp_path):
    assemble(tmp_path, FIXTURES / "base", case)
    validation, model = load_model([tmp_path / "journeys"])
    assert model is not None, validation.errors
    (journey,) = model.journeys
    language = (case / "language").read_text().strip() if (case / "language").exists() else "en"
    links = pages.Links(f"journeys/{journey.id}.md")
    html = str(blueprint.journey_blueprint(journey, catalogue(language), links)) + "\n"
    expected = case / "expected.html"
    if os.environ.get("CJDOCS_UPDATE_GOLDEN"):
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")


# -- the site ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return site(tmp_path_factory.mktemp("blueprint"))


def test_the_journey_page_shows_the_blueprint_after_the_map(built):
    article = html_of(built, "journeys/first-purchase").find("article")
    headings = [h2.get_text().strip().rstrip("¶") for h2 in article.find_all("h2")]
    assert headings[:2] == ["Journey map", "Service blueprint"]
    view = article.select_one(".cj-blueprint")
    assert view.find_previous("h2").get_text().strip().rstrip("¶") == "Service blueprint"
    heads = [head.get_text() for head in view.select(".cj-lane-head, .cj-blueprint-line")]
    assert heads == [
        "Service blueprint of First purchase",
        "Evidence",
        "Customer actions",
        "Touchpoints",
        "Line of interaction",
        "Frontstage",
        "Line of visibility",
        "Backstage",
        "Line of internal interaction",
        "Support processes",
    ]
    lines = view.select('[role="separator"]')
    assert [line["aria-label"] for line in lines] == [
        "Line of interaction",
        "Line of visibility",
        "Line of internal interaction",
    ]
    # The columns are the map's, in the same order.
    assert [step["id"].removeprefix("cj-blueprint-") for step in view.select("dl")] == [
        step["id"].removeprefix("cj-map-")
        for step in article.select(".cj-map:not(.cj-blueprint) dl")
    ]
    pays = view.select_one("#cj-blueprint-pays")
    support = pays.select_one(".cj-row-support")
    assert [item.get_text(" ", strip=True) for item in support.select("li")] == [
        "Card payment Payment provider",
        "Till software",
        "ERP",
    ]
    assert [a["href"] for a in support.select("a")] == [
        "../../systems/payment-provider/",
        "../../systems/erp/",
    ]
    assert pays.select_one(".cj-row-evidence dd").get_text(strip=True) == "Receipt"
    # The step's details list the lanes too.
    details = article.select_one("#step-pays").find_parent("div")
    text = details.get_text(" ", strip=True)
    assert "Frontstage The cashier scans the mug" in text
    assert "Evidence Receipt" in text


def test_empty_lanes_are_left_out_of_the_page(tmp_path):
    journey = JOURNEY.split("    frontstage:")[0].replace(
        "    evidence: [The newsletter in her inbox]\n", ""
    )
    journey += "    support: [Till software]\n"
    built = site(tmp_path, journey=journey, systems=None)
    view = html_of(built, "journeys/first-purchase").select_one(".cj-blueprint")
    assert [head.get_text() for head in view.select(".cj-lane-head, .cj-blueprint-line")] == [
        "Service blueprint of First purchase",
        "Customer actions",
        "Touchpoints",
        "Line of interaction · Line of visibility · Line of internal interaction",
        "Support processes",
    ]
    assert not view.select(".cj-row-frontstage, .cj-row-backstage, .cj-row-evidence")
    # No systems: no Systems section.
    assert not (built / "systems").exists()


def test_a_system_no_step_names_has_a_page_saying_so(tmp_path):
    project(tmp_path, systems=SYSTEMS + "---\nkind: system\nid: crm\nname: CRM\n")
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG.format(language="en"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    result = run_cjdocs("build", cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "no step of any journey names system 'crm'" in result.stderr
    text = html_of(tmp_path / "site", "systems/crm").find("article").get_text(" ", strip=True)
    assert "No step names this system in its support lane yet." in text


def test_a_journey_without_blueprint_lanes_shows_no_blueprint(tmp_path):
    built = site(tmp_path, journey=without_blueprint(JOURNEY), systems=None)
    page = html_of(built, "journeys/first-purchase")
    assert page.select(".cj-map") and not page.select(".cj-blueprint")


def test_a_system_page_lists_every_step_it_supports_by_journey(built):
    article = html_of(built, "systems/payment-provider").find("article")
    assert article.h1.get_text() == "Payment provider"
    text = article.get_text(" ", strip=True)
    assert "What breaks for customers when Payment provider is down" in text
    (group,) = article.select(".cj-system-steps h3")
    assert (
        group.a.get_text() == "First purchase"
        and group.a["href"] == "../../journeys/first-purchase/"
    )
    cells = [td.get_text(" ", strip=True) for td in article.select(".cj-system-steps td")]
    assert cells == ["Pays at the desk", "Purchase", "Card payment", "+2 very positive"]
    step = article.select_one(".cj-system-steps td a")
    assert step["href"] == "../../journeys/first-purchase/#step-pays"
    erp = html_of(built, "systems/erp").find("article").get_text(" ", strip=True)
    assert "Owner IT" in erp and "https://erp.example.com" in erp


def test_the_systems_index_and_the_navigation(built):
    index = html_of(built, "systems")
    rows = [
        [td.get_text(strip=True) for td in row.select("td")]
        for row in index.select("article table tbody tr")
    ]
    assert rows == [["ERP", "IT", "1", "1"], ["Payment provider", "", "1", "1"]]
    # A section of its own, after the channels, before the backlog and the insights page.
    sections = [
        item.select_one("label, a").get_text(strip=True)
        for item in index.select("nav.md-nav--primary > ul > li")
    ]
    assert sections[-4:] == ["Channels", "Systems", "Opportunities", "Insights"]


def test_a_german_site_names_the_lanes_lines_and_systems_in_german(tmp_path):
    built = site(tmp_path, language="de")
    view = html_of(built, "journeys/first-purchase").select_one(".cj-blueprint")
    heads = [head.get_text() for head in view.select(".cj-lane-head, .cj-blueprint-line")]
    assert heads[1:] == [
        "Belege",
        "Kundenaktionen",
        "Touchpoints",
        "Interaktionslinie",
        "Vor den Kulissen",
        "Sichtbarkeitslinie",
        "Hinter den Kulissen",
        "Linie der internen Interaktion",
        "Unterstützende Prozesse",
    ]
    text = html_of(built, "systems/erp").find("article").get_text(" ", strip=True)
    assert "Unterstützte Schritte" in text and "Was für Kunden ausfällt" in text


HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def test_hostile_text_in_blueprint_lanes_and_systems_is_shown_as_text(tmp_path):
    quoted = yaml.safe_dump(HOSTILE).strip().removesuffix("...").strip()
    journey = (
        JOURNEY.replace("The cashier scans the mug", quoted)
        .replace("Card payment", quoted)
        .replace("[Receipt]", f"[{quoted}]")
    )
    systems = SYSTEMS.replace("name: ERP", f"name: {quoted}").replace(
        "url: https://erp.example.com", 'url: https://erp.example.com/?q=<script>&x="y"'
    )
    systems += f"description: {quoted}\n"
    built = site(tmp_path, journey=journey, systems=systems)
    for url in ("journeys/first-purchase", "systems/erp", "systems", "systems/payment-provider"):
        page = html_of(built, url)
        assert not [s for s in page.find_all("script") if "alert" in s.get_text()], url
        for element in page.find_all(True):
            assert not [name for name in element.attrs if name.lower().startswith("on")], url
        assert not page.select("article img"), url
    view = html_of(built, "journeys/first-purchase").select_one(".cj-blueprint")
    assert view.select_one(".cj-row-frontstage li").get_text() == HOSTILE
    assert view.select_one("#cj-blueprint-pays .cj-row-evidence li").get_text() == HOSTILE
    assert HOSTILE in view.select_one("#cj-blueprint-pays .cj-row-support").get_text()
    erp = html_of(built, "systems/erp").find("article")
    assert erp.h1.get_text() == HOSTILE
    assert HOSTILE in erp.get_text()


# -- in a browser --------------------------------------------------------------------------------------

A4_LANDSCAPE = (297 - 20, 210 - 20)  # millimetres between 10 mm margins
PX = 96 / 25.4


@pytest.fixture(scope="module")
def example_url(tmp_path_factory):
    """The example site, built and served on localhost."""
    folder = tmp_path_factory.mktemp("browser-blueprint")
    for name in ("journeys", "docs"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copyfile(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    with served(folder / "site") as address:
        yield address + "journeys/laptop-omnichannel-purchase/"


@pytest.fixture(scope="module")
def chromium():
    pytest.importorskip("playwright.sync_api")
    with browsing.chromium() as browser:
        yield browser


# Each line: its label, where it runs (top, left, right) and its stroke.
LINES = """() => [...document.querySelectorAll('.cj-blueprint-line')].map(line => {
    const box = line.getBoundingClientRect();
    const style = getComputedStyle(line);
    return {label: line.getAttribute('aria-label'), top: box.top, left: box.left,
            right: box.right, width: style.borderTopWidth, style: style.borderTopStyle};
})"""


@pytest.mark.needs_chromium
def test_the_blueprint_draws_the_three_lines_across_its_columns_and_is_axe_clean(
    chromium, example_url
):
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(example_url)
    lines = page.evaluate(LINES)
    grid_box = page.locator(".cj-blueprint .cj-map-grid").bounding_box()
    heads = {
        name: page.locator(f".cj-blueprint .cj-lane-head.cj-row-{name}").bounding_box()
        for name in ("touchpoints", "frontstage", "backstage", "support")
    }
    assert [line["label"] for line in lines] == [
        "Line of interaction",
        "Line of visibility",
        "Line of internal interaction",
    ]
    assert [line["style"] for line in lines] == ["solid", "dashed", "dotted"]
    assert all(line["width"] == "2px" for line in lines)
    # Each line runs the blueprint's whole width, between the lanes it divides.
    for line in lines:
        assert line["left"] == pytest.approx(grid_box["x"], abs=1)
        assert line["right"] == pytest.approx(grid_box["x"] + grid_box["width"], abs=1)
    interaction, visibility, internal = (line["top"] for line in lines)
    bottom = {name: box["y"] + box["height"] for name, box in heads.items()}
    assert bottom["touchpoints"] <= interaction + 1 <= heads["frontstage"]["y"] + 1
    assert bottom["frontstage"] <= visibility + 1 <= heads["backstage"]["y"] + 1
    assert bottom["backstage"] <= internal + 1 <= heads["support"]["y"] + 1
    assert serious_problems(page, ".cj-blueprint") == []
    context.close()


@pytest.mark.needs_chromium
def test_on_a_phone_the_blueprint_is_step_cards_with_their_lines(chromium, example_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(example_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    layout = page.evaluate(
        """() => ({
            cards: [...document.querySelectorAll('.cj-blueprint dl.cj-map-step')].map(
                card => getComputedStyle(card).display),
            spanning: [...document.querySelectorAll('.cj-blueprint-line')].filter(
                line => line.getClientRects().length).length,
            drawn: [...document.querySelectorAll('#cj-blueprint-buys-in-store .cj-line-cell')]
                .filter(cell => cell.getClientRects().length)
                .map(cell => [cell.textContent, getComputedStyle(cell).borderTopStyle]),
        })"""
    )
    assert set(layout["cards"]) == {"block"} and len(layout["cards"]) == 16
    assert layout["spanning"] == 0
    assert layout["drawn"] == [
        ["Line of interaction", "solid"],
        ["Line of visibility", "dashed"],
        ["Line of internal interaction", "dotted"],
    ]
    # A card of a step with nothing below the customer draws no line.
    first = page.locator("#cj-blueprint-old-laptop-fails .cj-line-cell")
    assert all(not cell.is_visible() for cell in first.all())
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.cj-blueprint *')]
            .filter(e => e.getClientRects().length && e.textContent.trim())
            .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= 11.99
    assert serious_problems(page, ".cj-blueprint") == []
    context.close()


# Marks the top and the bottom of each step column, and the blueprint's corners, with links,
# for finding them in the PDF.
MARK = """() => {
    const mark = (element, name) => {
        const link = document.createElement('a');
        link.href = `https://mark.test/${name}`;
        link.textContent = '.';
        element.append(link);
    };
    for (const step of document.querySelectorAll('.cj-blueprint dl.cj-map-step')) {
        const cells = [...step.querySelectorAll(':scope > .cj-cell:not(.cj-line-cell)')];
        mark(cells[0].querySelector('dd'), `top/${step.id}`);
        mark(cells[cells.length - 1].querySelector('dd'), `bottom/${step.id}`);
    }
    mark(document.querySelector('.cj-blueprint .cj-map-name'), 'corner');
    const map = [...document.querySelectorAll('.cj-map:not(.cj-blueprint) dl.cj-map-step')];
    mark(map[map.length - 1].querySelector('dd'), 'map');
}"""


def pdf_pages_links(pdf: bytes) -> list[list[str]]:
    """The addresses of the links on each page of a PDF, page by page (as test_browser.py's
    reader, for a page tree of more than one level: a long document's)."""
    objects = {
        int(number): body
        for number, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.DOTALL)
    }

    def leaves(number: int) -> list[int]:
        body = objects[number]
        if not re.search(rb"/Type /Pages\b", body):
            return [number]
        kids = re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", body, re.DOTALL)[1])
        return [leaf for kid in kids for leaf in leaves(int(kid))]

    (root,) = [
        number
        for number, body in objects.items()
        if re.search(rb"/Type /Pages\b", body) and b"/Parent" not in body
    ]
    pages = []
    for leaf in leaves(root):
        annotations = re.search(rb"/Annots \[(.*?)\]", objects[leaf], re.DOTALL)
        found = []
        for reference in re.findall(rb"(\d+) 0 R", annotations[1] if annotations else b""):
            uri = re.search(rb"/URI \((.*?)\)", objects[int(reference)])
            if uri:
                found.append(uri[1].decode())
        pages.append(found)
    return pages


@pytest.mark.needs_chromium
def test_printed_on_a4_landscape_the_blueprint_takes_exactly_one_page(chromium, example_url):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(example_url)
    page.evaluate(MARK)
    pdf = page.pdf(format="A4", landscape=True)
    # Measured in print media at A4 landscape's width: no higher than the page.
    page.set_viewport_size({"width": round(A4_LANDSCAPE[0] * PX), "height": 900})
    page.emulate_media(media="print")
    box = page.locator(".cj-blueprint .cj-map-page").bounding_box()
    context.close()
    assert box["height"] <= A4_LANDSCAPE[1] * PX
    assert box["width"] <= A4_LANDSCAPE[0] * PX + 1
    marked = [
        (number, link.removeprefix("https://mark.test/"))
        for number, links in enumerate(pdf_pages_links(pdf))
        for link in links
        if link.startswith("https://mark.test/")
    ]
    assert len(marked) == 2 * 16 + 2
    blueprint_marks = [(number, name) for number, name in marked if name != "map"]
    # Every column's top and bottom, and the corner naming it, on one and the same page ...
    (number,) = {number for number, _ in blueprint_marks}
    # ... a page of its own, after the journey map's.
    (map_page,) = [number for number, name in marked if name == "map"]
    assert map_page < number


# -- exports -------------------------------------------------------------------------------------


def test_the_json_export_holds_the_blueprint_lanes_and_the_systems(tmp_path):
    import json

    result = run_cjdocs("export", "--format", "json", cwd=project(tmp_path))
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    pays = model["journeys"][0]["steps"][1]
    assert pays["frontstage"] == ["The cashier scans the mug"]
    assert pays["support"] == [
        {"text": "Card payment", "system": "payment-provider"},
        {"text": "Till software", "system": None},
        {"text": None, "system": "erp"},
    ]
    assert pays["evidence"] == ["Receipt"]
    assert [system["id"] for system in model["systems"]] == ["erp", "payment-provider"]
    assert model["systems"][0]["owner"] == "IT"


def test_the_markdown_export_writes_the_blueprint_and_the_systems_pages(tmp_path):
    result = run_cjdocs("export", "--format", "markdown", "-o", "out", cwd=project(tmp_path))
    assert result.returncode == 0, result.stderr
    journey = (tmp_path / "out" / "journeys" / "first-purchase.md").read_text(encoding="utf-8")
    assert "## Service blueprint" in journey and 'class="cj-map cj-blueprint' in journey
    system = (tmp_path / "out" / "systems" / "erp.md").read_text(encoding="utf-8")
    assert "Pays at the desk" in system


@pytest.mark.needs_chromium
def test_screenshots_of_the_blueprint_for_the_guide(chromium, example_url, tmp_path):
    """The guide's pictures (docs/guide/7-journey-map.md): written to CJDOCS_SCREENSHOTS when
    set (`CJDOCS_SCREENSHOTS=docs/guide/images pytest tests/test_blueprint.py -k guide`), else
    to a temporary folder."""
    folder = Path(os.environ.get("CJDOCS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, viewport, scrolled in (
        ("blueprint-wide.png", {"width": 1400, "height": 1200}, 1900),
        ("blueprint-phone.png", {"width": 390, "height": 700}, 0),
    ):
        context = chromium.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(example_url)
        frame = page.locator(".cj-blueprint .cj-map-frame")
        frame.evaluate("(frame, left) => { frame.scrollLeft = left; }", scrolled)
        if viewport["width"] < 700:
            box = page.locator("#cj-blueprint-buys-in-store").bounding_box()
        else:
            box = frame.bounding_box()
        shoot(page, box, folder / name, tallest=1100)
        context.close()
