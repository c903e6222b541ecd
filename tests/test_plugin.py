"""The MkDocs plugin checks the definitions on every real `mkdocs build`."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import FIXTURES, assemble

CONFIG = "site_name: Test\ntheme:\n  name: material\nplugins:\n  - search\n  - cjdocs\n"


def build(folder):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_site(tmp_path, *cases):
    assemble(tmp_path, FIXTURES / "base", *cases)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hello\n", encoding="utf-8")
    return tmp_path


def test_a_clean_set_builds(tmp_path):
    result = build(make_site(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_errors_fail_the_build_with_the_validate_messages(tmp_path):
    result = build(make_site(tmp_path, FIXTURES / "invalid" / "out-of-range"))
    assert result.returncode == 1
    assert (
        "journeys/journey.yaml:10:14: error: step 1 ('reads-newsletter'): emotion must be "
        "between -2 and 2, not 3 [schema]" in result.stderr
    )
    assert "cjdocs: 2 errors in the definitions:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_german_site_fails_its_build_in_german(tmp_path):
    site = make_site(tmp_path, FIXTURES / "invalid" / "out-of-range")
    (site / "mkdocs.yml").write_text(
        CONFIG.replace("  name: material\n", "  name: material\n  language: de\n"),
        encoding="utf-8",
    )
    result = build(site)
    assert result.returncode == 1
    assert "cjdocs: 2 Fehler in den Definitionen:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_source_folder_is_a_clear_error(tmp_path):
    site = make_site(tmp_path)
    (site / "mkdocs.yml").write_text(
        CONFIG.replace("  - cjdocs\n", "  - cjdocs:\n      source: nowhere\n"), encoding="utf-8"
    )
    result = build(site)
    assert result.returncode == 1
    assert "the source folder" in result.stderr and "nowhere" in result.stderr


def _build_here(folder, monkeypatch, seen):
    """Build the site in this process, noting whether the cyclic garbage collector ran while
    the pages were written; True when the build succeeded."""
    import gc

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    import cjdocs.site.plugin as plugin_module

    monkeypatch.chdir(folder)
    original = plugin_module.CjdocsPlugin.on_page_content

    def noting(self, html, **kwargs):
        seen.append(gc.isenabled())
        return original(self, html, **kwargs)

    monkeypatch.setattr(plugin_module.CjdocsPlugin, "on_page_content", noting)
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except (Abort, PluginError):
        return False
    finally:
        config.plugins.on_shutdown()
    return True


def test_a_build_pauses_the_garbage_collector_and_gives_it_back(tmp_path, monkeypatch):
    """Paused while the pages are made (it walked the build's objects again and again), on
    again after the build, whether it succeeded or failed, so that a host that goes on
    (`mkdocs serve`, a script building several sites) does not keep growing."""
    import gc

    assert gc.isenabled()
    seen: list[bool] = []
    assert _build_here(make_site(tmp_path / "good"), monkeypatch, seen)
    assert seen and not any(seen)
    assert gc.isenabled()

    bad = make_site(tmp_path / "bad", FIXTURES / "invalid" / "out-of-range")
    assert not _build_here(bad, monkeypatch, [])
    assert gc.isenabled()


def test_a_build_leaves_a_paused_collector_paused(tmp_path, monkeypatch):
    import gc

    gc.disable()
    try:
        assert _build_here(make_site(tmp_path), monkeypatch, [])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_page_sources_are_rewritten_only_when_changed_and_go_when_the_page_goes():
    """The generated pages' Markdown files (which other plugins read, and whose time stamp
    tells them whether a page changed): an unchanged page keeps its file as it was, a
    changed one is rewritten, a page no longer generated leaves no file or empty folder."""
    import os
    import time

    from cjdocs.site.sources import PageSources

    sources = PageSources()
    try:
        first = sources.write(
            {"journeys/a.md": "# A\n", "journeys/b.md": "# B\n", "channels/c.md": "# C\n"}
        )
        assert {path: file.read_text() for path, file in first.items()} == {
            "journeys/a.md": "# A\n",
            "journeys/b.md": "# B\n",
            "channels/c.md": "# C\n",
        }
        stamp = first["journeys/a.md"].stat().st_mtime_ns
        time.sleep(0.02)
        second = sources.write({"journeys/a.md": "# A\n", "journeys/b.md": "# B, changed\n"})
        assert second["journeys/a.md"].stat().st_mtime_ns == stamp
        assert second["journeys/b.md"].read_text() == "# B, changed\n"
        assert not first["channels/c.md"].exists()
        assert not first["channels/c.md"].parent.exists()
        assert sorted(os.listdir(sources.folder)) == ["journeys"]
    finally:
        folder = sources.folder
        sources.remove()
    assert not folder.exists()


def test_page_sources_go_to_disk_when_memory_has_no_room(tmp_path, monkeypatch):
    """A container's /dev/shm is often small: a page that memory cannot take is written into
    the usual temporary folder instead, and the build goes on."""
    import pathlib

    import cjdocs.site.sources as sources_module

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(sources_module, "_in_memory", lambda: str(memory))
    real_write = pathlib.Path.write_bytes

    def full(self, data):
        if memory in self.parents:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", full)
    sources = sources_module.PageSources()
    try:
        written = sources.write({"journeys/a.md": "# A\n", "phases/p.md": "# P\n"})
        assert {path: file.read_text() for path, file in written.items()} == {
            "journeys/a.md": "# A\n",
            "phases/p.md": "# P\n",
        }
        assert memory not in written["journeys/a.md"].parents
        assert list(memory.iterdir()) == []  # the folder begun in memory is gone
    finally:
        sources.remove()


def test_page_folders_left_by_killed_runs_are_removed_and_no_other(tmp_path, monkeypatch):
    """A run killed with SIGKILL cannot remove its generated pages' folder; in memory it would
    hold memory until the machine restarts. The next run removes such folders: only those
    named as ours, of processes that no longer run; a running process's folder, and
    anything else, stay."""
    import cjdocs.site.sources as sources_module

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    dead = tmp_path / f"cjdocs-pages-{ended.pid}-x1y2"
    alive = tmp_path / f"cjdocs-pages-{os.getppid()}-a1b2"
    other = tmp_path / "cjdocs-pages-notours"
    kept_file = tmp_path / f"cjdocs-pages-{ended.pid}-file"
    for folder in (dead, alive, other):
        (folder / "journeys").mkdir(parents=True)
        (folder / "journeys" / "a.md").write_text("# A\n", encoding="utf-8")
    kept_file.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(sources_module, "_in_memory", lambda: str(tmp_path))
    sources = sources_module.PageSources()
    try:
        mine = sources.folder
        assert mine.name.startswith(f"cjdocs-pages-{os.getpid()}-")
        assert not dead.exists()
        assert alive.is_dir() and other.is_dir() and kept_file.is_file()
    finally:
        sources.remove()
