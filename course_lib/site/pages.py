"""The website's pages as Sphinx sources: notebook pages and the reference pages.

Notebook pages are the executed notebooks with a header card (objectives, time,
prerequisites), launch buttons, questions in their static form, teaching notes marked as
such (instructor edition) and figures moved into files. The reference pages (home,
glossary, timeline, sources, about) are MyST markdown generated from the course data, so
Sphinx indexes their text for the offline search.

Example:
    >>> md_escape("a *b* [c]")
    'a \\\\*b\\\\* \\\\[c\\\\]'
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from docutils.nodes import make_id

from .. import __version__, links
from ..student_build import is_instructor_cell
from . import execute
from .questions import is_call, question_html, quiz_questions

NOTEBOOK_DIR = "notebooks"
FIGURE_DIR = "figures"
DOWNLOAD_DIR = "downloads"
LANGUAGES = (("form_az", "az", "Azerbaijani"), ("form_hy", "hy", "Armenian"))
LANGUAGES += (("form_ru", "ru", "Russian"), ("form_uk", "uk", "Ukrainian"))
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|{}$~#&^])")
_IMG = re.compile(r"<img\b[^>]*?\bsrc=\"data:image/png;base64,([A-Za-z0-9+/=\s]+)\"[^>]*>", re.S)
_ALT = re.compile(r"\balt=\"([^\"]*)\"")
_SOURCE_CODE = re.compile(r"<code>([a-z0-9_]+)</code>")


def md_escape(text: object) -> str:
    """Text made safe for MyST inline markup (every markup character backslash-escaped)."""
    value = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", value)


def source_anchor(source_id: str) -> str:
    """The HTML id of a source on the sources page."""
    return make_id(f"src-{source_id}")


@dataclass(frozen=True)
class NotebookInfo:
    """A notebook's file name and its ``metadata.course`` front matter."""

    path: Path
    id: str
    title: str
    objectives: tuple[str, ...]
    time_minutes: int | None
    prerequisites: tuple[str, ...]
    content_note: str | None

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def docname(self) -> str:
        return f"{NOTEBOOK_DIR}/{self.name}"

    @classmethod
    def read(cls, path: Path, nb: nbformat.NotebookNode) -> NotebookInfo:
        meta = nb.metadata.get("course", {})
        return cls(
            path=Path(path),
            id=str(meta.get("id") or Path(path).stem[:2]),
            title=str(meta.get("title") or Path(path).stem),
            objectives=tuple(str(o) for o in meta.get("objectives") or ()),
            time_minutes=meta.get("time_minutes"),
            prerequisites=tuple(str(p).zfill(2) for p in meta.get("prerequisites") or ()),
            content_note=meta.get("content_note") or None,
        )


@dataclass
class SiteContext:
    """What every page needs: the edition, the notebooks, the hub, the figure files."""

    student: bool
    notebooks: list[NotebookInfo]
    hub: str | None = None
    figures: dict[str, bytes] = field(default_factory=dict)  # file name -> PNG bytes

    @property
    def edition(self) -> str:
        return "student edition" if self.student else "instructor edition"

    def by_id(self, notebook_id: str) -> NotebookInfo | None:
        return next((n for n in self.notebooks if n.id == notebook_id), None)


# --------------------------------------------------------------------------- figures


def _screen_png(png: bytes) -> tuple[bytes, int, int]:
    """The PNG at screen resolution (figures are run at print resolution), and its size."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    dpi = image.info.get("dpi", (execute.SCREEN_DPI,))[0] or execute.SCREEN_DPI
    scale = execute.SCREEN_DPI / float(dpi)
    if scale < 0.99:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.convert("RGB").resize(size, Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        image.save(buf, format="png", optimize=True)
        png = buf.getvalue()
    return png, image.width, image.height


def extract_figures(markup: str, ctx: SiteContext, prefix: str, fallback_alt: str = "") -> str:
    """Move every inline PNG of an HTML output into ``figures/`` (named by content) and
    point its ``<img>`` there, with its size and lazy loading; keep (or add) its alt text."""

    def swap(match: re.Match) -> str:
        tag = match.group(0)
        png, width, height = _screen_png(base64.b64decode(match.group(1)))
        name = hashlib.sha256(png).hexdigest()[:20] + ".png"
        ctx.figures[name] = png
        alt = _ALT.search(tag)
        alt_text = alt.group(1) if alt and alt.group(1).strip() else html.escape(fallback_alt)
        return (
            f'<img src="{prefix}{FIGURE_DIR}/{name}" alt="{alt_text or "Figure"}" '
            f'width="{width}" height="{height}" loading="lazy" decoding="async"/>'
        )

    return _IMG.sub(swap, markup)


def _output_html(output: dict, ctx: SiteContext, prefix: str) -> None:
    """Rewrite one output in place for the website (figures to files, sources linked)."""
    data = output.get("data")
    if not data:
        return
    text = data.get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else text
    if "image/png" in data and "text/html" not in data:  # a bare figure: give it its text
        data["text/html"] = f'<img src="data:image/png;base64,{data["image/png"]}" alt="">'
    if "text/html" in data:
        markup = data["text/html"]
        markup = "".join(markup) if isinstance(markup, list) else markup
        markup = extract_figures(markup, ctx, prefix, fallback_alt=text)
        data["text/html"] = markup
        data.pop("image/png", None)  # the HTML shows it (with its alt text)


def _link_sources(markup: str, prefix: str) -> str:
    """Make each source id in a notebook's source list a link to the sources page."""

    def link(match: re.Match) -> str:
        sid = match.group(1)
        return f'<a href="{prefix}sources.html#{source_anchor(sid)}"><code>{sid}</code></a>'

    return _SOURCE_CODE.sub(link, markup)


# --------------------------------------------------------------------------- notebook page


def launch_html(info: NotebookInfo, ctx: SiteContext, prefix: str) -> str:
    """The launch buttons: Binder, Colab, JupyterHub and download, all from :mod:`links`."""
    notebook = info.path.name
    hub = (
        html.escape(links.nbgitpuller_url(notebook, hub=ctx.hub))
        if ctx.hub
        else f"{prefix}about.html#jupyterhub"
    )
    buttons = [
        (html.escape(links.binder_url(notebook)), "Launch on Binder"),
        (html.escape(links.colab_url(notebook)), "Open in Colab"),
        (hub, "Open on JupyterHub (nbgitpuller)"),
        (html.escape(links.download_url(notebook)), "Download .ipynb"),
    ]
    items = "".join(
        f'<li><a class="course-launch-button" href="{h}">{t}</a></li>' for h, t in buttons
    )
    offline = f"{prefix}{DOWNLOAD_DIR}/{html.escape(notebook)}"
    return (
        f'<nav class="course-launch" id="launch" aria-label="Run this notebook">'
        "<p><strong>Run this notebook</strong> to answer its questions and move its maps "
        "and timelines (they are pictures on this page):</p>"
        f"<ul>{items}</ul>"
        f'<p class="course-launch-note">Without internet, use <a href="{offline}" download>'
        "the copy of this notebook saved with this site</a>.</p></nav>"
    )


def header_card(info: NotebookInfo, ctx: SiteContext) -> str:
    """Objectives, time, prerequisites and content note, as a MyST card."""
    lines = ["```{container} course-card", "", "**You will be able to**", ""]
    lines += [f"- {md_escape(goal)}" for goal in info.objectives]
    lines.append("")
    facts = []
    if info.time_minutes:
        facts.append(f"**Time:** about {int(info.time_minutes)} minutes")
    before = []
    for pid in info.prerequisites:
        other = ctx.by_id(pid)
        before.append(f"[{md_escape(other.title)}]({other.path.name})" if other else md_escape(pid))
    facts.append("**Before this:** " + ("; ".join(before) if before else "nothing: start here"))
    lines.append(" · ".join(facts))
    if info.content_note:
        lines += ["", f"**Content note:** {md_escape(info.content_note)}"]
    lines += ["", f"*This page is the {ctx.edition} of the notebook, run and shown as it ends.*"]
    lines.append("```")
    return "\n".join(lines)


def teaching_note(source: str) -> str:
    """An instructor cell's markdown as a clearly marked teaching note."""
    fence = ":::" + ":" * max((len(m) for m in re.findall(r"^:{3,}", source, re.M)), default=0)
    return (
        f"{fence}{{admonition}} Teaching note (instructor edition only)\n"
        ":class: course-teaching-note\n\n"
        f"{source.strip()}\n{fence}"
    )


def _display(markup: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={"text/html": markup, "text/plain": ""})


def site_notebook(executed: nbformat.NotebookNode, info: NotebookInfo, ctx: SiteContext):
    """The executed notebook as the website shows it (a new notebook; the input is kept)."""
    nb = copy.deepcopy(executed)
    prefix = "../"
    cells: list[nbformat.NotebookNode] = []
    numbered = 0
    for index, cell in enumerate(nb.cells):
        if index == 0 and cell.cell_type == "markdown" and cell.source.startswith("# "):
            title, _, rest = cell.source.partition("\n")
            cells.append(nbformat.v4.new_markdown_cell(title))
            cells.append(nbformat.v4.new_markdown_cell(header_card(info, ctx)))
            cells.append(nbformat.v4.new_markdown_cell(launch_html(info, ctx, prefix)))
            if rest.strip():
                cells.append(nbformat.v4.new_markdown_cell(rest.strip()))
            continue
        instructor = is_instructor_cell(cell)
        if cell.cell_type == "markdown":
            cells.append(
                nbformat.v4.new_markdown_cell(
                    teaching_note(cell.source) if instructor else cell.source
                )
            )
            continue
        if cell.cell_type != "code":
            continue
        if instructor:
            cells.append(
                nbformat.v4.new_markdown_cell(
                    teaching_note("The next cell is for instructors only.")
                )
            )
        questions = quiz_questions(cell.source)
        if questions is not None:
            blocks = []
            for q in questions:
                numbered += 1
                blocks.append(question_html(q, numbered))
            blocks.append(
                '<p class="course-question-run">To answer and get feedback, run this notebook: '
                '<a href="#launch">launch buttons at the top of the page</a>.</p>'
            )
            cell.outputs = [_display("".join(blocks))]
        for output in cell.outputs:
            _output_html(output, ctx, prefix)
            if is_call(cell.source, "sources_for") and "data" in output:
                output["data"]["text/html"] = _link_sources(output["data"]["text/html"], prefix)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


# --------------------------------------------------------------------------- reference pages


def _list_table(header: list[str], rows: list[list[str]], widths: str | None = None) -> str:
    lines = ["```{list-table}", ":header-rows: 1", ":class: course-table"]
    if widths:
        lines.append(f":widths: {widths}")
    lines.append("")
    for row in [header, *rows]:
        first, *rest = row
        lines.append(f"* - {first or ' '}")
        lines += [f"  - {cell or ' '}" for cell in rest]
    lines.append("```")
    return "\n".join(lines)


def _source_refs(ids: list[str]) -> str:
    return ", ".join(f"{{ref}}`{sid} <src-{sid}>`" for sid in ids)


def index_page(ctx: SiteContext) -> str:
    """The home page: what the course is, for whom, how to start, the notebook table."""
    first = ctx.notebooks[0]
    rows = []
    for info in ctx.notebooks:
        rows.append(
            [
                info.id,
                f"[{md_escape(info.title)}]({info.docname}.ipynb)",
                "; ".join(md_escape(o) for o in info.objectives),
                f"{info.time_minutes} min" if info.time_minutes else "",
                ", ".join(info.prerequisites) or "—",
            ]
        )
    table = _list_table(
        ["No.", "Notebook", "You will be able to", "Time", "Before it"], rows, "5 25 52 9 9"
    )
    notebooks = "\n".join(n.docname for n in ctx.notebooks)
    edition = (
        "This is the **student edition**: it has no teaching notes and no answers."
        if ctx.student
        else "This is the **instructor edition**: teaching notes appear in marked boxes. "
        "Give students the student edition (`python -m course_lib site OUT --student`)."
    )
    return f"""# Balancing Act

**How Azerbaijan balanced between Russia and Ukraine in 2022**: an open course in Jupyter
notebooks, with maps of Karabakh, diagrams of who pulls Baku which way, and exercises built on
real quotes. Version {__version__}, {ctx.edition}.

## What this course is

The course starts from one article, *Azerbaijan's Balancing Act between Russia and Ukraine*
(IWPR, 18 March 2022). It reads the article as a document of its time, checks it against other
public sources, and follows what happened next, up to 2025. Every fact names its sources
({{doc}}`sources`), contested place names appear in both forms, and approximate map lines say
so.

## For whom

Students of politics, international relations and journalism (no programming needed: you
read, click and answer), and the instructors who teach them.

## How to start

1. **Read it here.** Every notebook is on this website, run from top to bottom, with its
   figures and questions. Start with [{md_escape(first.title)}]({first.docname}.ipynb).
2. **Run it.** To answer the questions and move the maps, open a notebook with the launch
   buttons at the top of its page: Binder or Colab in a browser, your class's JupyterHub, or
   download the notebook.
3. **On your own computer**, from a copy of the course:
   `python3 -m pip install -r requirements.txt && jupyter lab notebooks/00_start_here.ipynb`

{edition} The site works without internet: search, light and dark themes included.

## The notebooks

{table}

```{{toctree}}
:hidden:
:caption: Notebooks

{notebooks}
```

```{{toctree}}
:hidden:
:caption: Reference

glossary
timeline
sources
about
```
"""


def glossary_page(glossary) -> str:
    """Every glossary term with its definition, note and az/hy/ru/uk forms."""
    parts = [
        "# Glossary",
        "",
        "The course's terms, with their forms in Azerbaijani, Armenian, Russian and Ukrainian. "
        "Where a term is contested, the note says who uses it.",
        "",
    ]
    table = glossary.sort_values("term", key=lambda s: s.str.lower())
    for _, row in table.iterrows():
        parts.append(f"({make_id('term-' + str(row['term_id']))})=")
        parts.append(f"## {md_escape(row['term'])}")
        parts.append("")
        parts.append(md_escape(row["definition"]))
        parts.append("")
        if row["note"]:
            parts += [f"*{md_escape(row['note'])}*", ""]
        forms = [
            f'{name}: <span lang="{lang}">{html.escape(str(row[col]))}</span>'
            for col, lang, name in LANGUAGES
            if row[col]
        ]
        if forms:
            parts += ["- " + "\n- ".join(forms), ""]
        if len(row["source_ids"]):
            parts += [f"Sources: {_source_refs(list(row['source_ids']))}", ""]
    return "\n".join(parts)


def _when(row) -> str:
    from ..dates import format_date

    when = format_date(row["date"], row["precision"])
    end = row.get("date_end")
    if end is not None and str(end) not in ("NaT", "", "nan"):
        when += f" – {format_date(end, row['precision'])}"
    return when


def timeline_page(timeline) -> str:
    """The timeline as a table: date, event, kind, how sure, sources."""
    rows = []
    for _, row in timeline.iterrows():
        event = f"**{md_escape(row['title'])}** {md_escape(row['summary'])}"
        sure = md_escape(row["status"])
        if row["contested"]:
            note = f": {md_escape(row['contested_note'])}" if row["contested_note"] else ""
            sure = f"contested{note}"
        rows.append(
            [
                md_escape(_when(row)),
                event,
                md_escape(str(row["category"]).replace("_", " ")),
                sure,
                _source_refs(list(row["source_ids"])),
            ]
        )
    intro = (
        "# Timeline\n\nEvery event the course uses, from 1923 to 2025, with how sure it is and "
        "its sources. Dates are only as precise as the record (a year, a month or a day).\n\n"
    )
    return intro + _list_table(
        ["Date", "Event", "Kind", "How sure", "Sources"], rows, "14 50 10 12 14"
    )


def sources_page(sources, ctx: SiteContext) -> str:
    """Every row of ``sources.csv``, and where each notebook lists its own."""
    parts = [
        "# Sources",
        "",
        "Every public source the course cites. Each notebook also ends with its own list, "
        "the sources behind what it showed:",
        "",
    ]
    parts += [
        f"- [{md_escape(n.title)}]({n.docname}.ipynb#sources-for-this-notebook)"
        for n in ctx.notebooks
    ]
    parts += ["", "## All sources", ""]
    table = sources.sort_values("title", key=lambda s: s.str.lower())
    for sid, row in table.iterrows():
        title = md_escape(row["title"])
        link = f"[{title}]({row['url']})" if row["url"] else title
        date = f", {md_escape(row['date'])}" if row["date"] else ""
        note = f" {md_escape(row['note'])}" if row["note"] else ""
        parts.append(f"(src-{sid})=")
        parts.append(
            f"{link}. {md_escape(row['publisher'])}{date}. *{md_escape(row['kind'])}*, "
            f"`{sid}`.{note}"
        )
        parts.append("")
    return "\n".join(parts)


def about_page(ctx: SiteContext, licence: str, content_licence: str) -> str:
    """About the course and the site, the licences, and the JupyterHub links."""
    hub_rows = "\n".join(
        f"- {md_escape(n.title)}: `{links.nbgitpuller_url(n.path.name, hub=ctx.hub or 'https://<your-hub>')}`"
        for n in ctx.notebooks
    )
    return f"""# About and licences

*Balancing Act* version {__version__} ({ctx.edition}). Written by the Balancing Act course
authors. Cite it as described in the course's `CITATION.cff`: Balancing Act course authors,
*Balancing Act: how Azerbaijan balanced between Russia and Ukraine in 2022* (version
{__version__}), Jupyter course.

## Licences

- **Course code**: MIT licence (below).
- **Course text and data**: Creative Commons Attribution 4.0 (CC BY 4.0), below.
- **Country and district outlines**: Natural Earth (public domain).
- **Place coordinates**: GeoNames, CC BY 4.0; credit: "GeoNames, CC BY 4.0".
- **Historical boundaries** (the NKAO, the 1994–2020 line, the 2020 peacekeeping zone and the
  Lachin corridor) are drawn by the project and are **approximate**.
- **The article** is not redistributed: the course quotes it and links to it.
- **This website** is built with Sphinx, MyST-NB, sphinx-book-theme and pydata-sphinx-theme
  (BSD licences), Bootstrap (MIT) and Font Awesome Free (icons CC BY 4.0, fonts SIL OFL 1.1,
  code MIT). Every file it needs is copied into the site: it loads nothing from the internet,
  and it has no analytics.

### Course code licence

```text
{licence.strip()}
```

### Course content licence

```text
{content_licence.strip()}
```

(jupyterhub)=
## Opening a notebook on JupyterHub

A class JupyterHub opens a notebook with an nbgitpuller link, which copies the course's
student repository into your home folder (and updates it on later clicks, keeping your
changes). Your instructor gives you the link for your hub; it has this form, with your hub's
address in place of `https://<your-hub>`:

{hub_rows}

## Accessibility

The site is checked with axe-core in a real browser (Chromium), in light and dark themes, on
every page; every figure has a short name as its alternative text and, as its caption, a
description generated from its data. Tell the course authors about anything that gets in your
way.
"""
