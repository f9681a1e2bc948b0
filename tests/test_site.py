"""The course website, built once per run (both editions): pages, figures, links, answers."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from conftest import NOTEBOOKS, REPO

from course_lib import data, exercises, links
from course_lib.handouts import model_answer
from course_lib.student_build import is_instructor_cell

pytestmark = pytest.mark.slow
REFERENCE_PAGES = ["index.html", "glossary.html", "timeline.html", "sources.html", "about.html"]


class Page(HTMLParser):
    """Links, images and ids of one HTML page, and its visible text."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path, self.links, self.images, self.ids, self.text = path, [], [], set(), []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("link", "script") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs.get("src"))
        if tag == "img":
            self.images.append(attrs)
            self.links.append(attrs.get("src", ""))

    def handle_data(self, text):
        self.text.append(text)

    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def pages(root: Path) -> dict[str, Page]:
    return {str(p.relative_to(root)): Page(p) for p in sorted(root.rglob("*.html"))}


@pytest.fixture(scope="module")
def instructor(sites):
    return pages(sites.instructor.out)


@pytest.fixture(scope="module")
def student(sites):
    return pages(sites.student.out)


def test_every_notebook_has_a_page(sites, instructor, student):
    for site in (instructor, student):
        for name in REFERENCE_PAGES + ["search.html"]:
            assert name in site, name
        for path in NOTEBOOKS:
            page = site[f"notebooks/{path.stem}.html"]
            title = nbformat.read(path, as_version=4).metadata["course"]["title"]
            assert title.split(":")[0] in page.plain(), path.stem
    assert not sites.instructor.warnings, sites.instructor.warnings[:5]


def test_every_figure_is_an_img_with_alt_text(sites, instructor):
    total = 0
    for name, page in instructor.items():
        for img in page.images:
            assert (img.get("alt") or "").strip(), f"{name}: an <img> without alt: {img}"
            if img["src"].startswith("../figures/") or img["src"].startswith("figures/"):
                total += 1
    assert total >= 30, f"only {total} course figures on the site"
    # each notebook page shows as many figures as its run drew
    runs = sites.cache / "runs"
    assert runs.is_dir() and any(runs.iterdir())
    for path in NOTEBOOKS:
        page = instructor[f"notebooks/{path.stem}.html"]
        figures = [i for i in page.images if "figures/" in i["src"]]
        assert len(figures) >= 1, path.stem


def test_header_card_and_launch_buttons(instructor):
    for path in NOTEBOOKS:
        page = instructor[f"notebooks/{path.stem}.html"]
        meta = nbformat.read(path, as_version=4).metadata["course"]
        text = page.plain()
        for goal in meta["objectives"]:
            assert " ".join(goal.split()) in text, (path.stem, goal)
        assert f"about {meta['time_minutes']} minutes" in text
        hrefs = set(page.links)
        for url in (
            links.binder_url(path.name),
            links.colab_url(path.name),
            links.download_url(path.name),
        ):
            assert url in hrefs, (path.stem, url)
        assert "../about.html#jupyterhub" in hrefs  # no hub given: how to get the link
        assert f"../downloads/{path.name}" in hrefs
        # nothing points at the instructor repository
        assert not [h for h in hrefs if "balancing-act/balancing-act/" in h], path.stem


def test_reference_pages_hold_all_the_data(instructor):
    glossary = instructor["glossary.html"].plain()
    for _, row in data.glossary().iterrows():
        assert " ".join(row["term"].split()) in glossary, row["term"]
        for column in ("form_az", "form_hy", "form_ru", "form_uk"):
            if row[column]:
                assert row[column] in glossary, (row["term_id"], column)
    sources = instructor["sources.html"]
    for sid in data.sources().index:
        assert f"src-{sid}".replace("_", "-") in sources.ids, sid
    timeline = instructor["timeline.html"].plain()
    for _, row in data.timeline().iterrows():
        assert " ".join(row["title"].split()) in timeline, row["event_id"]
    home = instructor["index.html"].plain()
    for path in NOTEBOOKS:
        assert nbformat.read(path, as_version=4).metadata["course"]["title"] in home


def test_every_internal_link_resolves(sites):
    for root in (sites.instructor.out, sites.student.out):
        site = pages(root)
        broken = []
        for name, page in site.items():
            if name.startswith("_static/"):  # the theme's own template fragments
                continue
            for link in page.links:
                parts = urlsplit(link)
                if parts.scheme or link.startswith(("//", "mailto:", "data:", "javascript:")):
                    continue
                target = (root / name).parent / unquote(parts.path) if parts.path else root / name
                target = target.resolve()
                if not target.exists():
                    broken.append(f"{name}: {link}")
                    continue
                if parts.fragment and target.suffix == ".html":
                    ids = site[str(target.relative_to(root.resolve()))].ids
                    if unquote(parts.fragment) not in ids:
                        broken.append(f"{name}: {link} (no such anchor)")
        assert not broken, broken[:10]


def test_nothing_is_loaded_from_the_internet(sites):
    for name, page in pages(sites.student.out).items():
        text = page.path.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(https?:)?//', text)
        assert not loads, f"{name} loads something from the internet"


def _sealed_texts() -> list[tuple[str, str]]:
    """(question id, text) for every model answer and explanation a page must not show."""
    texts = []
    for q in exercises.questions():
        found = model_answer(q)
        for text in (found.explanation, found.text if q.kind == "reflection" else ""):
            if text and len(text) > 25:
                texts.append((q.id, " ".join(text.split())))
    return texts


def test_student_site_shows_no_answers(sites, student):
    keys = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))
    sealed = _sealed_texts()
    assert len(sealed) > 20
    everything = "\n".join(p.plain() for p in student.values())
    leaks = [qid for qid, text in sealed if text in everything]
    assert not leaks, f"model answers or explanations on the student site: {leaks}"
    assert "Model answer" not in everything and "Teaching note" not in everything
    for path in sites.student.out.rglob("*"):
        assert path.name != "exercise_answers.json"
    shown = 0
    for qid, key in keys.items():
        q = exercises.question(qid)
        page = student[
            f"notebooks/{next(p.stem for p in NOTEBOOKS if p.stem[:2] == q.notebook)}.html"
        ]
        raw = page.path.read_text(encoding="utf-8")
        block = re.search(
            rf'<div class="course-question" id="question-{qid}">(.*?)</div>', raw, re.S
        )
        if block is None:
            continue
        shown += 1
        body = html.unescape(block.group(1))
        for option in q.options:  # every option shown, none marked
            assert option.text in body, (qid, option.id)
        assert "checked=" not in body and "✅" not in body
        if q.kind == "ordering":  # the right order is not how they are listed
            listed = [o.id for o in q.options]
            assert listed != key["answer"], qid
    assert shown >= 40, f"only {shown} questions found on the student pages"


def test_instructor_site_marks_teaching_notes(instructor, student):
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        notes = [c for c in nb.cells if is_instructor_cell(c)]
        page = instructor[f"notebooks/{path.stem}.html"].plain()
        assert page.count("Teaching note (instructor edition only)") == len(notes), path.stem
        first_words = " ".join(notes[0].source.split()[:6]) if notes else ""
        if first_words:
            assert first_words.replace("*", "") in page.replace("*", "")
            assert first_words not in student[f"notebooks/{path.stem}.html"].plain()


def test_a_second_build_gives_the_same_pages(sites, rebuilt_site):
    first, second = sites.instructor.out, rebuilt_site
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")
    differ = []
    for name in names:
        if name == ".buildinfo":
            continue
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a != b and stamp.sub("", a.decode("utf-8", "replace")) != stamp.sub(
            "", b.decode("utf-8", "replace")
        ):
            differ.append(name)
    assert not differ, differ[:10]
