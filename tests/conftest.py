"""Shared helpers: fixture folders assembled into a project, the real `cjdocs` command, and the
optional system programs (Chromium, Graphviz's dot) that some tests need."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "journeys"


def assemble(target: Path, *folders: Path) -> Path:
    """Copy the definition files of `folders` into `target/journeys` (later folders win)."""
    journeys = target / "journeys"
    journeys.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml"):
                shutil.copyfile(path, journeys / path.name)
    return journeys


def run_cjdocs(*arguments: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120):
    """Run the installed `cjdocs` command as a user would, returning the completed process."""
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "cjdocs", *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A project folder holding the valid base definitions plus the given case folders;
    the working folder is the project, so findings name `journeys/<file>`."""

    def make(*cases: Path) -> Path:
        assemble(tmp_path, FIXTURES / "base", *cases)
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


# -- optional system programs ---------------------------------------------------------------------
# Tests marked `needs_chromium` or `needs_dot` are skipped, with a reason that says how to enable
# them, on a machine without the program; CI sets CJDOCS_REQUIRE_ALL=1 so that such a skip fails
# instead and no test is left out silently.

REQUIRE_ALL = "CJDOCS_REQUIRE_ALL"
CHROMIUM_VARIABLE = "CJDOCS_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@functools.cache
def chromium_path() -> str | None:
    """The Chromium (or Chrome) program the browser tests drive: $CJDOCS_CHROMIUM, else
    Playwright's own browser when `playwright install chromium` fetched it, else the system's."""
    configured = os.environ.get(CHROMIUM_VARIABLE)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as driver:
        own = driver.chromium.executable_path
    if own and os.access(own, os.X_OK):
        return own
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def dot_path() -> str | None:
    """Graphviz's `dot` program, which `--engine dot` and PNG output run."""
    return shutil.which("dot")


def _chromium_missing() -> str:
    configured = os.environ.get(CHROMIUM_VARIABLE)
    if configured:
        return f"needs Chromium: {CHROMIUM_VARIABLE}={configured} is not a program that can run"
    return (
        "needs Chromium: apt-get install chromium (or playwright install chromium), "
        f"or set {CHROMIUM_VARIABLE} to a Chromium or Chrome program"
    )


MERMAID = Path(__file__).resolve().parent / "mermaid"


def mermaid_path() -> str | None:
    """Node, with Mermaid installed beside the tests (`npm ci --prefix tests/mermaid`)."""
    node = shutil.which("node")
    return node if node and (MERMAID / "node_modules" / "mermaid").is_dir() else None


_NEEDS = {
    "needs_chromium": (chromium_path, _chromium_missing),
    "needs_mermaid": (
        mermaid_path,
        lambda: (
            "needs Node.js and Mermaid: apt-get install npm, then npm ci --prefix tests/mermaid"
        ),
    ),
    "needs_dot": (
        dot_path,
        lambda: "needs Graphviz's dot: apt-get install graphviz (macOS: brew install graphviz)",
    ),
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_chromium: drives a real Chromium through Playwright")
    config.addinivalue_line("markers", "needs_dot: runs Graphviz's dot program")
    config.addinivalue_line("markers", "needs_mermaid: runs Mermaid's own parser in Node.js")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose program is missing, before its fixtures build anything; fail instead
    under CJDOCS_REQUIRE_ALL=1."""
    for marker, (find, missing) in _NEEDS.items():
        if item.get_closest_marker(marker) is not None and find() is None:
            if os.environ.get(REQUIRE_ALL) == "1":
                pytest.fail(f"{missing()} ({REQUIRE_ALL}=1: every test must run)", pytrace=False)
            pytest.skip(missing())
