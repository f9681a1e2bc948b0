"""Printable A4 handouts, one PDF per notebook, for students and for the instructor.

Each handout is the notebook as it reads after a run (text, figures at print resolution
with their descriptions, tables), without code. Questions get space to answer, "Think"
prompts get lines, and the notebook's sources close it. The student handout has no
answers; the instructor handout adds the model answers, unsealed from the question banks
on the instructor's side, and the teaching notes.

The HTML is printed by Chromium (Playwright's ``page.pdf``), offline: every figure is inside
the page, and any other request is refused.

In Python: ``build_handouts(Path("notebooks"), Path("handouts"))`` returns the PDFs written
(``handouts/student/00_start_here.pdf``, …); it runs the notebooks and Chromium, so its
example is the test suite's handout test, not a doctest.
"""

from __future__ import annotations

import html
import itertools
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from . import exercises
from .site.build import cache_root
from .site.execute import ExecutionCache
from .site.pages import NotebookInfo
from .site.questions import is_call, question_html, quiz_questions
from .slides import BuildError, check_out_dir, notebook_paths
from .student_build import is_instructor_cell, student_notebook

CHROMIUM_ENV = "COURSE_LIB_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SKIP_CALLS = ("start", "environment_check", "score")  # about the computer, not the topic
_DETAILS = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.S | re.I)
_THINK = re.compile(r"<b>\s*Think, then open:\s*</b>", re.I)

CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-family: "DejaVu Sans", "Noto Sans", sans-serif; font-size: 10pt; color: #000;
       line-height: 1.4; }
body { margin: 0; }
h1 { font-size: 19pt; margin: 0 0 0.3em; }
h2 { font-size: 14pt; margin: 1.1em 0 0.3em; break-after: avoid; }
h3, h4 { font-size: 11.5pt; margin: 0.9em 0 0.3em; break-after: avoid; }
p, li { orphans: 2; widows: 2; }
a { color: #000; text-decoration: none; }
.sources a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 8pt;
       word-break: break-all; }
.edition { font-size: 9pt; text-transform: uppercase; letter-spacing: 0.05em; }
.card { border: 1.5pt solid #000; padding: 0.5em 0.9em; margin: 0.6em 0 1em; }
.card p, .card ul { margin: 0.3em 0; }
.name { margin: 0.4em 0 1em; }
figure, .figure { break-inside: avoid; margin: 0.6em 0; }
img { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #000 !important; }
table { border-collapse: collapse; font-size: 8.5pt; margin: 0.5em 0; }
td, th { border: 0.5pt solid #666; padding: 2pt 4pt; vertical-align: top; text-align: left; }
pre { white-space: pre-wrap; font-size: 8.5pt; }
blockquote { margin: 0.4em 1.2em; font-style: italic; }
.course-question, .think { border: 1pt solid #000; padding: 0.4em 0.8em; margin: 0.7em 0;
       break-inside: avoid; }
.course-question-kind { font-size: 8.5pt; margin: 0; }
.course-question ul.course-options { list-style: none; padding-left: 0.3em; }
.course-tick { font-size: 12pt; }
.course-lines { height: calc(var(--lines, 3) * 2.1em); margin-top: 0.3em;
       background: repeating-linear-gradient(to bottom, transparent 0, transparent 2.0em,
       #777 2.0em, #777 2.1em); }
.course-lines span { font-size: 8.5pt; }
.course-blank { font-size: 9pt; }
.model, .teaching { border-left: 3pt solid #000; background: #eee; padding: 0.3em 0.7em;
       margin: 0.5em 0; break-inside: avoid; }
.model p, .teaching p { margin: 0.25em 0; }
"""


# --------------------------------------------------------------------------- model answers


@dataclass
class ModelAnswer:
    """The right answer to a question, as the instructor's handout prints it."""

    answer: Any
    text: str
    explanation: str = ""


def model_answer(q: exercises.Question) -> ModelAnswer:
    """Recover a question's answer from its sealed key (instructor side only).

    Choice, ordering and matching keys are salted hashes: the answer is the option (or
    order, or pairs) whose hash matches; reflections carry a sealed model answer. The result
    is checked with ``exercises.check`` before it is trusted.

    Example:
        >>> q = exercises.question("nb01_map_corridor")
        >>> exercises.check(q.id, model_answer(q).answer, record=False).correct
        True
    """
    seal = q._seal
    salt = seal["salt"]
    explanation = exercises._open(q, "explanation", "explanation")
    if q.kind == "reflection":
        model = exercises._open(q, "model_answer", "model_answer")
        return ModelAnswer(None, model or "No model answer: mark on the reasoning.", "")
    answer: Any = None
    if q.is_choice:
        answer = next(
            (
                o.id
                for o in q.options
                if exercises.digest(salt, exercises.canonical(q.kind, o.id)) == seal["key"]
            ),
            None,
        )
        text = f"{answer}) {q.option_text(answer)}" if answer else ""
        note = exercises._open(q, answer) if answer else ""
        explanation = " ".join(p for p in (note, explanation) if p)
    elif q.kind == "ordering":
        positions = set(seal.get("positions") or [])
        order = []
        for place in range(1, len(q.options) + 1):
            order += [
                o.id
                for o in q.options
                if exercises.digest(salt, exercises.position_label(o.id, place)) in positions
            ]
        answer = order
        if len(order) != len(q.options):  # no per-position hashes: try every order
            answer = next(
                (
                    list(p)
                    for p in itertools.permutations(o.id for o in q.options)
                    if exercises.digest(salt, exercises.canonical(q.kind, list(p))) == seal["key"]
                ),
                None,
            )
        text = " → ".join(q.option_text(i) for i in answer or [])
    else:  # matching
        pairs = set(seal.get("pairs") or [])
        answer = {
            item.id: choice.id
            for item in q.items
            for choice in q.options
            if exercises.digest(salt, exercises.pair_label(item.id, choice.id)) in pairs
        }
        text = "; ".join(f"{q.option_text(i)} → {c}) {q.option_text(c)}" for i, c in answer.items())
    if answer is None or exercises.check(q.id, answer, record=False).correct is not True:
        raise BuildError(f"Could not recover the answer key of question {q.id}.")
    return ModelAnswer(answer, text, explanation)


def _model_html(q: exercises.Question) -> str:
    found = model_answer(q)
    parts = [f"<p><strong>Model answer:</strong> {html.escape(found.text)}</p>"]
    if found.explanation:
        parts.append(f"<p><strong>Why:</strong> {html.escape(found.explanation)}</p>")
    return f'<div class="model">{"".join(parts)}</div>'


# --------------------------------------------------------------------------- HTML


def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _think_blocks(source: str, instructor: bool, md) -> str:
    """``<details>`` "Think, then open" blocks become prompts with lines to write on; the
    instructor's copy prints what the block reveals."""

    def swap(match: re.Match) -> str:
        prompt = _THINK.sub("<b>Think:</b>", match.group(1).strip())
        revealed = (
            f'<div class="model"><p><strong>In the notebook this opens to:</strong></p>'
            f"{md.render(match.group(2).strip())}</div>"
            if instructor
            else ""
        )
        return (
            f'\n\n<div class="think"><p>{prompt}</p>'
            f'<div class="course-lines" style="--lines:3"></div>{revealed}</div>\n\n'
        )

    return _DETAILS.sub(swap, source)


def _output_html(output: dict) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    if kind == "error":
        return ""
    data = output.get("data", {})
    if "text/html" in data:
        value = data["text/html"]
        return "".join(value) if isinstance(value, list) else value
    if "image/png" in data:
        alt = html.escape(str(data.get("text/plain", "")), quote=True)
        return f'<img src="data:image/png;base64,{data["image/png"]}" alt="{alt}">'
    if "text/plain" in data:
        return f"<pre>{html.escape(str(data['text/plain']))}</pre>"
    return ""


def handout_html(
    executed: nbformat.NotebookNode, info: NotebookInfo, *, instructor: bool = False
) -> str:
    """One notebook as a printable page (the student's, or the instructor's with answers)."""
    md = _markdown()
    edition = "Instructor handout, with model answers" if instructor else "Student handout"
    body: list[str] = []
    numbered = 0
    title = html.escape(info.title)
    for index, cell in enumerate(executed.cells):
        teaching = is_instructor_cell(cell)
        if teaching and not instructor:
            continue
        if cell.cell_type == "markdown":
            text = cell.source
            if index == 0 and text.startswith("# "):
                first, _, text = text.partition("\n")
                title = html.escape(first[2:].strip())
                body.append(f"<h1>{title}</h1>{_card(info, edition)}")
            rendered = md.render(_think_blocks(text, instructor, md))
            body.append(f'<div class="teaching">{rendered}</div>' if teaching else rendered)
            continue
        if cell.cell_type != "code" or any(is_call(cell.source, n) for n in SKIP_CALLS):
            continue
        questions = quiz_questions(cell.source)
        if questions is not None:
            for q in questions:
                numbered += 1
                after = _model_html(q) if instructor else ""
                body.append(question_html(q, numbered, paper=True, after=after))
            continue
        rendered = "".join(_output_html(o) for o in cell.outputs)
        if is_call(cell.source, "sources_for"):
            rendered = f'<div class="sources">{rendered}</div>'
        body.append(rendered)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}: {edition}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def _card(info: NotebookInfo, edition: str) -> str:
    goals = "".join(f"<li>{html.escape(g)}</li>" for g in info.objectives)
    facts = []
    if info.time_minutes:
        facts.append(f"<strong>Time:</strong> about {int(info.time_minutes)} minutes")
    before = ", ".join(info.prerequisites) or "nothing: start here"
    facts.append(f"<strong>Before this:</strong> notebook {before}")
    note = (
        f"<p><strong>Content note:</strong> {html.escape(info.content_note)}</p>"
        if info.content_note
        else ""
    )
    return (
        f'<p class="edition">Balancing Act · notebook {html.escape(info.id)} · {edition}</p>'
        f'<div class="card"><p><strong>You will be able to</strong></p><ul>{goals}</ul>'
        f"<p>{' · '.join(facts)}</p>{note}</div>"
        '<p class="name">Name: ______________________________ '
        "Date: ______________</p>"
    )


# --------------------------------------------------------------------------- PDF


def find_chromium() -> Path:
    """Debian's Chromium (or ``$COURSE_LIB_CHROMIUM``); a friendly error when there is none."""
    configured = os.environ.get(CHROMIUM_ENV)
    candidates = [configured] if configured else [shutil.which(n) for n in CHROMIUM_NAMES]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return Path(candidate)
    raise BuildError(
        "Printing the handouts needs Chromium, which is not installed here. Install it "
        "(Debian/Ubuntu: sudo apt-get install chromium) or set "
        f"${CHROMIUM_ENV} to a Chromium or Chrome program."
    )


FOOTER = (
    '<div style="font-size:7pt;width:100%;padding:0 15mm;font-family:DejaVu Sans,sans-serif;">'
    '<span class="title"></span><span style="float:right">page <span class="pageNumber">'
    '</span> of <span class="totalPages"></span></span></div>'
)


def print_pdfs(jobs: list[tuple[str, Path]], chromium: Path | None = None) -> list[Path]:
    """Print each ``(html, pdf path)`` with headless Chromium, offline; returns the paths."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BuildError(
            "Printing the handouts needs Playwright's Python package: pip install playwright "
            "(it drives the installed Chromium; no browser download is needed)."
        ) from exc
    browser_path = chromium or find_chromium()

    def run() -> list[Path]:
        written = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(browser_path), args=CHROMIUM_ARGS)
            try:
                context = browser.new_context()
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith(("data:", "about:"))
                        else route.abort()
                    ),
                )
                page = context.new_page()
                for markup, target in jobs:
                    page.set_content(markup, wait_until="load")
                    page.wait_for_function(
                        "() => Array.from(document.images).every(i => i.complete)"
                    )
                    target.parent.mkdir(parents=True, exist_ok=True)
                    page.pdf(
                        path=str(target),
                        format="A4",
                        print_background=True,
                        display_header_footer=True,
                        header_template="<span></span>",
                        footer_template=FOOTER,
                        margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                    )
                    written.append(target)
            finally:
                browser.close()
        return written

    # Playwright's sync API refuses to start inside a running event loop (a notebook, or a
    # caller already driving a browser): a worker thread has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def build_handouts(
    source: Path,
    out: Path,
    *,
    cache_dir: Path | None = None,
    jobs: int = 2,
    chromium: Path | None = None,
) -> list[Path]:
    """Write ``out/student/<notebook>.pdf`` and ``out/instructor/<notebook>.pdf``.

    The notebooks run first (or come from the cache the website shares), with figures at
    print resolution.
    """
    source, out = Path(source), Path(out)
    check_out_dir(source, out)
    browser = chromium or find_chromium()  # fail before the notebooks run, not after
    paths = notebook_paths(source)
    originals = {p.stem: nbformat.read(p, as_version=4) for p in paths}
    runs = ExecutionCache(cache_root(cache_dir) / "runs")
    executed = runs.run_all(originals, jobs=jobs)
    students = {name: student_notebook(nb) for name, nb in originals.items()}
    pages: list[tuple[str, Path]] = []
    for path in paths:
        info = NotebookInfo.read(path, originals[path.stem])
        student_run = runs.executed(students[path.stem], path.stem)
        pages.append((handout_html(student_run, info), out / "student" / f"{path.stem}.pdf"))
        pages.append(
            (
                handout_html(executed[path.stem], info, instructor=True),
                out / "instructor" / f"{path.stem}.pdf",
            )
        )
    return print_pdfs(pages, browser)
