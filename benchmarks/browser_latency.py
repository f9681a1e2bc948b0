"""What a student feels: key press to painted image, in real JupyterLab and Chromium.

Opens notebook 02 (map explorer) and 03 (actor explorer) in JupyterLab with Debian's
``/usr/bin/chromium`` (started the way ``tests/browser/conftest.py`` starts them), runs them,
then on each explorer's slider:

* presses the arrow key 20 times, waiting for each result: key press to the new view painted
  (median and 90th percentile). "Painted" means the explorer's date line shows the new date
  and, when the state changed, the new image has loaded, then two animation frames passed;
* presses it 20 times within 2 s: last press to the final view painted (and whether the final
  view is the last date asked for).

Then one quiz in notebook 04: click on Check to the feedback shown (five clicks).
Targets: median <= 150 ms, p90 <= 300 ms, burst <= 300 ms. It prints figures; it is not a test.
Timings on a shared machine are noisy: run it on a quiet one for figures to compare.

Usage::

    python benchmarks/browser_latency.py            # a table
    python benchmarks/browser_latency.py --json     # and one JSON line last
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

PRESSES, BURST_SECONDS, SETTLE = 20, 2.0, 0.3
TARGETS = {"median_ms": 150.0, "p90_ms": 300.0, "burst_ms": 300.0}

# In the page: time stamps of key presses, and of each update painted (the date line changed
# and, if the image changed too, the new image loaded; then two animation frames).
JS_INSTRUMENT = """(root) => {
  const picture = root.querySelector('img').parentElement;  // replaced <img> on a new state
  const live = root.querySelector('[aria-live]');  // the date line: its box is rewritten
  const line = live ? live.parentElement : picture;
  const lat = window.__lat = {presses: [], paints: []};
  root.addEventListener('keydown', () => lat.presses.push(performance.now()), true);
  let waitingForImage = false;
  const painted = (what) => requestAnimationFrame(() => requestAnimationFrame(() =>
    lat.paints.push({t: performance.now(), what, text: line.innerText})));
  const watch = (img) => {
    waitingForImage = true;
    const done = () => { waitingForImage = false; painted('image'); };
    if (img.complete && img.naturalWidth) done(); else img.addEventListener('load', done);
  };
  new MutationObserver(() => watch(picture.querySelector('img')))
    .observe(picture, {childList: true, subtree: true, attributes: true, attributeFilter: ['src']});
  if (line !== picture) new MutationObserver(() => { if (!waitingForImage) painted('line'); })
    .observe(line, {childList: true, subtree: true, characterData: true});
  return line !== picture;
}"""
JS_QUIZ = """(question) => {
  const lat = window.__quiz = {clicks: [], shown: []};
  const button = Array.from(question.querySelectorAll('button'))
    .find(b => b.innerText.includes('Check'));
  button.addEventListener('mousedown', () => lat.clicks.push(performance.now()), true);
  new MutationObserver(() => requestAnimationFrame(() => requestAnimationFrame(() =>
      lat.shown.push({t: performance.now(), text: question.innerText.slice(-200)}))))
    .observe(question, {childList: true, subtree: true, characterData: true});
  return true;
}"""


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def _same_day(readout: str, line: str) -> bool:
    """Does the date line ('... 22 February 2022') show the slider's readout ('22 Feb 2022')?"""
    got = re.search(r"(\d{1,2} )?([A-Z][a-z]{2})[a-z]* (\d{4})", line)
    want = re.search(r"(\d{1,2} )?([A-Z][a-z]{2})[a-z]* (\d{4})", readout)
    if not got or not want:
        return False
    return got.group(2, 3) == want.group(2, 3) and (
        not want.group(1) or got.group(1) == want.group(1)
    )


def _wait_paints(page, count: int, timeout: float = 20.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        paints = page.evaluate("() => window.__lat.paints")
        if len(paints) >= count:
            return paints
        time.sleep(0.01)
    raise TimeoutError(f"no update painted within {timeout} s")


def _quiet(page, seconds: float = 1.5, timeout: float = 30.0) -> list[dict]:
    """Wait until no update has been painted for ``seconds``; return all paints."""
    last, since = -1, time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        paints = page.evaluate("() => window.__lat.paints")
        if len(paints) != last:
            last, since = len(paints), time.monotonic()
        elif time.monotonic() - since >= seconds:
            return paints
        time.sleep(0.05)
    return page.evaluate("() => window.__lat.paints")


def measure_slider(nb, key: str) -> dict:
    """Single presses (each waited for) and one burst on the first explorer with a slider."""
    page = nb.page
    views = page.locator(".jp-OutputArea-output > .jupyter-widgets").filter(
        has=page.locator(".noUi-handle")
    )
    view = views.filter(has=page.locator("img")).first
    view.scroll_into_view_if_needed()
    has_line = view.evaluate(JS_INSTRUMENT)
    handle, readout = view.locator(".noUi-handle").first, view.locator(".widget-readout").first
    handle.focus()
    singles, changed = [], []
    for _ in range(PRESSES):
        before = len(page.evaluate("() => window.__lat.paints"))
        page.keyboard.press(key)
        try:
            paint = _wait_paints(page, before + 1)[before]
        except TimeoutError:
            shot = REPO / "tests" / "artifacts" / "latency_timeout.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            view.screenshot(path=str(shot))
            raise TimeoutError(
                f"nothing painted after a key press ({readout.inner_text()}; {shot})"
            ) from None
        press = page.evaluate("() => window.__lat.presses")[-1]
        singles.append(paint["t"] - press)
        changed.append(paint["what"] == "image")
        time.sleep(SETTLE)
    back = "ArrowRight" if key == "ArrowLeft" else "ArrowLeft"
    for _ in range(PRESSES):  # back to where the singles started, then the burst
        page.keyboard.press(back)
    _quiet(page)
    before = len(page.evaluate("() => window.__lat.paints"))
    for _ in range(PRESSES):
        page.keyboard.press(key)
        time.sleep(BURST_SECONDS / PRESSES)
    paints = _quiet(page)[before:]
    last_press = page.evaluate("() => window.__lat.presses")[-1]
    final = paints[-1] if paints else None
    result = {
        "median_ms": round(statistics.median(singles), 1),
        "p90_ms": round(_p90(singles), 1),
        "state_changes": sum(changed),
        "new_state_median_ms": round(
            statistics.median([s for s, c in zip(singles, changed, strict=True) if c] or [0]), 1
        ),
        "same_state_median_ms": round(
            statistics.median([s for s, c in zip(singles, changed, strict=True) if not c] or [0]), 1
        ),
        "burst_ms": round(final["t"] - last_press, 1) if final else None,
        "burst_paints": len(paints),
        "date_line": has_line,
    }
    if has_line and final:
        result["burst_final_is_last_asked"] = _same_day(readout.inner_text(), final["text"])
    return result


def measure_quiz(nb, clicks: int = 5) -> dict:
    page = nb.page
    question = (
        page.locator(".jp-OutputArea-output > .jupyter-widgets .widget-vbox")
        .filter(has=page.locator(".widget-radio-box"))
        .filter(has=page.get_by_role("button", name="Check"))
        .last
    )
    question.scroll_into_view_if_needed()
    question.evaluate(JS_QUIZ)
    labels = question.locator(".widget-radio-box label")
    times = []
    for i in range(clicks):
        labels.nth(i % labels.count()).click()
        time.sleep(SETTLE)
        before = len(page.evaluate("() => window.__quiz.shown"))
        question.get_by_role("button", name="Check").first.click()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            lat = page.evaluate("() => window.__quiz")
            if len(lat["shown"]) > before and lat["clicks"]:
                times.append(lat["shown"][before]["t"] - lat["clicks"][-1])
                break
            time.sleep(0.01)
        time.sleep(SETTLE)
    return {"median_ms": round(statistics.median(times), 1), "clicks": len(times)}


def run() -> dict:
    from browser.conftest import CHROMIUM, CHROMIUM_ARGS, _missing_browser, _start_lab
    from browser.test_lab import OpenNotebook
    from playwright.sync_api import sync_playwright

    missing = _missing_browser()
    if missing:
        raise SystemExit(f"cannot measure in a browser: {missing}")
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        shutil.copytree(REPO / "notebooks", base / "notebooks")
        lab = _start_lab(base, 0)
        try:
            with sync_playwright() as pw:
                context = pw.chromium.launch_persistent_context(
                    str(base / "profile"),
                    executable_path=str(CHROMIUM),
                    headless=True,
                    args=CHROMIUM_ARGS,
                    viewport={"width": 1280, "height": 900},
                )
                context.set_default_timeout(60_000)
                for label, prefix, key in (
                    ("map", "02", "ArrowLeft"),
                    ("actor", "03", "ArrowRight"),
                ):
                    name = next(p.name for p in (REPO / "notebooks").glob(f"{prefix}_*.ipynb"))
                    nb = OpenNotebook(context.new_page(), name, lab)
                    nb.open()
                    nb.run_all()
                    results[label] = measure_slider(nb, key)
                    nb.page.close()
                name = next(p.name for p in (REPO / "notebooks").glob("04_*.ipynb"))
                nb = OpenNotebook(context.new_page(), name, lab)
                nb.open()
                nb.run_all()
                results["quiz"] = measure_quiz(nb)
                context.close()
        finally:
            lab.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    args = parser.parse_args(argv)
    results = run()
    print(f"{'view':8s} {'median':>8s} {'p90':>8s} {'burst':>8s}  (ms; targets 150 / 300 / 300)")
    for view in ("map", "actor"):
        r = results[view]
        print(
            f"{view:8s} {r['median_ms']:8.1f} {r['p90_ms']:8.1f} {r['burst_ms'] or 0:8.1f}  "
            f"{r['state_changes']} of {PRESSES} presses changed the state"
        )
    print(f"{'quiz':8s} {results['quiz']['median_ms']:8.1f}  click on Check to feedback shown")
    print("Timings on a shared machine are noisy; compare runs on a quiet one.")
    if args.json:
        print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
