"""Website and handout build times, site size, first paint of the heaviest page (Chromium).

Usage: ``python benchmarks/bench_site.py`` (prints JSON). Targets (2 cores): full build
180 s or less, site 30 MB or less, heaviest page painted within 1 s from 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def measure() -> dict:
    import nbformat

    from course_lib.handouts import build_handouts
    from course_lib.site import build_site

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "notebooks"
        shutil.copytree(REPO / "notebooks", source)
        start = time.perf_counter()
        build_site(source, tmp / "site", student=True, cache_dir=tmp / "cache")
        results["site_build_clean_s"] = time.perf_counter() - start
        path = sorted(source.glob("*.ipynb"))[2]
        nb = nbformat.read(path, as_version=4)
        nb.cells[-1].source += "\n# benchmark edit"  # a code change: the notebook runs again
        nbformat.write(nb, path)
        start = time.perf_counter()
        build_site(source, tmp / "site", student=True, cache_dir=tmp / "cache")
        results["site_build_incremental_s"] = time.perf_counter() - start
        files = [p for p in (tmp / "site").rglob("*") if p.is_file()]
        results["site_mb"] = sum(p.stat().st_size for p in files) / 1e6
        heaviest = max((tmp / "site" / "notebooks").glob("*.html"), key=_page_weight)
        results["heaviest_page"] = heaviest.name
        results["first_paint_ms"] = _first_paint(tmp / "site", f"notebooks/{heaviest.name}")
        start = time.perf_counter()
        build_handouts(source, tmp / "handouts", cache_dir=tmp / "cache")
        results["handouts_s_from_cache"] = time.perf_counter() - start
    return results


def _page_weight(page: Path) -> int:
    import re

    text = page.read_text(encoding="utf-8")
    images = re.findall(r'src="\.\./(figures/[^"]+)"', text)
    return len(text) + sum((page.parent.parent / i).stat().st_size for i in images)


def _first_paint(root: Path, page: str) -> float:
    import socket

    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            times = []
            for _ in range(3):
                context = browser.new_context()
                tab = context.new_page()
                tab.goto(f"http://127.0.0.1:{port}/{page}", wait_until="load")
                times.append(
                    tab.evaluate(
                        "() => performance.getEntriesByName('first-contentful-paint')[0].startTime"
                    )
                )
                context.close()
            browser.close()
        return sorted(times)[1]
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1))
