"""`cjdocs serve`: the site is served, and editing a definition rebuilds the page."""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import FIXTURES, assemble

CONFIG = (
    "site_name: Serve\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - cjdocs\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def _project(folder):
    assemble(folder, FIXTURES / "base")
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Serve\n", encoding="utf-8")
    return folder


def test_editing_a_definition_while_serving_rebuilds_the_page(tmp_path):
    _project(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/journeys/first-purchase/"
    server = serving(tmp_path, port)
    try:
        assert wait_for(lambda: (fetch(url) or "").find("Reads the newsletter") >= 0), (
            "the page was never served"
        )
        journey = tmp_path / "journeys" / "journey.yaml"
        journey.write_text(
            journey.read_text(encoding="utf-8").replace(
                "Reads the newsletter", "Opens the newsletter"
            ),
            encoding="utf-8",
        )
        assert wait_for(lambda: "Opens the newsletter" in (fetch(url) or "")), (
            "the page was not rebuilt"
        )
    finally:
        server.terminate()
        try:
            _, errors = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
    assert "Traceback" not in errors


def test_serving_a_taken_address_is_a_plain_error(tmp_path):
    project = _project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "cjdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def serving(project, port: int) -> subprocess.Popen:
    """`cjdocs serve` of `project` on `port`; what it prints comes as text on `stderr`."""
    return subprocess.Popen(
        [sys.executable, "-m", "cjdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


class _Serving:
    """`cjdocs serve` on a free port, stopped (and its output kept) when the block ends."""

    def __init__(self, project) -> None:
        self.port = free_port()
        self.project = project
        self.errors = ""

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def __enter__(self):
        self.server = serving(self.project, self.port)
        return self

    def __exit__(self, *exception) -> None:
        self.server.terminate()
        try:
            _, self.errors = self.server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            _, self.errors = self.server.communicate()


def test_serving_definitions_with_errors_shows_them_and_recovers_when_fixed(tmp_path):
    project = _project(tmp_path)
    bad = project / "journeys" / "bad.yaml"
    bad.write_text("kind: persona\nid: x\n", encoding="utf-8")
    with _Serving(project) as serving:
        index = serving.url("journeys/")
        # Nothing was ever in order: the index of journeys lists the errors.
        assert wait_for(lambda: "Problems in the definitions" in (fetch(index) or "")), (
            "no page was served"
        )
        page = fetch(index)
        assert "journeys/bad.yaml:1:1" in page and "has no name" in page
        # The editor fixes the file: the site comes back.
        bad.write_text("kind: persona\nid: x\nname: Xaver\n", encoding="utf-8")
        assert wait_for(lambda: "Problems in the definitions" not in (fetch(index) or "x")), (
            "the site did not come back"
        )
        assert "First purchase" in fetch(index)
    assert "has no name" in serving.errors  # said in the terminal too
    assert "Traceback" not in serving.errors


def test_an_edit_that_breaks_the_definitions_keeps_the_last_good_pages(tmp_path):
    project = _project(tmp_path)
    journey = project / "journeys" / "journey.yaml"
    good = journey.read_text(encoding="utf-8")
    with _Serving(project) as serving:
        url = serving.url("journeys/first-purchase/")
        assert wait_for(lambda: "Reads the newsletter" in (fetch(url) or "")), "never served"
        journey.write_text(good.replace("persona: anna", "persona: anan"), encoding="utf-8")
        assert wait_for(lambda: "cj-problems-banner" in (fetch(url) or "")), "no banner"
        page = fetch(url)
        assert "Reads the newsletter" in page  # the last good page, still there
        assert "1 error" in page
        problems = html.unescape(fetch(serving.url("cjdocs-problems/")))
        assert "no persona 'anan' (did you mean 'anna'?)" in problems
        journey.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "cj-problems-banner" not in (fetch(url) or "cj-problems-banner"))
    assert "Traceback" not in serving.errors


def test_stopped_with_sigterm_the_preview_leaves_no_folder_behind(tmp_path):
    """A process manager, `docker stop` or an editor's stop button ends `cjdocs serve` with
    SIGTERM: it stops as on Ctrl-C, and the served site and the generated pages' Markdown
    (in the temporary folder, and in the one kept in memory) are removed."""
    project = _project(tmp_path / "project")
    temporary, memory = tmp_path / "temporary", tmp_path / "memory"
    temporary.mkdir()
    memory.mkdir()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cjdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "TMPDIR": str(temporary),
            "XDG_RUNTIME_DIR": str(memory),
        },
    )
    try:
        url = f"http://127.0.0.1:{port}/journeys/first-purchase/"
        assert wait_for(lambda: "Reads the newsletter" in (fetch(url) or "")), "never served"
        assert any(temporary.iterdir()) and any(memory.iterdir())  # (in use while serving)
        server.terminate()
        _, errors = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert "Traceback" not in errors
    assert list(temporary.iterdir()) == [] and list(memory.iterdir()) == []
