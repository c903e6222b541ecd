"""cjdocs beside the MkDocs plugins teams combine it with: each real plugin, a real build.

A minifier must not make diagrams vanish, a plugin that files pages by language must not
crash on generated pages or drop them, a team's own order of the navigation stays, and a
plugin that breaks what cjdocs put into a page fails the build loudly instead of quietly.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import EXAMPLE, run_cjdocs

BASE = "site_name: Together\ntheme:\n  name: material\n"


def _project(folder: Path, config: str, pages: dict[str, str] | None = None) -> Path:
    shutil.copytree(EXAMPLE, folder / "journeys")
    for name, text in {"index.md": "# Welcome\n", **(pages or {})}.items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(BASE + config, encoding="utf-8")
    return folder


def _build(folder: Path):
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _journey_page(folder: Path, prefix: str = "") -> str:
    page = folder / "site" / prefix / "journeys" / "mug-shop-first-order" / "index.html"
    return page.read_text(encoding="utf-8")


def test_a_minifier_after_cjdocs_keeps_every_diagram(tmp_path):
    folder = _project(
        tmp_path, "plugins:\n  - search\n  - cjdocs\n  - minify:\n      minify_html: true\n"
    )
    result = _build(folder)
    assert result.returncode == 0, result.stderr
    page = _journey_page(folder)
    assert "\n" not in page.strip()[:2000]  # it was minified
    for figure in ("cj-flow", "cj-funnel"):
        assert re.search(rf'<svg class="?cj-(?:diagram|chart) {figure}', page), figure
    # The map's curve is in its cells, untouched.
    assert len(re.findall(r'<svg class="?cj-curve cj-lane[" ]', page)) == 13
    assert "cjdocs-" not in page


def test_a_plugin_that_breaks_a_diagram_slot_fails_the_build_and_says_so(tmp_path):
    # A hook (MkDocs' own mechanism for a plugin in a file) that strips unknown elements, as
    # an overly keen sanitiser would.
    folder = _project(
        tmp_path,
        "plugins:\n  - search\n  - cjdocs\nhooks:\n  - strip.py\n",
    )
    (folder / "strip.py").write_text(
        "import re\n\n"
        "def on_post_page(output, page, config):\n"
        "    return re.sub(r'</?cjdocs-[a-z0-9-]+>', '', output)\n",
        encoding="utf-8",
    )
    result = _build(folder)
    assert result.returncode == 1
    assert "the diagrams of the page 'journeys/" in result.stderr
    assert "could not be put in" in result.stderr


def test_mkdocs_static_i18n_builds_and_keeps_the_generated_pages(tmp_path):
    folder = _project(
        tmp_path,
        "plugins:\n  - search\n  - cjdocs\n  - i18n:\n      docs_structure: suffix\n"
        "      languages:\n        - locale: en\n          default: true\n          name: English\n"
        "        - locale: de\n          name: Deutsch\n",
        pages={"index.de.md": "# Willkommen\n"},
    )
    result = _build(folder)
    assert result.returncode == 0, result.stderr
    assert '<svg class="cj-diagram cj-flow' in _journey_page(folder)
    assert (folder / "site" / "de" / "index.html").is_file()


def test_a_navigation_ordered_with_awesome_nav_keeps_the_team_order(tmp_path):
    folder = _project(
        tmp_path,
        "plugins:\n  - search\n  - cjdocs\n  - awesome-nav\n",
        pages={
            "about.md": "# About us\n",
            ".nav.yml": "nav:\n  - about.md\n  - '*'\n  - index.md\n",
        },
    )
    result = _build(folder)
    assert result.returncode == 0, result.stderr
    html = (folder / "site" / "about" / "index.html").read_text(encoding="utf-8")
    primary = html[html.index("md-nav--primary") :]
    titles = re.findall(
        r'class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>)?\s*([^<\n]+?)\s*<', primary
    )
    assert titles[0] == "About us"
    assert titles[-1] == "Welcome"  # index.md last, as .nav.yml says
    assert "Journeys" in titles
