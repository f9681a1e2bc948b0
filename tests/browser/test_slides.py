"""The static decks open in Chromium with every request refused except 127.0.0.1:
reveal.js starts, every slide is there, and nothing is fetched from the internet."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from course_lib.slides import build_slides

from .conftest import ARTIFACTS, REPO, _free_port

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def deck_server(tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    build_slides(REPO / "notebooks", out)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{url}/index.html", timeout=2).close()
                break
            except OSError:
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("path", NOTEBOOKS[:2], ids=[p.stem for p in NOTEBOOKS[:2]])
def test_deck_opens_offline(path, deck_server, browser_context):
    nb = nbformat.read(path, as_version=4)
    expected = sum(c.metadata["slideshow"]["slide_type"] in ("slide", "subslide") for c in nb.cells)
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    blocked_before = len(browser_context.blocked_requests)
    try:
        page.goto(f"{deck_server}/{path.stem}.slides.html")
        page.wait_for_selector(".reveal.ready", timeout=30_000)
        sections = page.locator(".reveal .slides section").count()
        assert sections >= expected, (sections, expected)
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(800)
        page.screenshot(path=str(ARTIFACTS / f"deck_{path.stem}.png"))
        assert not errors, errors[:3]
        assert len(browser_context.blocked_requests) == blocked_before, (
            browser_context.blocked_requests[blocked_before:]
        )
    finally:
        page.close()
