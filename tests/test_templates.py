"""The pages' templates: the package's own, a team's overrides in the theme's folder, errors.

A team overrides a fragment by putting a file of the same name into the theme's `custom_dir`
(`overrides/cjdocs/step.html`); without one, the plugin and the Markdown export write the
same pages.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig

from cjdocs.catalogue import catalogue
from cjdocs.definitions.validation import load_model
from cjdocs.render.pages import Diagrams, all_pages
from cjdocs.render.templates import Templates
from conftest import FIXTURES, assemble, run_cjdocs

CONFIG = """\
site_name: Test
theme:
  name: material
  font: false
  custom_dir: overrides
plugins:
  - search
  - cjdocs
"""

STEP_OVERRIDE = """\
<section class="team-step" id="{{ anchor }}">
<h3>{{ number }} · {{ step.name }}</h3>
<p>{{ labels.phase }}: <a href="{{ phase.href }}">{{ phase.text }}</a></p>
</section>
"""


def make_site(folder: Path, overrides: dict[str, str] | None = None) -> Path:
    assemble(folder, FIXTURES / "base")
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    (folder / "overrides").mkdir(exist_ok=True)
    for name, text in (overrides or {}).items():
        path = folder / "overrides" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def mkdocs_build(folder: Path):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


def article(site: Path, url: str) -> BeautifulSoup:
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page.find("article")


def model_of(folder: Path):
    validation, model = load_model([folder])
    assert model is not None, validation.errors
    return model


class CountingLoader(jinja2.BaseLoader):
    """Finds nothing, and counts how often each template was asked for."""

    def __init__(self) -> None:
        self.asked: dict[str, int] = {}

    def get_source(self, environment, template):
        self.asked[template] = self.asked.get(template, 0) + 1
        raise jinja2.TemplateNotFound(template)


def test_each_template_is_compiled_once_for_all_pages():
    counting = CountingLoader()
    model = model_of(Path(__file__).resolve().parent.parent / "journeys")
    rendered = all_pages(model, catalogue("en"), Diagrams(), templates=Templates(first=counting))
    assert len(rendered) > 50
    assert "cjdocs/step.html" in counting.asked
    assert set(counting.asked.values()) == {1}


def test_the_themes_own_templates_change_nothing_without_an_override():
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "theme": {"name": "material"}})
    assert not config.validate()[0]
    theme_first = Templates(first=config.theme.get_env().loader)
    model = model_of(FIXTURES / "base")
    ours = all_pages(model, catalogue("en"), Diagrams())
    theirs = all_pages(model, catalogue("en"), Diagrams(), templates=theme_first)
    assert theirs == ours


def test_without_overrides_the_plugin_and_the_export_build_the_same_pages(tmp_path):
    site = make_site(tmp_path / "plugin")
    assert mkdocs_build(site).returncode == 0

    plain = tmp_path / "plain"
    assemble(plain, FIXTURES / "base")
    exported = run_cjdocs("export", "--format", "markdown", "-o", "docs", cwd=plain, timeout=300)
    assert exported.returncode == 0, exported.stderr
    (plain / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    (plain / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  font: false\n"
        "extra_css:\n  - assets/cjdocs/cjdocs.css\n",
        encoding="utf-8",
    )
    built = mkdocs_build(plain)
    assert built.returncode == 0, built.stderr

    urls = sorted(
        path.parent.relative_to(site / "site").as_posix() + "/"
        for kind in ("journeys", "personas", "phases", "touchpoints", "channels", "insights")
        for path in (site / "site" / kind).rglob("index.html")
    )
    assert len(urls) == 14
    for url in urls:
        assert str(article(site / "site", url)) == str(article(plain / "site", url)), url
    stylesheet = "assets/cjdocs/cjdocs.css"
    assert (site / "site" / stylesheet).read_bytes() == (plain / "site" / stylesheet).read_bytes()


def test_an_override_in_the_themes_custom_dir_changes_the_site(tmp_path):
    site = make_site(tmp_path / "site", {"cjdocs/step.html": STEP_OVERRIDE})
    journey = site / "journeys" / "journey.yaml"
    journey.write_text(
        journey.read_text(encoding="utf-8").replace(
            "name: Reads the newsletter", "name: \"<script>alert('x')</script> & co\""
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr

    page = article(site / "site", "journeys/first-purchase/")
    steps = page.select("section.team-step")
    assert [step["id"] for step in steps] == ["step-reads-newsletter", "step-pays"]
    # The override is escaped as our own templates are: the name is text, not a script.
    assert steps[0].h3.get_text() == "1 · <script>alert('x')</script> & co"
    assert page.find("script") is None
    assert steps[1].a["href"] == "../../phases/purchase/"
    assert page.select("div.cj-step") == []
    # Every other fragment is the package's.
    assert page.select_one("div.cj-map") is not None
    assert page.select_one("div.cj-summary dl.cj-details") is not None


def test_a_broken_override_fails_the_build_naming_it_and_keeps_the_site(tmp_path):
    site = make_site(tmp_path / "site")
    assert mkdocs_build(site).returncode == 0
    before = {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (site / "site").rglob("*")
        if path.is_file()
    }

    override = site / "overrides" / "cjdocs" / "step.html"
    override.parent.mkdir(parents=True)
    override.write_text("<div>\n{% if step.name %}\n{{ step.name }}\n</div>\n", encoding="utf-8")
    result = run_cjdocs("build", cwd=site, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "overrides/cjdocs/step.html:3 cannot be read: Unexpected end of template" in result.stderr
    )
    assert "fix it, or remove it to use the one cjdocs ships" in result.stderr

    override.write_text("<div>{{ stepp.name }}</div>\n", encoding="utf-8")
    result = run_cjdocs("build", cwd=site, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "cjdocs: the template overrides/cjdocs/step.html cannot be rendered: 'stepp' is undefined; "
        "fix it, or remove it to use the one cjdocs ships"
    ) in result.stderr

    override.write_text("<div>{{ number / 0 }}</div>\n", encoding="utf-8")
    result = run_cjdocs("build", cwd=site, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "overrides/cjdocs/step.html cannot be rendered: ZeroDivisionError" in result.stderr

    after = {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (site / "site").rglob("*")
        if path.is_file()
    }
    assert after == before


@pytest.mark.parametrize("name", ["cjdocs/step.html", "cjdocs/macros.html"])
def test_the_package_templates_are_shipped(name):
    assert Templates().environment.get_template(name).filename.endswith(name)


def test_editing_an_override_while_serving_rebuilds_the_page(tmp_path):
    from test_serve import fetch, free_port, wait_for

    site = make_site(tmp_path / "site", {"cjdocs/step.html": STEP_OVERRIDE})
    port = free_port()
    url = f"http://127.0.0.1:{port}/journeys/first-purchase/"
    server = subprocess.Popen(
        [sys.executable, "-m", "cjdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        assert wait_for(lambda: "team-step" in (fetch(url) or "")), "the page was never served"
        override = site / "overrides" / "cjdocs" / "step.html"
        override.write_text(STEP_OVERRIDE.replace("team-step", "our-step"), encoding="utf-8")
        assert wait_for(lambda: "our-step" in (fetch(url) or "")), "the page was not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_override_of_the_index_table_writes_every_table(tmp_path):
    """Index tables are written in Python where the team keeps the shipped template
    (tests/test_pages.py); an override of it, or of the macros it uses, writes them all."""
    shipped = (
        Path(__file__).parents[1]
        / "cjdocs"
        / "render"
        / "templates"
        / "cjdocs"
        / "index-table.html"
    ).read_text(encoding="utf-8")
    override = shipped.replace('<table class="cj-index">', '<table class="cj-index team-table">')
    site = make_site(tmp_path / "site", {"cjdocs/index-table.html": override})
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    for url in ("touchpoints/newsletter/", "phases/purchase/"):
        tables = (site / "site" / url / "index.html").read_text(encoding="utf-8")
        assert tables.count('<table class="cj-index team-table">') >= 1, url
        assert '<table class="cj-index">' not in tables, url


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_text_written_in_python_is_escaped_as_a_template_prints_it(text):
    """`escaped` (the fast way for HTML written in Python) and `{{ text }}` in a template
    give the same: the characters XML forbids gone, `& < > ' "` escaped, the rest as it is."""
    from cjdocs.render.templates import escaped, printed

    assert escaped(text) == str(printed(text))
    assert escaped(f"{text}<&>") == str(printed(f"{text}<&>"))


def _environment(cache, source: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.DictLoader({"page.html": source}), bytecode_cache=cache, auto_reload=False
    )


def test_templates_compiled_once_are_loaded_in_the_next_run(tmp_path, monkeypatch):
    from cjdocs.render.templates import SealedTemplates

    first = _environment(SealedTemplates(tmp_path), "Hello {{ name }}")
    assert first.get_template("page.html").render(name="Anna") == "Hello Anna"
    second = _environment(SealedTemplates(tmp_path), "Hello {{ name }}")
    monkeypatch.setattr(second, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert second.get_template("page.html").render(name="Ben") == "Hello Ben"
    # A changed template is compiled anew, not taken from the cache.
    monkeypatch.undo()
    changed = _environment(SealedTemplates(tmp_path), "Goodbye {{ name }}")
    assert changed.get_template("page.html").render(name="Ben") == "Goodbye Ben"


@pytest.mark.parametrize("seal", ["none", "another key", "cut short"])
def test_a_planted_compiled_template_is_never_run(tmp_path, seal):
    """Compiled templates are code run as they are loaded: one the cache holds without this
    user's seal (written by someone else, or changed) is ignored, the template compiled from
    its source."""
    from cjdocs.render.engine import write_sealed
    from cjdocs.render.templates import SealedTemplates

    cache = SealedTemplates(tmp_path)
    _environment(cache, "genuine {{ name }}").get_template("page.html").render(name="x")
    (entry,) = tmp_path.glob("*.jinja")
    # The attacker's code, made to pass for the template: its name, its source's checksum.
    environment = _environment(None, "planted")
    bucket = jinja2.bccache.Bucket(
        environment,
        cache.get_cache_key("page.html"),
        cache.get_source_checksum("genuine {{ name }}"),
    )
    bucket.code = environment.compile("planted", "page.html", None)
    code = bucket.bytecode_to_string()
    if seal == "none":
        entry.write_bytes(b"\0" * 32 + code)
    elif seal == "another key":
        write_sealed(entry, tmp_path / "theirs" / "templates.key", code)
    else:
        entry.write_bytes(entry.read_bytes()[:20])
    again = _environment(SealedTemplates(tmp_path), "genuine {{ name }}")
    assert again.get_template("page.html").render(name="x") == "genuine x"
