"""Sites built with the MkDocs settings teams use: other URL styles, edit link templates and
themes other than Material. Every internal link of each site is followed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_cjdocs
from links import dead_links

PAGE = "journeys/mug-shop-first-order"


def _project(
    folder: Path, settings: str, theme: str = "material\n  features: [content.action.edit]"
) -> Path:
    shutil.copytree(EXAMPLE, folder / "journeys")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        f"site_name: Settings\ntheme:\n  name: {theme}\nplugins:\n  - search\n  - cjdocs\n"
        + settings,
        encoding="utf-8",
    )
    return folder


def _build(folder: Path) -> Path:
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_file_urls_leave_no_dead_link(tmp_path):
    site = _build(_project(tmp_path, "use_directory_urls: false\n"))
    assert (site / f"{PAGE}.html").is_file()
    checked, dead = dead_links(site)
    assert dead == [] and checked > 2000


def test_the_markdown_export_with_file_urls_builds_with_plain_mkdocs_and_no_dead_link(tmp_path):
    project = _project(tmp_path / "project", "use_directory_urls: false\n")
    export = run_cjdocs("export", "--format", "markdown", "-o", "../plain/docs", cwd=project)
    assert export.returncode == 0, export.stderr
    plain = tmp_path / "plain"
    (plain / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (plain / "mkdocs.yml").write_text(
        "site_name: Plain\nuse_directory_urls: false\ntheme:\n  name: material\n"
        "extra_css:\n  - assets/cjdocs/cjdocs.css\n",
        encoding="utf-8",
    )
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=plain, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    checked, dead = dead_links(plain / "site")
    assert dead == [] and checked > 2000


def test_an_edit_uri_template_makes_both_edit_links(tmp_path):
    settings = (
        "repo_url: https://git.example.com/team/journeys\n"
        "edit_uri_template: 'src/branch/main/docs/{path}?mode=edit'\n"
    )
    site = _build(_project(tmp_path, settings))
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    expected = "https://git.example.com/team/journeys/src/branch/main/journeys/mug-shop-first-order.yaml?mode=edit"
    # Material's edit button, and the page's own link to the definition.
    assert re.search(
        rf'<a href="{re.escape(expected)}" title="[^"]*" class="md-content__button', html
    )
    assert f'<a href="{expected}">' in html


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_themes_other_than_material_show_every_page_whole(tmp_path, theme):
    site = _build(_project(tmp_path, "", theme=theme))
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    assert html.count("<h1>First order in the mug shop</h1>") == 1
    assert '<svg class="cj-diagram cj-flow' in html
    checked, dead = dead_links(site)
    assert dead == [] and checked > 500


def test_material_shows_the_title_once(tmp_path):
    site = _build(_project(tmp_path, ""))
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<h1\b", html)) == 1
