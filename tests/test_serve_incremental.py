"""`cjdocs serve` after an edit makes again only what changed, and serves what a full build
writes (issue 10, point 4).

A rebuild while serving takes each file's check, each journey's page and flow diagram, and
each page's HTML from the build before where what they are made from is the same
(cjdocs/definitions/memory.py, cjdocs/render/memory.py, cjdocs/site/kept.py). These tests edit
a served repository in the ways a team does (rename a journey, a touchpoint other journeys
use, a persona; change a step's words; delete a journey, bring it back) and compare every
page served over HTTP, and the search index, with `cjdocs build` of the same files, byte for
byte (but for the script by which the preview reloads the browser).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from test_serve import fetch, free_port, serving

from conftest import ROOT, run_cjdocs

# The preview's own script, which MkDocs adds to each page it serves, before its last </body>.
RELOAD_SCRIPT = re.compile(
    r"<script>(?:(?!</script>).)*?livereload(?:(?!</script>).)*</script>(?=</body>(?:(?!</body>).)*$)",
    re.DOTALL,
)
PAGES_MADE = re.compile(r"cjdocs: (\d+) of (\d+) pages made again, (\d+) of (\d+) written again")


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Served:
    """`cjdocs serve` of `project`, with its terminal output read as it comes: each finished
    build prints how much of it was made again."""

    def __init__(self, project: Path, port: int) -> None:
        self.project = project
        self.port = port
        self.lines: list[str] = []

    def __enter__(self) -> Served:
        self.server = serving(self.project, self.port)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.builds(1)
        # The watcher looks at the files first after the first build: an edit saved before
        # that look would be its starting point, not a change (so would a team's, but a team
        # does not save within the same tenth of a second).
        deadline = time.monotonic() + 60
        while not any("Serving on" in line for line in self.lines):
            assert time.monotonic() < deadline, "".join(self.lines)
            time.sleep(0.05)
        time.sleep(1)
        return self

    def _read(self) -> None:
        for line in self.server.stderr:
            self.lines.append(line)

    def __exit__(self, *exception) -> None:
        self.server.terminate()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self.reader.join(timeout=10)
        self.server.stderr.close()

    def counts(self) -> list[tuple[int, int, int, int]]:
        return [tuple(map(int, m.groups())) for m in map(PAGES_MADE.search, self.lines) if m]

    def builds(self, count: int, seconds: float = 120) -> tuple[int, int, int, int]:
        """Wait for the `count`th build to be served; what it made again."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            finished = [line for line in self.lines if "Reloading browsers" in line]
            if len(self.counts()) >= count and (count == 1 or len(finished) >= count - 1):
                return self.counts()[count - 1]
            assert self.server.poll() is None, "".join(self.lines)
            time.sleep(0.1)
        raise AssertionError(f"build {count} never finished:\n{''.join(self.lines)}")

    def page(self, url: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url}", timeout=30) as response:
            return response.read()


def _same_as_a_build(served: Served, project: Path, tmp_path: Path, name: str) -> None:
    """Every page and the search index as served are those `cjdocs build` writes."""
    site = tmp_path / f"built-{name}"
    result = run_cjdocs("build", "-d", str(site), cwd=project, timeout=600)
    assert result.returncode == 0, result.stderr
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        url = page.relative_to(site).parent.as_posix() + "/"
        shown = RELOAD_SCRIPT.sub("", served.page("" if url == "./" else url).decode("utf-8"))
        assert shown == page.read_text(encoding="utf-8"), f"{name}: {url} differs from a build"
    index = served.page("search/search_index.json")
    assert index == (site / "search" / "search_index.json").read_bytes(), name


@pytest.fixture
def project(tmp_path) -> tuple[Path, int]:
    folder = tmp_path / "project"
    _generator().generate(folder, 12, 6, seed=3, touchpoints=12, channels=4)
    port = free_port()
    # The preview's address: the same in a build, so that the pages' own links are the same.
    (folder / "mkdocs.yml").write_text(
        f"site_name: Preview\nsite_url: http://127.0.0.1:{port}/\ntheme:\n  name: material\n"
        "  font: false\nplugins:\n  - search\n  - cjdocs\n",
        encoding="utf-8",
    )
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Preview\n", encoding="utf-8")
    return folder, port


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name}: no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_served_site_after_each_kind_of_edit_is_the_built_site(project, tmp_path):
    folder, port = project
    journeys = folder / "journeys"
    with Served(folder, port) as served:
        made, pages, written, generated = served.builds(1)
        assert made == pages and written == generated  # the first build makes everything
        _same_as_a_build(served, folder, tmp_path, "first")

        # A step's words: one journey's page made again, only the pages showing them written.
        _edit(journeys / "journey-0003.yaml", "Step 2 ", "Step 2 edited ")
        made, pages, written, generated = served.builds(2)
        assert made < pages and written < generated / 2, served.lines[-6:]
        _same_as_a_build(served, folder, tmp_path, "step")

        # A journey's name, which other pages list.
        _edit(journeys / "journey-0005.yaml", "name: Journey 5\n", "name: Journey five\n")
        served.builds(3)
        _same_as_a_build(served, folder, tmp_path, "journey name")

        # A step moved to another touchpoint: the page of the one it left lists it no more.
        text = (journeys / "journey-0004.yaml").read_text(encoding="utf-8")
        used = re.search(r"touchpoints: \[([^\]]*)\]", text).group(0)
        _edit(journeys / "journey-0004.yaml", used, "touchpoints: [touchpoint-11]")
        served.builds(4)
        _same_as_a_build(served, folder, tmp_path, "touchpoints")

        # A touchpoint's name: every journey page that uses it is made again.
        _edit(journeys / "catalog.yaml", "name: Store 1\n", "name: The flagship store\n")
        served.builds(5)
        _same_as_a_build(served, folder, tmp_path, "touchpoint name")

        # A persona's name, shown on its journeys' pages.
        _edit(journeys / "catalog.yaml", "name: Persona 1\n", "name: Paula\n")
        served.builds(6)
        _same_as_a_build(served, folder, tmp_path, "persona name")

        # A journey deleted, then brought back as it was.
        removed = journeys / "journey-0007.yaml"
        text = removed.read_text(encoding="utf-8")
        removed.unlink()
        served.builds(7)
        assert fetch(f"http://127.0.0.1:{port}/journeys/journey-0007/") is None
        _same_as_a_build(served, folder, tmp_path, "deleted")
        removed.write_text(text, encoding="utf-8")
        made, pages, _, _ = served.builds(8)
        _same_as_a_build(served, folder, tmp_path, "back")
    assert "Traceback" not in "".join(served.lines)


def test_a_served_site_follows_the_teams_templates_and_settings(project, tmp_path):
    """What every page shows besides its definitions: a template the team overrides, the
    settings of mkdocs.yml. An edit to either writes every page again."""
    folder, port = project
    overrides = folder / "overrides" / "cjdocs"
    overrides.mkdir(parents=True)
    shipped = (ROOT / "cjdocs" / "render" / "templates" / "cjdocs" / "step.html").read_text(
        encoding="utf-8"
    )
    step = overrides / "step.html"
    step.write_text(shipped, encoding="utf-8")
    settings = folder / "mkdocs.yml"
    _edit(settings, "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    with Served(folder, port) as served:
        _same_as_a_build(served, folder, tmp_path, "first")

        step.write_text(shipped.replace('<div class="cj-step">', '<div class="cj-step team">'))
        made, pages, _, _ = served.builds(2)
        assert made == pages  # every journey's steps are written by the template
        assert b'<div class="cj-step team">' in served.page("journeys/journey-0001/")
        _same_as_a_build(served, folder, tmp_path, "template")

        _edit(settings, "site_name: Preview\n", "site_name: Our journeys\n")
        _, _, written, generated = served.builds(3)
        assert written == generated  # the site's name stands on every page
        _same_as_a_build(served, folder, tmp_path, "settings")
    assert "Traceback" not in "".join(served.lines)


def test_beside_another_plugin_every_page_is_written_again(project, tmp_path):
    """A plugin cjdocs does not know may change any page in ways a page written as before
    would miss (Material's tags plugin lists pages by tag): beside it, a rebuild writes every
    page again, and what is served is still what a build writes."""
    folder, port = project
    _edit(folder / "mkdocs.yml", "  - search\n", "  - search\n  - tags\n")
    with Served(folder, port) as served:
        _edit(folder / "journeys" / "journey-0003.yaml", "Step 2 ", "Step 2 edited ")
        made, pages, written, generated = served.builds(2)
        assert made < pages and written == generated
        _same_as_a_build(served, folder, tmp_path, "tags")
    assert "Traceback" not in "".join(served.lines)
