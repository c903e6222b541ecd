"""Real sites built with real MkDocs and Material: every page, every link, the words, the safety."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cjdocs.catalogue import catalogue
from conftest import EXAMPLE, FIXTURES, ROOT, run_cjdocs
from hostile import NASTY, write_hostile
from links import dead_links

GENERATED = (
    "journeys",
    "personas",
    "phases",
    "touchpoints",
    "channels",
    "insights",
    "opportunities",
)

SITE_CONFIG = """\
site_name: Test site
theme:
  name: material
  language: {language}
plugins:
  - search
  - cjdocs
"""


def make_site(folder: Path, *, language: str = "en", definitions: Path | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(SITE_CONFIG.format(language=language), encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    if definitions is not None:
        shutil.copytree(definitions, folder / "journeys", dirs_exist_ok=True)
    return folder


def build(folder: Path, *arguments: str):
    result = run_cjdocs("build", *arguments, cwd=folder, timeout=600)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def html_of(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if url.endswith("/") or not url else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content(page: BeautifulSoup):
    return page.find("article")


def generated_pages(site: Path) -> list[Path]:
    return sorted(path for kind in GENERATED for path in (site / kind).rglob("index.html"))


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("example") / "site"
    result = run_cjdocs("build", "--strict", "-d", str(site), cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    return site


def test_every_page_of_the_example_exists(example_site):
    from cjdocs.definitions.validation import load_model

    _, model = load_model([EXAMPLE])
    expected = ["journeys/", "personas/", "phases/", "touchpoints/", "channels/", "insights/"]
    for kind, definitions in (
        ("journeys", model.journeys),
        ("personas", model.personas),
        ("phases", model.phases),
        ("touchpoints", model.touchpoints),
        ("channels", model.channels),
    ):
        expected += [f"{kind}/{definition.id}/" for definition in definitions]
    for url in expected:
        assert (example_site / url / "index.html").is_file(), url


def test_the_journey_page_shows_every_part(example_site):
    page = html_of(example_site, "journeys/mug-shop-first-order/")
    article = content(page)
    assert page.find("h1").get_text() == "First order in the mug shop"
    headings = [h2.get_text().strip().rstrip("¶") for h2 in article.find_all("h2")]
    assert headings == [
        "Journey map",
        "Flow",
        "Steps",
        "Funnel",
        "Ways through the journey",
    ]
    assert article.select_one("figure.cj-flow-figure svg.cj-flow")
    assert article.select_one("figure.cj-funnel-figure svg")
    map_headers = [
        head.select_one(".cj-phase-name a").get_text()
        for head in article.select(".cj-phase-head:not(.cj-continued)")
    ]
    assert map_headers == ["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"]
    lanes = [
        head.span.get_text() for head in article.select(".cj-map-page")[0].select(".cj-lane-head")
    ]
    assert lanes[1:5] == ["Step", "Action", "Touchpoints", "Emotion"]
    assert len(article.select("dl.cj-map-step")) == 13
    steps = article.select("div.cj-step h3")
    assert steps[0]["id"] == "step-discovers-shop"
    assert steps[0].get_text() == "1. Discovers the shop"
    persona = article.select_one("dl.cj-details a")
    assert persona.get_text() == "Sabine Krüger" and persona["href"] == "../../personas/gift-buyer/"
    ways = article.select("ol.cj-ways > li")
    assert len(ways) == 4
    edit = article.select_one("p.cj-edit a")
    assert (
        edit["href"]
        == "https://github.com/example/cjdocs/edit/main/journeys/mug-shop-first-order.yaml"
    )


def test_every_link_in_the_site_resolves(example_site):
    checked, dead = dead_links(example_site)
    assert dead == []
    assert checked > 2000


def test_every_step_node_of_the_flow_links_to_an_anchor_on_the_page(example_site):
    page = html_of(example_site, "journeys/laptop-omnichannel-purchase/")
    ids = {element["id"] for element in page.find_all(id=True)}
    hrefs = [link["xlink:href"] for link in page.select("svg.cj-flow a") if link.get("xlink:href")]
    assert len(hrefs) == 16
    assert all(href.startswith("#step-") and href[1:] in ids for href in hrefs)


def test_generated_pages_are_byte_identical_from_build_to_build(example_site, tmp_path):
    second = tmp_path / "again"
    result = run_cjdocs("build", "-d", str(second), cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    first_pages = generated_pages(example_site)
    assert [p.relative_to(example_site) for p in first_pages] == [
        p.relative_to(second) for p in generated_pages(second)
    ]
    for page in first_pages:
        assert page.read_bytes() == (second / page.relative_to(example_site)).read_bytes(), page


def _texts(language: str) -> list[str]:
    """Every text of a language's catalogue, each plural form too."""
    words = catalogue(language)
    return [text for key in words for text in words.forms(key).values()]


def test_a_german_site_shows_no_english_labels(tmp_path):
    folder = make_site(tmp_path / "de", language="de", definitions=FIXTURES / "base")
    # The definitions of the base set are copied flat into journeys/.
    result = build(folder)
    assert result.returncode == 0, result.stderr
    site = folder / "site"
    german = " ".join(_texts("de"))
    english_only = {value for value in _texts("en") if value not in german and len(value) > 3}
    for path in generated_pages(site):
        text = content(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")).get_text(" ")
        for word in (
            "First purchase",
            "Reads the newsletter",
            "Anna",
            "Awareness",
            "Newsletter",
            "Checkout desk",
            "E-mail",
            "Store",
        ):
            text = text.replace(word, "")  # names from the definitions
        leaked = sorted(label for label in english_only if label in text)
        assert leaked == [], f"{path}: {leaked}"
    journey = content(html_of(site, "journeys/first-purchase/"))
    assert [h2.get_text().strip().rstrip("¶") for h2 in journey.find_all("h2")] == [
        "Journey Map",
        "Ablauf",
        "Schritte",
        "Wege durch die Journey",
    ]


def test_hostile_text_is_shown_as_text_and_never_runs(tmp_path):
    folder = make_site(tmp_path / "hostile")
    write_hostile(folder / "journeys")
    result = build(folder)
    assert result.returncode == 0, result.stderr
    site = folder / "site"
    baseline_scripts = {str(script) for script in html_of(site, "").find_all("script")}
    for path in generated_pages(site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        scripts = {str(script) for script in page.find_all("script") if script.get("src") is None}
        assert all("alert" not in script for script in scripts), path
        assert not [s for s in page.find_all("script", src=True) if "alert" in s["src"]]
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (path, element.name, name)
                values = value if isinstance(value, list) else [value]
                assert not any(str(v).strip().lower().startswith("javascript:") for v in values), (
                    path,
                    element.name,
                    name,
                    value,
                )
        assert page.find("img", src="x") is None
    journey = html_of(site, "journeys/hostile/")
    assert journey.find("h1").get_text() == NASTY[0]
    assert journey.find("title").get_text().startswith(NASTY[0])
    steps = [h3.get_text() for h3 in content(journey).select("div.cj-step h3")]
    assert steps[1] == f"2. {NASTY[1]}"
    assert steps[2] == f"3. {NASTY[2]}"
    text = content(journey).get_text()
    assert "[click](javascript:alert(1)) | pipe | **bold** {onclick=alert(1)}" in text
    assert len(baseline_scripts) > 0


def test_a_failed_build_keeps_the_previous_site(tmp_path):
    folder = make_site(tmp_path / "keep", definitions=FIXTURES / "base")
    assert build(folder).returncode == 0
    site = folder / "site"
    before = {
        path.relative_to(site): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file()
    }
    (folder / "journeys" / "broken.yaml").write_text("kind: persona\nid: x\n", encoding="utf-8")
    result = build(folder)
    assert result.returncode == 1
    assert "journeys/broken.yaml:1:1: error: persona 'x' has no name" in result.stderr
    assert "the previous site was left as it was" in result.stderr
    after = {
        path.relative_to(site): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file()
    }
    assert after == before
    assert [path.name for path in folder.iterdir() if path.name.startswith(".site")] == []


def test_strict_warnings_fail_the_build_and_keep_the_site(tmp_path):
    folder = make_site(tmp_path / "strict", definitions=FIXTURES / "base")
    assert build(folder, "--strict").returncode == 0
    shutil.copyfile(
        FIXTURES / "invalid" / "unused" / "more.yaml", folder / "journeys" / "more.yaml"
    )
    index = (folder / "site" / "index.html").read_bytes()
    result = build(folder, "--strict")
    assert result.returncode == 1
    assert "no journey is taken by persona 'ben'" in result.stderr
    assert (folder / "site" / "index.html").read_bytes() == index


def test_build_without_a_config_exits_2(tmp_path):
    result = run_cjdocs("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "mkdocs.yml: no such file" in result.stderr


def test_tags_feed_materials_tags_plugin(tmp_path):
    folder = make_site(tmp_path / "tags", definitions=FIXTURES / "base")
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - search\n", "  - search\n  - tags\n"),
        encoding="utf-8",
    )
    journey = folder / "journeys" / "journey.yaml"
    journey.write_text(
        journey.read_text(encoding="utf-8").replace(
            "persona: anna\n", 'persona: anna\ntags: [newsletter, "<b>bold</b>"]\n'
        ),
        encoding="utf-8",
    )
    result = build(folder)
    assert result.returncode == 0, result.stderr
    page = html_of(folder / "site", "journeys/first-purchase/")
    tags = sorted(tag.get_text().strip() for tag in page.select(".md-tag"))
    assert tags == ["<b>bold</b>", "newsletter"]
    assert page.select_one(".md-tags b") is None


def test_the_plugins_language_option_wins_over_the_theme(tmp_path):
    folder = make_site(tmp_path / "option", language="en", definitions=FIXTURES / "base")
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - cjdocs\n", "  - cjdocs:\n      language: de\n"
        ),
        encoding="utf-8",
    )
    assert build(folder).returncode == 0
    journey = content(html_of(folder / "site", "journeys/first-purchase/"))
    assert [h2.get_text().strip().rstrip("¶") for h2 in journey.find_all("h2")][:2] == [
        "Journey Map",
        "Ablauf",
    ]
    nav = [
        link.get_text().strip()
        for link in html_of(folder / "site", "").select("nav.md-nav--primary label.md-nav__link")
    ]
    assert "Phasen" in nav and "Phases" not in nav


def test_build_with_a_missing_definitions_folder_exits_2(tmp_path):
    folder = make_site(tmp_path / "nowhere")
    result = build(folder)
    assert result.returncode == 2
    assert "the definitions folder" in result.stderr and "does not exist" in result.stderr
