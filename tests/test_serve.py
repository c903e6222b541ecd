"""`cjdocs serve`: the site is served, and editing a definition rebuilds the page."""

from __future__ import annotations

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
    server = subprocess.Popen(
        [sys.executable, "-m", "cjdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
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


def test_serving_definitions_with_errors_says_what_to_fix(tmp_path):
    project = _project(tmp_path)
    (project / "journeys" / "bad.yaml").write_text("kind: persona\nid: x\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cjdocs", "serve", "-a", f"127.0.0.1:{free_port()}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "journeys/bad.yaml:1:1: error[schema]: persona 'x' has no name" in result.stderr
    assert "fix the definitions and serve again" in result.stderr
    assert "Traceback" not in result.stderr
