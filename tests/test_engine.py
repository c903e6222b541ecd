"""The Graphviz engines, the layout cache and `cjdocs render`."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from cjdocs.render.engine import (
    DiagramCache,
    DotEngine,
    LayoutError,
    WasmEngine,
    get_engine,
    layout_all,
)
from conftest import FIXTURES, assemble, run_cjdocs

GRAPH = 'digraph { a -> b [label="x"]; subgraph cluster_1 { label="P"; b } }'
# The system engine needs Graphviz's dot; without it these are skipped (see conftest.py).
ENGINES = ["wasm", pytest.param("dot", marks=pytest.mark.needs_dot)]


@pytest.mark.parametrize("name", ENGINES)
def test_both_engines_lay_out_svg(name):
    svg = get_engine(name).layout(GRAPH)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (
        len([g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "node"])
        == 2
    )


@pytest.mark.needs_dot
def test_the_dot_engine_also_writes_png():
    assert get_engine("dot").layout(GRAPH, "png").startswith(b"\x89PNG\r\n\x1a\n")


def test_the_wasm_engine_refuses_png_with_a_way_out():
    with pytest.raises(LayoutError, match="use --engine dot for PNG"):
        get_engine("wasm").layout(GRAPH, "png")


@pytest.mark.parametrize("name", ENGINES)
def test_graphviz_never_talks_on_our_stdout(name, capfd):
    # The system dot prints "Warning: no-such-colour is not a known color." for this.
    get_engine(name).layout('digraph { a [color="no-such-colour"]; a -> b }')
    assert capfd.readouterr() == ("", "")


def test_a_layout_that_runs_out_of_fuel_is_an_error_naming_the_diagram():
    starved = WasmEngine(fuel=100_000)
    with pytest.raises(
        LayoutError,
        match=r"^journey 'big': the diagram is too large to lay out in reasonable time$",
    ):
        layout_all({"journey 'big'": GRAPH}, engine=starved, workers=1)
    # The engine recovers for the next diagram.
    assert WasmEngine().layout(GRAPH).startswith(b"<?xml")


def test_a_missing_dot_says_how_to_install_it(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(
        LayoutError,
        match="apt-get install graphviz; macOS: brew install graphviz\\); SVG needs nothing",
    ):
        DotEngine()


def test_parallel_layout_gives_what_serial_layout_gives(tmp_path):
    graphs = {f"g{n}": f"digraph {{ a{n} -> b{n}; b{n} -> c; c -> a{n} }}" for n in range(6)}
    serial = layout_all(graphs, workers=1)
    parallel = layout_all(graphs, workers=3)
    assert serial == parallel


@pytest.mark.needs_dot
def test_the_cache_is_keyed_by_content_and_engine(tmp_path):
    cache = DiagramCache(tmp_path)
    wasm, dot = get_engine("wasm"), get_engine("dot")
    assert cache.key(wasm, GRAPH, "svg") != cache.key(dot, GRAPH, "svg")
    assert cache.key(wasm, GRAPH, "svg") != cache.key(wasm, GRAPH + " ", "svg")
    layout_all({"one": GRAPH}, cache=cache)
    assert (cache.hits, cache.misses) == (0, 1)
    layout_all({"one": GRAPH, "same text": GRAPH}, cache=cache)
    assert (cache.hits, cache.misses) == (2, 1)


def test_an_unwritable_cache_costs_time_only(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = DiagramCache(blocker / "cache")
    assert layout_all({"g": GRAPH}, cache=cache)["g"].startswith(b"<?xml")


# -- cjdocs render -------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    assemble(tmp_path, FIXTURES / "base")
    return tmp_path


def test_render_prints_the_svg_and_nothing_else(project):
    result = run_cjdocs("render", "first-purchase", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('<svg class="cj-diagram cj-flow"')
    assert result.stdout.endswith("</svg>\n")
    ET.fromstring(result.stdout)


@pytest.mark.parametrize(
    ("output_format", "check"),
    [
        pytest.param("svg", b"<svg", id="svg"),
        pytest.param("dot", b'digraph "flow" {', id="dot"),
        pytest.param("png", b"\x89PNG", marks=pytest.mark.needs_dot, id="png"),
    ],
)
def test_render_writes_a_file_in_each_format(project, output_format, check):
    result = run_cjdocs(
        "render",
        "first-purchase",
        "--format",
        output_format,
        "-o",
        f"out.{output_format}",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert (project / f"out.{output_format}").read_bytes().startswith(check)


def test_render_an_unknown_journey_names_the_closest(project):
    result = run_cjdocs("render", "first-purchse", cwd=project)
    assert result.returncode == 2
    assert "no journey 'first-purchse' (did you mean 'first-purchase'?)" in result.stderr
    far = run_cjdocs("render", "mug-shop", cwd=project)
    assert "no journey 'mug-shop'; the journeys are first-purchase" in far.stderr


def test_render_speaks_the_sites_language(project):
    (project / "mkdocs.yml").write_text(
        "site_name: S\ntheme:\n  name: material\n  language: de\nplugins:\n  - cjdocs\n"
    )
    german = run_cjdocs("render", "first-purchase", cwd=project)
    assert (
        '<title id="flow-first-purchase-title">Ablauf der Journey First purchase</title>'
        in german.stdout
    )
    english = run_cjdocs("render", "first-purchase", "--language", "en", cwd=project)
    assert "Flow of the journey First purchase" in english.stdout


def test_render_refuses_definitions_with_errors(project):
    assemble(project, FIXTURES / "invalid" / "no-end")
    result = run_cjdocs("render", "first-purchase", cwd=project)
    assert result.returncode == 1
    assert "[no-end]" in result.stderr
    assert result.stdout == ""


def test_render_refuses_a_journey_too_long_to_draw(project):
    steps = "".join(f"  - id: s{n}\n    name: Step {n}\n    phase: awareness\n" for n in range(300))
    (project / "journeys" / "long.yaml").write_text(
        f"kind: journey\nid: long\nname: Long\npersona: anna\nsteps:\n{steps}", encoding="utf-8"
    )
    result = run_cjdocs("render", "long", cwd=project)
    assert result.returncode == 2
    assert "journey 'long' has 300 steps; diagrams are drawn for at most 250" in result.stderr
