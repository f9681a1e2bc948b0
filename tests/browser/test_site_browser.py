"""The website in Chromium from 127.0.0.1 with every other request refused: nothing leaves,
search works, both themes pass axe-core; and the handouts print with their text."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import nbformat
import pytest

from course_lib.site.questions import quiz_questions

from . import a11y
from .conftest import REPO, serve_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
PAGES = ["index.html", "glossary.html", "timeline.html", "sources.html", "about.html"]
PAGES += [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]


@pytest.fixture(scope="module")
def site_url(sites):
    with serve_folder(sites.student.out) as url:
        yield url


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_pages_offline_and_accessible(theme, site_url, browser_context):
    page = browser_context.new_page()
    page.add_init_script(
        f"localStorage.setItem('theme', '{theme}'); localStorage.setItem('mode', '{theme}')"
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    blocked_before = len(browser_context.blocked_requests)
    problems = []
    try:
        for name in PAGES:
            page.goto(f"{site_url}/{name}", wait_until="load")
            assert page.evaluate("() => document.documentElement.dataset.theme") == theme
            audit = a11y.run_axe(page, f"site/{name}", theme)
            if audit.serious():
                problems.append(f"{name}: {a11y.describe(audit.serious())}")
        assert not errors, errors[:3]
        assert len(browser_context.blocked_requests) == blocked_before, (
            browser_context.blocked_requests[blocked_before:][:5]
        )
        assert not problems, "\n".join(problems)
    finally:
        page.close()


def test_search_works_offline(site_url, browser_context):
    page = browser_context.new_page()
    try:
        page.goto(f"{site_url}/search.html?q=Stepanakert", wait_until="load")
        page.wait_for_selector("#search-results ul li a", timeout=30_000)
        hits = page.locator("#search-results ul li a").count()
        assert hits >= 3, f"only {hits} search results for Stepanakert"
    finally:
        page.close()


def _pdf_text(path) -> str:
    """The PDF's text as a reader's copy-paste gets it (pypdf: pinned, no system tool)."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _headings(nb) -> list[str]:
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "instructor" not in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    found.append(" ".join(line.lstrip("#").replace("*", "").split()))
    return found


@pytest.fixture(scope="module")
def handouts(sites, tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    env = dict(os.environ, COURSE_LIB_HOME=str(tmp_path_factory.mktemp("home")))
    done = subprocess.run(
        [sys.executable, "-m", "course_lib", "handouts", str(out), "--cache-dir", str(sites.cache)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def test_handouts_have_their_text(handouts):
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        student = _pdf_text(handouts / "student" / f"{path.stem}.pdf")
        teacher = _pdf_text(handouts / "instructor" / f"{path.stem}.pdf")
        title = " ".join(nb.cells[0].source.splitlines()[0].lstrip("# ").split())
        assert title in student, (path.stem, title)
        for heading in _headings(nb):
            assert heading in student, (path.stem, heading)
        asked = [
            q for c in nb.cells if c.cell_type == "code" for q in quiz_questions(c.source) or []
        ]
        for q in asked:
            prompt = " ".join(unicodedata.normalize("NFKC", q.prompt).split())  # as _pdf_text
            assert prompt in student and prompt in teacher, (path.stem, q.id)
        assert "Model answer" not in student and "Teaching note" not in student
        if asked:
            assert "Model answer" in teacher, path.stem
