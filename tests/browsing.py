"""What the browser tests share: a built site served on localhost, Chromium started as the
machine's probe starts it, and axe-core's serious findings."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

from conftest import chromium_path

# No sandbox as root, and no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder served on a free localhost port: its address, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Chromium (Playwright's Browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def serious_problems(page, selector: str = ".md-content") -> list:
    """What axe-core finds serious or critical inside `selector`: each rule with its first
    three places."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, context={"include": [[selector]]})
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def shoot(page, box: dict, path: Path, *, tallest: int) -> None:
    """A screenshot of the page's `box` (a bounding box), at most `tallest` pixels high, for
    the guide's pictures; it must hold a real picture, not an empty frame."""
    page.screenshot(
        path=str(path),
        clip={
            "x": box["x"],
            "y": box["y"],
            "width": box["width"],
            "height": min(box["height"], tallest),
        },
        full_page=True,
    )
    assert path.stat().st_size > 10_000
