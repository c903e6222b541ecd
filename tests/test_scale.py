"""Large repositories build: no diagram fails a build by its size (issue 10, point 1).

The touchpoint network of many touchpoints is drawn by channel, with a diagram per channel; a
journey of hundreds of steps is drawn phase by phase; a diagram that still cannot be laid out
becomes a table on its page and a warning, which fails `--strict`.
"""

from __future__ import annotations

import importlib.util
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjdocs.catalogue import catalogue
from cjdocs.definitions.validation import load_model
from cjdocs.render import diagrams
from cjdocs.render.assemble import draw
from cjdocs.render.engine import LayoutError, WasmEngine
from conftest import FIXTURES, ROOT, assemble, run_cjdocs

SVG = "{http://www.w3.org/2000/svg}"
SITE_CONFIG = (
    "site_name: Scale\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - cjdocs\n"
)


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _site(folder: Path) -> Path:
    (folder / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Scale\n", encoding="utf-8")
    return folder


def _svgs(html: str) -> list[ET.Element]:
    """Every inline SVG of a page, parsed as XML (a malformed one fails the test)."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)]


def _ids(root: ET.Element, kind: str) -> list[str]:
    return [g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == kind]


# Past the navigation's default limit of 40 definitions of a kind, and past the insights
# page's 200 rows: a small copy of the benchmark's repositories (bench/scale.py).
JOURNEYS = 45


@pytest.fixture(scope="module")
def dense(tmp_path_factory) -> Path:
    """45 journeys of 20 steps, each step on two of 80 touchpoints (16 channels) at random:
    about 1,800 different moves between touchpoints."""
    folder = tmp_path_factory.mktemp("dense")
    _generator().generate(folder, JOURNEYS, 20, seed=1, touchpoints=80, channels=16)
    return folder


@pytest.fixture(scope="module")
def built(dense) -> Path:
    """The dense repository's site, built with `--strict` (no warning allowed)."""
    result = run_cjdocs("build", "--strict", cwd=_site(dense), timeout=900)
    assert result.returncode == 0, result.stderr
    assert "diagram-too-large" not in result.stderr
    return dense / "site"


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_a_dense_repository_builds_with_its_network_drawn_by_channel(built):
    page = _page(built, "insights")
    figure = page[page.index('class="cj-figure cj-network-figure"') :]
    figure = figure[: figure.index("</figure>")]
    (overview,) = _svgs(figure)
    assert overview.find(f"{SVG}title").text == "Network of channels"
    nodes = _ids(overview, "node")
    assert len(nodes) == 16
    assert all(node.startswith("cj-network-channel-channel-") for node in nodes)
    assert len(_ids(overview, "edge")) == diagrams.CHANNEL_LINKS
    legend = "".join(overview.find(f".//{SVG}g[@class='cj-legend']").itertext())
    assert re.fullmatch(
        r"The 20 strongest of (\d+) links are drawn; \d+ weaker ones are left out\.", legend
    )
    # Each channel's own diagram stands on the channel's page, its links leading from there.
    assert "cj-network-channel" not in page.replace("cj-network-channel-channel-", "")
    store = _page(built, "channels/channel-0")
    (network,) = _svgs(store[store.index('id="touchpoint-network"') :])
    assert network.find(f"{SVG}title").text == "Touchpoints of Store and their strongest links"
    assert len(_ids(network, "edge")) <= 2 * diagrams.CHANNEL_DETAIL_LINKS
    links = {a.get("{http://www.w3.org/1999/xlink}href") for a in network.iter(f"{SVG}a")}
    assert "../../touchpoints/touchpoint-0/" in links
    assert (built / "touchpoints" / "touchpoint-0" / "index.html").exists()


def _pages(site: Path) -> dict[str, int]:
    return {
        path.parent.relative_to(site).as_posix(): path.stat().st_size
        for path in site.rglob("index.html")
    }


def test_pages_grow_with_their_own_content_and_search_with_the_steps(built):
    sizes = _pages(built)
    journey = max(size for url, size in sizes.items() if url.startswith("journeys/journey-"))
    # No page gathering many definitions outgrows one journey's page (map, flow, steps).
    others = {url: size for url, size in sizes.items() if not url.startswith("journeys/journey-")}
    assert max(others.values()) < journey, sorted(others.items(), key=lambda item: -item[1])[:3]
    # The benchmark's goal, 3 MB of search index for 300 journeys, kept per journey.
    index = (built / "search" / "search_index.json").stat().st_size
    assert index < 3_000_000 * JOURNEYS / 300


def test_a_step_is_found_once_on_its_journey_page(built, dense):
    import json

    documents = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    _, model = load_model([dense / "journeys"], workers=1)
    step = model.journey("journey-0007").steps[3]
    found = [doc["location"] for doc in documents["docs"] if step.thoughts in doc["text"]]
    assert found == [f"journeys/journey-0007/#step-{step.id}"]
    # The map shows the same words, outside the index.
    page = _page(built, "journeys/journey-0007")
    assert page.count(step.thoughts) == 2
    # Search read the steps through a stand-in (tests/test_searched.py); the reader gets the
    # steps in full, with what search leaves out, and nothing of the stand-in.
    details = page[page.index(f'<h3 id="step-{step.id}">') :]
    details = details[: details.index("</dl>")]
    assert "<dt data-search-exclude>Touchpoints</dt>" in details
    assert details.count('href="../../touchpoints/touchpoint-') == len(step.touchpoints)
    assert re.search(r"<cjdocs-[0-9a-f]+-", page) is None and "<wbr>" not in page
    assert '<div data-search-exclude><div class="cj-map ' in page


def _navigation(page: str) -> list[tuple[str, str]]:
    """The links of a page's main navigation: (address, words)."""
    start = page.index('<nav class="md-nav md-nav--primary"')
    end = page.index('<div class="md-sidebar md-sidebar--secondary"', start)
    return [
        (href, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip())
        for href, text in re.findall(
            r'<a href="([^"]+)" class="md-nav__link[^"]*"[^>]*>(.*?)</a>', page[start:end], re.S
        )
    ]


def test_the_navigation_lists_the_groups_of_long_sections(built):
    navigation = _navigation(_page(built, "insights"))
    touchpoints = [(href, words) for href, words in navigation if "touchpoints/#" in href]
    assert len(touchpoints) == 16
    assert touchpoints[0] == ("../touchpoints/#cj-group-channel-channel-0", "Store (5)")
    journeys = [words for href, words in navigation if "journeys/#" in href]
    assert journeys[:2] == ["Persona 0 (4)", "Persona 1 (5)"]
    # Every group link leads to a heading on the index page saying the same.
    index = _page(built, "touchpoints")
    for href, words in touchpoints:
        assert f'<h2 id="{href.split("#")[1]}">{words}</h2>' in index
    # Short sections list their pages, and no section is left with its index page alone.
    assert ("../phases/awareness/", "Awareness") in navigation
    assert sum(href.startswith("../channels/channel-") for href, _ in navigation) == 16


def test_insights_summarise_long_lists_and_say_where_the_whole_ones_are(built, dense):
    _, model = load_model([dense / "journeys"], workers=1)
    steps = [step for journey in model.journeys for step in journey.steps]
    lows = [step for step in steps if step.emotion is not None and step.emotion < 0]
    pains = sum(len(step.pain_points) for step in steps)
    page = _page(built, "insights")
    assert f"The 200 lowest of {len(lows):,} low points are listed" in page
    assert f"{pains:,} pain points and" in page
    low_table = page[page.index("<th>Feeling</th>") :]
    assert low_table[: low_table.index("</table>")].count("<tr>") == 200
    # The whole lists: each phase's page lists every step of the phase with its emotion (up
    # to 200 steps a phase, as here), each persona's page every pain point of its journeys.
    phase_rows = sum(
        _page(built, f"phases/{phase.id}").count('<span class="cj-emotion')
        for phase in model.phases
    )
    assert phase_rows == len(steps)
    persona_pains = 0
    for persona in model.personas:
        table = _page(built, f"personas/{persona.id}")
        table = table[table.index('id="pain-points-over-all-journeys"') :]
        persona_pains += table[: table.index("</table>")].count("<tr>") - 1  # the header
    assert persona_pains == pains


def test_the_whole_network_would_not_fit_where_the_network_by_channel_does(dense):
    # A fuel budget far below the real one stands in for a repository ten times larger: the
    # network of every touchpoint and every move runs out of it, the site's diagrams do not.
    _, model = load_model([dense / "journeys"], workers=1)
    engine = WasmEngine(fuel=300_000_000)
    with pytest.raises(LayoutError, match="too large"):
        engine.layout(diagrams.touchpoint_network_dot(model, lambda touchpoint: "x"))
    findings = []
    drawn = draw(
        model,
        language="en",
        directory_urls=True,
        cache_folder=None,
        engine=engine,
        findings=findings,
    )
    assert findings == []
    assert drawn.network.startswith('<svg class="cj-diagram cj-network"')


def test_a_journey_of_300_steps_is_drawn_phase_by_phase(tmp_path):
    _generator().generate(tmp_path, 1, 300, seed=1, touchpoints=10, channels=2)
    _, model = load_model([tmp_path / "journeys"], workers=1)
    journey = model.journey("journey-0001")
    findings = []
    flow = draw(
        model, language="en", directory_urls=True, cache_folder=None, findings=findings
    ).flows["journey-0001"]
    assert findings == []
    parts = _svgs(flow)
    phases = ["awareness", "consideration", "purchase", "retention", "advocacy"]
    assert [part.find(f"{SVG}title").text for part in parts] == [
        f"Flow of the journey Journey 1, phase {phase.title()}" for phase in phases
    ]
    assert (
        parts[1].find(f"{SVG}desc").text == "60 steps of the journey's 300 in phase Consideration."
    )
    # Each part shows its own steps, every step once over all parts.
    steps = [node for part in parts for node in _ids(part, "node") if "-step-" in node]
    assert len(steps) == 300
    assert steps[0] == "cj-flow-journey-0001-awareness-step-step-1"
    # Ways out of a phase lead to a box that links to the next phase's diagram, whose graph
    # carries that id; ways in come from a box linking back.
    anchors = {g.get("id") for part in parts for g in part.iter(f"{SVG}g")}
    links = {
        link.get("{http://www.w3.org/1999/xlink}href")
        for part in parts
        for link in part.iter(f"{SVG}a")
    }
    for phase in phases:
        assert f"cj-flow-journey-0001-{phase}" in anchors
    assert {f"#cj-flow-journey-0001-{phase}" for phase in phases} <= links
    assert {f"#step-step-{number}" for number in range(1, 301)} <= links
    # The start is marked once, in the first phase.
    assert [node for part in parts for node in _ids(part, "node") if node.endswith("-start")] == [
        "cj-flow-journey-0001-awareness-start"
    ]
    assert len(journey.steps) == 300


def test_a_diagram_that_cannot_be_laid_out_becomes_a_table_and_a_warning(tmp_path):
    assemble(tmp_path, FIXTURES / "base")
    _, model = load_model([tmp_path / "journeys"], workers=1)
    journey = model.journeys[0]
    findings = []
    # Too little fuel for any layout: Graphviz stops, the build goes on.
    drawn = draw(
        model,
        language="en",
        directory_urls=True,
        cache_folder=None,
        engine=WasmEngine(fuel=100_000),
        findings=findings,
    )
    flow = drawn.flows[journey.id]
    assert "<svg" not in flow
    assert "This diagram is too large to draw; here is what it shows, as a table." in flow
    for step in journey.steps:
        assert f'<td><a href="#step-{step.id}">{step.name}</a></td>' in flow
    assert drawn.network.startswith('<div class="cj-diagram-table">')
    codes = {(finding.code, finding.severity) for finding in findings}
    assert codes == {("diagram-too-large", "warning")}
    warning = next(finding for finding in findings if journey.id in finding.message)
    assert (warning.file, warning.line) == (journey.source.file, journey.source.line)
    assert warning.message == (
        f"the flow diagram of journey '{journey.id}' cannot be drawn (the diagram is too large "
        "to lay out in reasonable time); the page shows a table in its place: split the journey "
        "into shorter ones to get the diagram back"
    )


def test_the_table_of_a_flow_says_where_each_step_leads():
    labels = catalogue("en")
    _, model = load_model([FIXTURES / "base"], workers=1)
    journey = model.journeys[0]
    table = diagrams.flow_table(journey, journey.steps, labels)
    assert table.headers == ("Step", "Phase", "Emotion", "Next")
    assert len(table.rows) == len(journey.steps)
    last = table.rows[-1]
    assert last[3].text == "The journey ends here."


LONG_PHASE = "kind: journey\nid: marathon\nname: Marathon\npersona: anna\nsteps:\n" + "".join(
    f"  - {{id: s{number}, name: Step {number}, phase: awareness}}\n"
    for number in range(1, diagrams.MAX_STEPS + 2)
)


def test_strict_fails_on_a_diagram_shown_as_a_table_and_a_plain_build_passes(tmp_path):
    assemble(tmp_path, FIXTURES / "base")
    (tmp_path / "journeys" / "marathon.yaml").write_text(LONG_PHASE, encoding="utf-8")
    _site(tmp_path)

    plain = run_cjdocs("build", cwd=tmp_path, timeout=600)
    assert plain.returncode == 0, plain.stderr
    expected = (
        "journeys/marathon.yaml:2:5: warning: the flow diagram of journey "
        f"'marathon' in phase 'awareness' cannot be drawn (its phase 'awareness' has "
        f"{diagrams.MAX_STEPS + 1} steps, diagrams are drawn for at most {diagrams.MAX_STEPS})"
    )
    assert expected in plain.stderr
    page = (tmp_path / "site" / "journeys" / "marathon" / "index.html").read_text(encoding="utf-8")
    assert '<div class="cj-diagram-table">' in page
    assert '<td><a href="#step-s251">Step 251</a></td>' in page

    before = (tmp_path / "site" / "journeys" / "marathon" / "index.html").read_bytes()
    strict = run_cjdocs("build", "--strict", cwd=tmp_path, timeout=600)
    assert strict.returncode == 1
    assert expected in strict.stderr
    assert "Traceback" not in plain.stderr + strict.stderr
    # A failed build leaves the site as it was.
    assert (tmp_path / "site" / "journeys" / "marathon" / "index.html").read_bytes() == before


def test_pages_made_by_worker_processes_are_those_made_in_one(dense, tmp_path, monkeypatch):
    from cjdocs.render import assemble

    _, model = load_model([dense / "journeys"], workers=1)
    alone = assemble.build_pages(model, cache_folder=tmp_path, workers=1)
    monkeypatch.setattr(assemble, "PARALLEL_FROM", 2)  # 45 journeys count as many
    shared = assemble.build_pages(model, cache_folder=tmp_path, workers=2)
    assert shared == alone
    # They were made elsewhere: by forked processes.
    assert os.getpid() not in assemble.in_parallel(lambda index: os.getpid(), 4, 2)
    assert [page.path for page in shared][1:3] == [
        "journeys/journey-0001.md",
        "journeys/journey-0002.md",
    ]


def test_a_german_site_says_in_german_which_diagram_is_a_table(tmp_path):
    assemble(tmp_path, FIXTURES / "base")
    (tmp_path / "journeys" / "marathon.yaml").write_text(LONG_PHASE, encoding="utf-8")
    _site(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  language: de\n"
        ),
        encoding="utf-8",
    )

    result = run_cjdocs("build", cwd=tmp_path, timeout=600)

    assert result.returncode == 0, result.stderr
    assert (
        "journeys/marathon.yaml:2:5: warning: das Ablaufdiagramm der Journey 'marathon' in der "
        f"Phase 'awareness' lässt sich nicht zeichnen (ihre Phase 'awareness' hat "
        f"{diagrams.MAX_STEPS + 1} Schritte, Diagramme werden für höchstens {diagrams.MAX_STEPS} "
        "gezeichnet); die Seite zeigt an seiner Stelle eine Tabelle: teilen Sie die Journey in "
        "kürzere, dann kommt das Diagramm zurück [diagram-too-large]"
    ) in result.stderr


def test_a_large_sites_flows_come_from_the_cache_checked_as_before(tmp_path):
    # Past PARALLEL_FROM journeys the cached flows are read on all the cores: they must be the
    # diagrams a first build drew, and an entry someone planted is still refused there.
    from cjdocs.render.assemble import PARALLEL_FROM
    from cjdocs.render.engine import DiagramCache, get_engine

    folder = tmp_path / "repository"
    _generator().generate(folder, PARALLEL_FROM, 4, seed=2, touchpoints=12, channels=3)
    _, model = load_model([folder / "journeys"], workers=1)
    cache_folder = tmp_path / "cache"
    first = draw(model, language="en", directory_urls=True, cache_folder=cache_folder)
    again = draw(model, language="en", directory_urls=True, cache_folder=cache_folder)
    assert again.flows == first.flows

    victim = model.journeys[7]
    flow_dot = diagrams.whole_flow(victim, "en").dot
    entry = DiagramCache(cache_folder).path(DiagramCache(None).key(get_engine(), flow_dot, "svg"))
    entry.write_bytes(entry.read_bytes().replace(b"</svg>", b"<script>alert(1)</script></svg>"))
    planted = draw(model, language="en", directory_urls=True, cache_folder=cache_folder)
    assert "<script" not in planted.flows[victim.id]
    assert planted.flows == first.flows
    assert b"<script" not in entry.read_bytes()  # laid out again, and the entry replaced


def test_a_phase_of_many_steps_lists_its_journeys_with_their_lowest_step(tmp_path):
    """Past 200 steps a phase's page lists each journey once: how many of its steps are in the
    phase, their average emotion and the lowest of them; the page no longer grows with every
    step of the repository."""
    from bs4 import BeautifulSoup

    from cjdocs.render import pages

    _generator().generate(tmp_path, 70, 20, seed=2, touchpoints=30, channels=6)
    _, model = load_model([tmp_path / "journeys"], workers=1)
    phase = max(model.phases, key=lambda p: len(pages.uses(model).within.get(p.id, ())))
    steps = pages.uses(model).within[phase.id]
    assert len(steps) > pages.PHASE_ROWS
    page = pages.phase_page(phase, model, catalogue("en"))
    html = BeautifulSoup(str(page.sections[1].html), "html.parser")
    journeys = {journey.id for journey, _ in steps}
    note = html.select_one("p.cj-summary-note").get_text()
    assert note.startswith(f"{len(steps):,} steps of {len(journeys)} journeys are in this phase")
    rows = html.select("table.cj-index tbody tr")
    assert len(rows) == len(journeys)
    assert sum(int(row.find_all("td")[1].get_text()) for row in rows) == len(steps)
    first = rows[0].find_all("td")
    journey = model.journey(first[0].a["href"].rstrip("/").rsplit("/", 1)[-1])
    here = [step for j, step in steps if j.id == journey.id and step.emotion is not None]
    lowest = min(here, key=lambda step: step.emotion)
    assert first[3].a["href"].endswith(f"#step-{lowest.id}")
    assert first[3].a.get_text() == lowest.name
    # A phase of few steps still lists every one of them.
    small = pages.phase_page(
        phase,
        model.__class__(
            personas=model.personas,
            phases=model.phases,
            channels=model.channels,
            touchpoints=model.touchpoints,
            journeys=model.journeys[:5],
            systems=model.systems,
        ),
        catalogue("en"),
    )
    assert "cj-summary-note" not in str(small.sections[1].html)
