"""cjdocs beside mkdocs-print-site-plugin, the usual way a MkDocs site becomes one PDF.

print-site copies every page's HTML into one print page while MkDocs renders it, before the
events in which cjdocs would put its diagrams in; the print page itself never passes through
them. The example, built with print-site after cjdocs as its documentation asks, must have
each journey's map whole in the print page: every step's column with its part of the curve,
the flow diagram, the funnel, the persona's comparison, and no slot or placeholder left.
"""

from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup

from cjdocs.definitions.validation import load_model
from conftest import EXAMPLE, ROOT, run_cjdocs

pytest.importorskip("mkdocs_print_site_plugin")


@pytest.fixture(scope="module")
def print_page(tmp_path_factory) -> BeautifulSoup:
    folder = tmp_path_factory.mktemp("print-site")
    shutil.copytree(ROOT / "journeys", folder / "journeys")
    shutil.copytree(ROOT / "docs", folder / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      source: journeys\n" in config
    config = config.replace("      source: journeys\n", "      source: journeys\n  - print-site\n")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    html = (folder / "site" / "print_page" / "index.html").read_text(encoding="utf-8")
    # Nothing cjdocs meant to fill is left: no slot, no block or figure placeholder.
    assert not re.search(r"<cjdocs-[0-9a-f]{16}-", html)
    assert "data-cj-block" not in html and "data-cj-figure" not in html
    return BeautifulSoup(html, "html.parser")


def sections(page: BeautifulSoup) -> dict[str, BeautifulSoup]:
    return {section["id"]: section for section in page.select("section.print-page[id]")}


def test_every_journeys_map_is_whole_in_the_print_page(print_page):
    _, model = load_model([EXAMPLE])
    found = sections(print_page)
    for journey in model.journeys:
        section = found[f"journeys-{journey.id}"]
        (grid,) = section.select(".cj-map:not(.cj-blueprint)")
        columns = grid.select("dl.cj-map-step")
        # Every step's column, each once, with the emotion lane's drawing in it.
        assert sorted(column["id"] for column in columns) == sorted(
            f"cj-map-{step.id}" for step in journey.steps
        )
        assert all(column.select_one("svg.cj-lane") for column in columns)
        points = section.select("svg.cj-lane circle.cj-point")
        assert len(points) == sum(step.emotion is not None for step in journey.steps)
        # The diagrams went in with it.
        assert section.select(".cj-flow-figure svg")
        assert bool(section.select("svg.cj-funnel")) == journey.has_reach
        # And the service blueprint, where the journey has one, with a column for every step.
        blueprints = section.select(".cj-blueprint dl.cj-map-step")
        assert len(blueprints) == (len(journey.steps) if journey.has_blueprint else 0)


def test_the_personas_comparison_is_in_the_print_page(print_page):
    student = sections(print_page)["personas-student"]
    (chart,) = student.select("svg.cj-compare")
    assert len(chart.select("g.cj-compare-line")) == 2
    assert len(student.select("table.cj-compare-table tbody tr")) == 2


def test_print_site_listed_before_cjdocs_fails_the_build_saying_what_to_change(tmp_path):
    shutil.copytree(ROOT / "journeys", tmp_path / "journeys")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - search\n", "  - search\n  - print-site\n", 1)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")

    result = run_cjdocs("build", cwd=tmp_path, timeout=600)

    # Built, its print page would hold the placeholders of every map, silently.
    assert result.returncode == 1
    assert (
        "cjdocs: list print-site after cjdocs in the plugins of mkdocs.yml; before it, "
        "print-site copies the journeys' pages before their maps are in"
    ) in result.stderr
    assert not (tmp_path / "site").exists()
