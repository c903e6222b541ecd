"""Large repositories build: no diagram fails a build by its size (issue 10, point 1).

The touchpoint network of many touchpoints is drawn by channel, with a diagram per channel; a
journey of hundreds of steps is drawn phase by phase; a diagram that still cannot be laid out
becomes a table on its page and a warning, which fails `--strict`.
"""

from __future__ import annotations

import importlib.util
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


@pytest.fixture(scope="module")
def dense(tmp_path_factory) -> Path:
    """Twelve journeys of 20 steps, each step on two of 80 touchpoints (16 channels) at random:
    about 900 different moves between touchpoints."""
    folder = tmp_path_factory.mktemp("dense")
    _generator().generate(folder, 12, 20, seed=1, touchpoints=80, channels=16)
    return folder


def test_a_dense_repository_builds_with_its_network_drawn_by_channel(dense):
    result = run_cjdocs("build", "--strict", cwd=_site(dense), timeout=600)
    assert result.returncode == 0, result.stderr
    assert "diagram-too-large" not in result.stderr

    page = (dense / "site" / "insights" / "index.html").read_text(encoding="utf-8")
    figure = page[page.index('class="cj-figure cj-network-figure"') :]
    figure = figure[: figure.index("</figure>")]
    overview, *channels = _svgs(figure)
    assert overview.find(f"{SVG}title").text == "Network of channels"
    nodes = _ids(overview, "node")
    assert len(nodes) == 16
    assert all(node.startswith("cj-network-channel-channel-") for node in nodes)
    assert len(_ids(overview, "edge")) == diagrams.CHANNEL_LINKS
    legend = "".join(overview.find(f".//{SVG}g[@class='cj-legend']").itertext())
    assert re.fullmatch(
        r"The 20 strongest of (\d+) links are drawn; \d+ weaker ones are left out\.", legend
    )
    # Every channel's own diagram, folded away under its name.
    assert len(channels) == 16
    assert page.count('<details class="cj-network-channel"><summary>') == 16
    assert "<summary>Store: its touchpoints and their strongest links</summary>" in page
    store = channels[0]
    assert store.find(f"{SVG}title").text == "Touchpoints of Store and their strongest links"
    assert len(_ids(store, "edge")) <= 2 * diagrams.CHANNEL_DETAIL_LINKS


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
