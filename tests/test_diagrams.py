"""The flow diagram and the touchpoint network, checked in the SVG Graphviz really draws."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from cjdocs.definitions.validation import load_model
from cjdocs.render import diagrams
from cjdocs.render.draw import flow_svgs
from cjdocs.render.engine import DiagramCache, get_engine
from cjdocs.render.palette import EMOTION_COLOURS
from conftest import FIXTURES, ROOT, assemble
from hostile import NASTY, write_hostile

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

LOOP_JOURNEY = """\
kind: journey
id: win-back
name: Win back a lapsed customer
persona: anna
steps:
  - id: reminder
    name: Gets a reminder
    phase: awareness
    action: Opens the mail
    feeling: bored
    touchpoints: [newsletter]
    emotion: -1
  - id: decides
    name: Decides
    phase: awareness
    branches:
      - if: comes back
        goto: pays
      - if: still away
        goto: reminder
      - if: unsubscribes
        goto: leaves
  - id: leaves
    name: Leaves for good
    phase: awareness
    emotion: -2
    next: []
  - id: pays
    name: Pays at the desk
    phase: purchase
    touchpoints: [checkout-desk, newsletter]
    emotion: 2
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diagram")
    journeys = assemble(folder, FIXTURES / "base")
    (journeys / "win-back.yaml").write_text(LOOP_JOURNEY, encoding="utf-8")
    validation, model = load_model([journeys], workers=1)
    assert validation.errors == []
    return model


@pytest.fixture(scope="module")
def hostile_model(tmp_path_factory):
    validation, model = load_model([write_hostile(tmp_path_factory.mktemp("hostile"))], workers=1)
    assert validation.errors == []
    return model


def draw(journey, language=None, **options) -> ET.Element:
    svg = flow_svgs([journey], language=language, workers=1, **options)[journey.id]
    return ET.fromstring(svg)


def groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [element for element in root.iter(f"{SVG}g") if element.get("class") == kind]


def texts(element: ET.Element) -> list[str]:
    return [text.text or "" for text in element.iter(f"{SVG}text")]


def test_one_cluster_per_phase_in_phase_order(model):
    root = draw(model.journey("win-back"))
    clusters = groups(root, "cluster")
    assert [cluster.get("id") for cluster in clusters] == [
        "cj-flow-win-back-phase-awareness",
        "cj-flow-win-back-phase-purchase",
    ]
    assert [texts(cluster) for cluster in clusters] == [["Awareness"], ["Purchase"]]
    left = [
        float(cluster.find(f"{SVG}path").get("d").split(",")[0].lstrip("M")) for cluster in clusters
    ]
    assert left == sorted(left)


def test_a_node_per_step_with_name_touchpoints_and_emotion(model):
    root = draw(model.journey("win-back"))
    nodes = {node.get("id"): node for node in groups(root, "node")}
    steps = [identifier for identifier in nodes if "-step-" in identifier]
    assert sorted(steps) == [
        f"cj-flow-win-back-step-{step}" for step in ("decides", "leaves", "pays", "reminder")
    ]
    pays = nodes["cj-flow-win-back-step-pays"]
    assert texts(pays) == ["Pays at the desk", "Checkout desk,", "Newsletter", "+2"]
    assert pays.find(f".//{SVG}text").get("font-weight") == "bold"


def test_nodes_are_filled_by_emotion(model):
    root = draw(model.journey("win-back"))
    fills = {
        node.get("id").rsplit("-step-", 1)[1]: node.find(f".//{SVG}path").get("fill")
        for node in groups(root, "node")
        if "-step-" in node.get("id")
    }
    assert fills == {
        "reminder": EMOTION_COLOURS[-1],
        "decides": "#ffffff",
        "leaves": EMOTION_COLOURS[-2],
        "pays": EMOTION_COLOURS[2],
    }


def test_edges_for_next_and_labelled_branches(model):
    root = draw(model.journey("win-back"))
    edges = {
        edge.get("id").removeprefix("cj-flow-win-back-edge-"): edge for edge in groups(root, "edge")
    }
    assert sorted(edges) == ["decides-0", "decides-1", "decides-2", "reminder-0", "start"]
    assert [texts(edges[f"decides-{n}"]) for n in range(3)] == [
        ["comes back"],
        ["still away"],
        ["unsubscribes"],
    ]
    assert texts(edges["reminder-0"]) == []


def test_every_step_links_to_its_anchor_with_a_tooltip(model):
    root = draw(model.journey("win-back"))
    links = {
        link.get(f"{XLINK}href", ""): link.get(f"{XLINK}title") for link in root.iter(f"{SVG}a")
    }
    assert links["#step-reminder"] == "Gets a reminder — Opens the mail — bored"
    assert links["#step-pays"] == "Pays at the desk"
    assert {href for href in links if href.startswith("#step-")} == {
        "#step-reminder",
        "#step-decides",
        "#step-leaves",
        "#step-pays",
    }


def test_start_and_ends_are_marked(model):
    root = draw(model.journey("win-back"))
    start = next(
        node for node in groups(root, "node") if node.get("id") == "cj-flow-win-back-start"
    )
    assert start.find(f".//{SVG}ellipse") is not None
    doubled = [
        node.get("id").rsplit("-", 1)[1]
        for node in groups(root, "node")
        if len(node.findall(f".//{SVG}path")) == 2
    ]
    assert sorted(doubled) == ["leaves", "pays"]


def test_text_alternative_and_legend_in_the_chosen_language(model):
    english = draw(model.journey("win-back"))
    german = draw(model.journey("win-back"), language="de")
    assert english.get("role") == "group"  # "img" would hide the step links inside
    assert english.find(f"{SVG}title").text == "Flow of the journey Win back a lapsed customer"
    assert english.find(f"{SVG}desc").text == (
        "4 steps in 2 phases, from Gets a reminder to Leaves for good or Pays at the desk."
    )
    assert german.find(f"{SVG}title").text == "Ablauf der Journey Win back a lapsed customer"
    legend = next(group for group in german.iter(f"{SVG}g") if group.get("class") == "cj-legend")
    assert "−2 sehr negativ" in texts(legend)
    assert not any("very" in text for text in texts(legend))


def test_colours_outside_boxes_follow_the_theme(model):
    svg = flow_svgs([model.journey("win-back")], workers=1)["win-back"]
    style = ET.fromstring(svg).find(f"{SVG}style").text
    assert ".cj-diagram .edge path { stroke: currentColor; }" in style
    assert ".cluster > text" in style and "fill: currentColor" in style
    assert 'fill="white"' not in svg  # Graphviz's white background is removed


def test_hostile_text_is_shown_as_written(hostile_model):
    journey = hostile_model.journey("hostile")
    svg = flow_svgs([journey], workers=1)["hostile"]
    root = ET.fromstring(svg)  # well-formed
    assert root.find(f"{SVG}title").text == f"Flow of the journey {NASTY[0]}"
    assert "javascript:" not in "".join(
        link.get(f"{XLINK}href", "") for link in root.iter(f"{SVG}a")
    )
    assert {link.get(f"{XLINK}href", "") for link in root.iter(f"{SVG}a")} >= {
        f"#step-step-{n}" for n in range(8)
    }
    assert not [
        element for element in root.iter() if element.tag in (f"{SVG}script", f"{SVG}image")
    ]
    shown = "".join(text.text or "" for text in root.iter(f"{SVG}text"))
    assert '<script>alert("x")</script>' in shown.replace("\n", "")
    tooltip = next(
        link.get(f"{XLINK}title")
        for link in root.iter(f"{SVG}a")
        if link.get(f"{XLINK}href") == "#step-step-2"
    )
    assert tooltip.startswith('quote " and \\" and \\N and \\G and a trailing backslash \\ — ')
    nodes = [node.get("id") for node in groups(root, "node")]
    assert len(nodes) == 9  # eight steps and the start: nothing injected


def test_the_same_model_gives_the_same_svg_in_any_process(model, tmp_path):
    first = flow_svgs([model.journey("win-back")], workers=1)["win-back"]
    script = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from cjdocs.definitions.validation import load_model\nfrom cjdocs.render.draw import flow_svgs\n"
        f"v, m = load_model([{str(model.journey('win-back').source.file)!r}, {str(FIXTURES / 'base')!r}], workers=1)\n"
        "sys.stdout.write(flow_svgs([m.journey('win-back')], workers=1)['win-back'])\n"
    )
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )
        assert result.stdout == first, result.stderr


def test_a_warm_cache_lays_out_nothing(model, tmp_path):
    journeys = list(model.journeys)
    cold = DiagramCache(tmp_path / "cache")
    first = flow_svgs(journeys, cache=cold)
    assert (cold.hits, cold.misses) == (0, len(journeys))
    warm = DiagramCache(tmp_path / "cache")
    second = flow_svgs(journeys, cache=warm)
    assert (warm.hits, warm.misses) == (len(journeys), 0)
    assert first == second
    # The layout does not depend on the language (titles and legend are added after it).
    german = DiagramCache(tmp_path / "cache")
    assert flow_svgs(journeys, cache=german, language="de") != first
    assert german.misses == 0


def test_the_touchpoint_network_groups_by_channel_and_keeps_online_apart(model):
    dot = diagrams.touchpoint_network_dot(
        model, lambda touchpoint: f"../touchpoints/{touchpoint.id}/"
    )
    svg = diagrams.finish_svg(
        get_engine().layout(dot),
        kind="network",
        identifier="all",
        title="Touchpoint network",
        description="d",
    )
    root = ET.fromstring(svg)
    clusters = {cluster.get("id"): texts(cluster) for cluster in groups(root, "cluster")}
    assert clusters == {
        "cj-network-online": ["Online"],
        "cj-network-channel-email": ["E-mail"],
        "cj-network-offline": ["Offline"],
        "cj-network-channel-store": ["Store"],
    }
    links = {link.get(f"{XLINK}href") for link in root.iter(f"{SVG}a") if link.get(f"{XLINK}href")}
    assert links == {"../touchpoints/newsletter/", "../touchpoints/checkout-desk/"}
    moves = [edge.get("id") for edge in groups(root, "edge")]
    assert moves == ["cj-network-move-newsletter-checkout-desk"]
