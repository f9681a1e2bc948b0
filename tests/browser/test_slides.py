"""The static decks open in Chromium with every request refused except 127.0.0.1:
reveal.js starts, every slide is there, and nothing is fetched from the internet."""

from __future__ import annotations

import nbformat
import pytest

from course_lib import slide_fit
from course_lib.slides import build_slides

from .conftest import ARTIFACTS, REPO, serve_folder

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def deck_server(tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    build_slides(REPO / "notebooks", out)
    with serve_folder(out) as url:
        yield url


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


# every slide's content, in deck pixels (the deck is scaled to the window: undo the scale)
SLIDE_HEIGHTS = """() => Reveal.getSlides().map(slide => {
  const where = Reveal.getIndices(slide);
  Reveal.slide(where.h, where.v, 0);
  const top = slide.getBoundingClientRect().top;
  let bottom = top;
  for (const el of slide.querySelectorAll('*')) {
    if (el.closest('aside.notes') || !el.getClientRects().length) continue;
    bottom = Math.max(bottom, el.getBoundingClientRect().bottom);
  }
  const title = slide.querySelector('h1, h2, h3, h4');
  return {h: where.h, v: where.v || 0, height: (bottom - top) / Reveal.getScale(),
          images: [...slide.querySelectorAll('img')].filter(i => !i.closest('aside.notes')).length,
          figures: [...slide.querySelectorAll('img')].filter(i => !i.closest('aside.notes'))
            .map(i => [i.getBoundingClientRect().height / Reveal.getScale(), i.naturalHeight]),
          title: title ? title.innerText.slice(0, 50) : ''};
})"""


@pytest.fixture(scope="module")
def executed_decks(tmp_path_factory):
    """Every deck built from executed notebooks (figures at projector sizes), served."""
    out = tmp_path_factory.mktemp("executed-decks")
    build_slides(REPO / "notebooks", out, execute=True, jobs=2)
    with serve_folder(out) as url:
        yield url


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_slide_fits_the_deck(path, executed_decks, browser_context):
    """#15: at 1280×720 each slide's content is no taller than the deck (Reveal's own size)."""
    page = browser_context.new_page()
    page.set_viewport_size({"width": 1280, "height": 720})
    try:
        page.goto(f"{executed_decks}/{path.stem}.slides.html")
        page.wait_for_selector(".reveal.ready", timeout=30_000)
        config = page.evaluate("() => Reveal.getConfig()")
        assert (config["width"], config["height"]) == (1280, 720)
        slides = page.evaluate(SLIDE_HEIGHTS)
        assert slides, f"{path.stem}: no slides"
        too_tall = [s for s in slides if s["height"] > config["height"]]
        tallest = max(slides, key=lambda s: s["height"])
        print(f"{path.stem}: {len(slides)} slides, tallest {tallest}")
        assert not too_tall, f"{path.stem}: slides taller than {config['height']} px: {too_tall}"
        crowded = [s for s in slides if s["images"] > 1]
        assert not crowded, f"{path.stem}: slides with more than one figure: {crowded}"
        # labels as large as the slide allows: a figure gets the room left under its heading
        small = [
            (s["title"], round(shown), natural)
            for s in slides
            for shown, natural in s["figures"]
            if natural > 1 and shown < min(natural, slide_fit.FIGURE_MIN) - 1
        ]
        assert not small, f"{path.stem}: figures shown smaller than the slide allows: {small}"
    finally:
        page.close()
