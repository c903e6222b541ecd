"""The navigation of a site: generated sections named in the site's language, in the order
readers meet them, trimmed past the limit; hand-written pages first and left as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation

from cjdocs.catalogue import catalogue
from cjdocs.site.nav import arrange


@pytest.fixture
def config(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def _navigation(config, generated: list[str], written: list[str] = ()):
    """The navigation MkDocs makes of generated pages (as the plugin adds them) and pages
    written by hand into the docs folder."""
    files = Files([])
    for path in [*generated, *written]:
        target = Path(config.docs_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("# A page\n", encoding="utf-8")
        file = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
        if path in generated:
            file.generated_by = "cjdocs"  # what File.generated records for our pages
        files.append(file)
    return get_navigation(files, config)


def _titles(nav) -> list[str]:
    return [item.title for item in nav.items]


def test_sections_take_the_site_language_and_the_readers_order(config):
    nav = _navigation(
        config,
        [
            "channels/index.md",
            "channels/email.md",
            "insights.md",
            "journeys/index.md",
            "journeys/b.md",
            "journeys/a.md",
            "phases/index.md",
            "phases/buy.md",
        ],
        written=["index.md"],
    )
    arrange(nav, order={"journeys/b.md": 1, "journeys/a.md": 2}, words=catalogue("de"), limit=40)
    assert _titles(nav)[1:4] == ["Journeys", "Phasen", "Kanäle"]
    assert nav.items[0].file.src_uri == "index.md"  # hand-written pages first
    assert nav.items[-1].file.src_uri == "insights.md"
    # The index page first, then the definitions in the order they were generated.
    assert [child.file.src_uri for child in nav.items[1].children] == [
        "journeys/index.md",
        "journeys/b.md",
        "journeys/a.md",
    ]


def test_past_the_limit_a_section_lists_only_its_index_page(config):
    touchpoints = [f"touchpoints/t{number:02}.md" for number in range(5)]
    nav = _navigation(config, ["touchpoints/index.md", *touchpoints])
    arrange(nav, order={}, words=catalogue("en"), limit=4)
    (section,) = nav.items
    assert section.title == "Touchpoints"
    assert [child.file.src_uri for child in section.children] == ["touchpoints/index.md"]


def test_a_folder_of_hand_written_pages_keeps_its_own_title(config):
    nav = _navigation(config, [], written=["index.md", "phases/notes.md"])
    arrange(nav, order={}, words=catalogue("de"), limit=40)
    # MkDocs titles the folder itself; cjdocs names only the sections it generated.
    section = nav.items[1]
    assert section.title == "Phases"  # not renamed "Phasen", as a generated section would be
    assert [child.file.src_uri for child in section.children] == ["phases/notes.md"]
    arrange(nav, order={}, words=catalogue("de"), limit=0)
    assert [child.file.src_uri for child in section.children] == ["phases/notes.md"]


def test_past_the_limit_a_section_lists_the_groups_of_its_index_page(config):
    touchpoints = [f"touchpoints/t{number:02}.md" for number in range(5)]
    nav = _navigation(config, ["touchpoints/index.md", *touchpoints])
    groups = {
        "touchpoints": [
            ("Store (3)", "touchpoints/#cj-group-channel-store"),
            ("Website (2)", "touchpoints/#cj-group-channel-web"),
        ]
    }
    arrange(nav, order={}, words=catalogue("en"), limit=4, groups=groups)
    (section,) = nav.items
    index, *links = section.children
    assert index.file.src_uri == "touchpoints/index.md"
    assert [(link.title, link.url) for link in links] == groups["touchpoints"]
    assert all(link.parent is section for link in links)


def test_groups_past_the_limit_too_leave_the_index_page_alone(config):
    touchpoints = [f"touchpoints/t{number:02}.md" for number in range(5)]
    nav = _navigation(config, ["touchpoints/index.md", *touchpoints])
    groups = {"touchpoints": [(f"C{n} (1)", f"touchpoints/#c{n}") for n in range(5)]}
    arrange(nav, order={}, words=catalogue("en"), limit=4, groups=groups)
    assert [child.file.src_uri for child in nav.items[0].children] == ["touchpoints/index.md"]
