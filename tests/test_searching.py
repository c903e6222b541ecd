"""The search entries of the generated pages are written by cjdocs, and are Material's.

Material's search reads every page's HTML with Python's HTML parser in the one process MkDocs
renders in; cjdocs reads its own pages' HTML in one pass of a regular expression
(cjdocs/site/searching.py) and puts the entries into `search/search_index.json` itself. A
reader must find exactly what Material would have indexed: these tests hold the two to each
other, on random HTML of the part of the language our pages are written in, and on whole
sites (the example with the map cases, the hostile set) byte for byte.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mapcases import write_map_cases

from cjdocs.site import searching
from hostile import write_hostile

search = pytest.importorskip("material.plugins.search.plugin")

ROOT = Path(__file__).resolve().parent.parent

# -- random HTML of the part of the language read here -------------------------------------------

WORDS = st.text(alphabet=st.sampled_from(list("ab &<>\"'\n\t ü\u00a0")), max_size=10).map(
    lambda text: html.escape(text, quote=False)
) | st.sampled_from(["&amp;", "&#39;", "&quot;", "&nbsp;", "&unknown;", "& x", " ", "\n", ""])
TAGS = [
    "p", "code", "pre", "li", "ul", "ol", "sub", "sup", "div", "span", "a", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "details", "summary", "table", "td", "Section", "cjdocs-0f-flow",
]  # fmt: skip
VOID = ["br", "wbr", "img", "hr"]
IDS = ["a", "b", "step-1", "x&amp;y"]
ATTRIBUTE = st.sampled_from(
    [
        "",
        ' id="a"',
        ' id="b"',
        ' id="step-1"',
        ' id="x&amp;y"',
        ' class="headerlink"',
        ' class="linenodiv"',
        ' class="cj-step"',
        " data-search-exclude",
        ' data-search-exclude=""',
        " DATA-SEARCH-EXCLUDE",
        ' href="#a"',
        ' id="a" data-search-exclude',
    ]
)


@st.composite
def element(draw, children) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = draw(ATTRIBUTE)
    if draw(st.integers(0, 9)) == 0:
        return f"<{tag}{attributes}/>"
    inner = "".join(draw(st.lists(children, max_size=4)))
    end = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", f"</{tag}>", "", "</p>", "</li>"]))
    return f"<{tag}{attributes}>{inner}{end}"


NODES = st.recursive(
    WORDS | st.sampled_from([f"<{tag}>" for tag in VOID]),
    lambda children: element(children),
    max_leaves=25,
)
FRAGMENTS = st.lists(NODES, max_size=8).map("".join)


def _toc(identifiers: list[str]) -> list:
    # (An entry links to its table of contents entry: here its address differs from the id.)
    return [
        SimpleNamespace(id=name, url=f"#toc-{name}", title=name.title(), children=[])
        for name in identifiers
    ]


def materials(content: str, *, meta: dict, toc: list, url: str = "journeys/a/") -> list[dict]:
    """The entries Material's search makes of a page holding `content`."""
    page = SimpleNamespace(content=content, meta=meta, toc=toc, url=url, title="The title")
    index = search.SearchIndex()
    index.add_entry_from_context(page)
    return index.entries


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    FRAGMENTS,
    st.sampled_from(
        [
            {},
            {"title": "Front &amp; matter"},
            {"tags": ["a", 1, "", None]},
            {"search": {"boost": 2}},
        ]
    ),
    st.lists(st.sampled_from(IDS[:3]), max_size=2, unique=True),
)
def test_the_entries_are_materials_for_any_html_read_here(content, meta, identifiers):
    toc = _toc(identifiers)
    try:
        expected = materials(content, meta=meta, toc=toc)
    except ValueError:  # Material's reader fails on a kept tag closed where it was not opened
        expected = None
    made = searching.entries(content, url="journeys/a/", toc=toc, meta=meta, title="The title")
    assert made == expected


@pytest.mark.parametrize(
    "content",
    [
        "<p>a <!-- a comment --> b</p>",
        "<p>a < b</p>",
        "<p class='single'>quoted</p>",
        "<p class=bare>value</p>",
        "<script>var a = '<p>';</script>",
        "<style>p > a {}</style>",
        "<!DOCTYPE html><p>a</p>",
        "<p>a</p><?php echo 1; ?>",
    ],
)
def test_html_outside_that_part_is_left_to_material(content):
    assert searching.entries(content, url="a/", toc=[], meta={}, title="A") is None


def test_the_entries_are_put_in_in_the_order_of_the_pages():
    index = json.dumps(
        {
            "config": {"lang": ["en"]},
            "docs": [
                {"location": "", "title": "Home", "text": "welcome"},
                {"location": "#more", "title": "More", "text": ""},
                {"location": "guide/", "title": "Guide", "text": "how"},
            ],
        },
        separators=(",", ":"),
    )
    ours = {"journeys/a/": [{"location": "journeys/a/", "title": "A", "text": "a & b"}]}
    merged = json.loads(searching.merged(index, ours, ["", "journeys/a/", "guide/"]))
    assert [entry["location"] for entry in merged["docs"]] == [
        "",
        "#more",
        "journeys/a/",
        "guide/",
    ]
    assert merged["config"] == {"lang": ["en"]}


# -- whole sites --------------------------------------------------------------------------------


def _project(folder: Path, journeys: Path | None = None) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    if journeys is None:
        shutil.copytree(ROOT / "journeys", folder / "journeys")
        write_map_cases(folder / "journeys")
    else:
        shutil.copytree(journeys, folder / "journeys")
    return folder


def _built(project: Path, site: str, monkeypatch, *, ours: bool):
    """The search index of the project's site built in this process, the entries the plugin
    wrote (by page), and how many pages it generated; with `ours` False, Material's search
    reads every page itself. (MkDocs keeps one plugin object for the process.)"""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import cjdocs.site.plugin as plugin_module

    monkeypatch.chdir(project)
    monkeypatch.setattr(plugin_module, "can_write_entries", lambda: ours)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    plugin = config.plugins["cjdocs"]
    index = (project / site / "search" / "search_index.json").read_bytes()
    return index, dict(plugin._search or {}), len(plugin._generated)


@pytest.mark.parametrize("which", ["example", "hostile"])
def test_a_sites_search_index_is_the_one_material_writes(which, tmp_path, monkeypatch):
    journeys = None if which == "example" else write_hostile(tmp_path / "hostile")
    (tmp_path / "project").mkdir()
    project = _project(tmp_path / "project", journeys)
    ours, written, generated = _built(project, "site-ours", monkeypatch, ours=True)
    theirs, none, _ = _built(project, "site-theirs", monkeypatch, ours=False)
    assert ours == theirs
    assert none == {}
    # Our pages were read by us (Material's reader was not given them), the docs folder's by
    # Material: the example's home page is in the index too.
    assert any(address.startswith("journeys/") for address in written)
    assert "" not in written
    locations = [entry["location"] for entry in json.loads(ours)["docs"]]
    assert "" in locations or which == "hostile"
    assert len(written) == generated


def test_a_page_outside_that_part_of_html_is_read_by_material(tmp_path, monkeypatch):
    """A team's template that writes a comment into each step: those pages go to Material."""
    project = tmp_path / "project"
    project.mkdir()
    _project(project)
    overrides = project / "overrides" / "cjdocs"
    overrides.mkdir(parents=True)
    step = (ROOT / "cjdocs" / "render" / "templates" / "cjdocs" / "step.html").read_text("utf-8")
    (overrides / "step.html").write_text("<!-- our step -->\n" + step, encoding="utf-8")
    settings_text = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        settings_text.replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
        ),
        encoding="utf-8",
    )
    ours, written, _ = _built(project, "site-ours", monkeypatch, ours=True)
    theirs, _, _ = _built(project, "site-theirs", monkeypatch, ours=False)
    assert ours == theirs
    # The journeys' pages (the steps are on them) went to Material; the other pages to us.
    journeys = [
        address
        for address in written
        if address.startswith("journeys/") and address.count("/") == 2
    ]
    assert journeys == [] and "journeys/" in written


# -- read ahead by a forked process ----------------------------------------------------------------


def _page(number: int, text: str = "") -> SimpleNamespace:
    content = f'<h2 id="part-{number}">Part {number}</h2><p>{text or f"Words of page {number}"}</p>'
    return SimpleNamespace(
        url=f"journeys/j{number}/",
        content=content,
        toc=_toc([f"part-{number}"]),
        meta={"tags": [f"tag {number}"]},
        title=f"Page {number}",
    )


def _read_here(page) -> list[dict] | None:
    return searching.entries(
        page.content, url=page.url, toc=page.toc, meta=page.meta, title=page.title
    )


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: nothing is read ahead")
def test_entries_read_ahead_are_those_read_here_in_any_order():
    pages = [_page(number) for number in range(40)]
    expected = {page.url: _read_here(page) for page in pages}
    ahead = searching.ReadAhead(pages)
    try:
        # Asked for out of the order they were read in: what came first is kept meanwhile.
        for page in pages[20:] + pages[:20]:
            assert ahead.get(page) == expected[page.url]
    finally:
        ahead.stop()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: nothing is read ahead")
def test_a_page_changed_after_the_fork_is_read_as_it_is_now():
    """Another plugin may rewrite a page's content, meta or table of contents after the
    child was forked (on_env, on_page_context before ours): its entries are of the page as
    it is when it is rendered."""
    pages = [_page(number) for number in range(6)]
    ahead = searching.ReadAhead(pages)
    try:
        pages[1].content = pages[1].content.replace("Words", "Other words")
        pages[2].meta = {"tags": ["changed"]}
        pages[3].toc = _toc(["another"])
        pages[4].content = "<!-- a comment: Material reads this page -->"
        for page in pages:
            assert ahead.get(page) == _read_here(page)
        assert "Other words" in ahead_text(pages[1])
        assert ahead_text(pages[4]) is None
    finally:
        ahead.stop()


def ahead_text(page) -> str | None:
    made = _read_here(page)
    return None if made is None else " ".join(entry["text"] for entry in made)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: nothing is read ahead")
def test_once_the_child_is_gone_the_pages_are_read_here(monkeypatch):
    """A child that failed (here: its reader raised on every page) or was stopped leaves
    every page it did not send to this process: none is lost, none is wrong."""
    pages = [_page(number) for number in range(5)]
    real = searching.page_entries
    monkeypatch.setattr(searching, "page_entries", lambda page: 1 / 0)
    ahead = searching.ReadAhead(pages)  # (the child inherits the broken reader)
    monkeypatch.setattr(searching, "page_entries", real)
    try:
        assert [ahead.get(page) for page in pages] == [_read_here(page) for page in pages]
    finally:
        ahead.stop()
    stopped = searching.ReadAhead(pages)
    stopped.stop()
    assert [stopped.get(page) for page in pages] == [_read_here(page) for page in pages]
