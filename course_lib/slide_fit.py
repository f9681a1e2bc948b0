"""Slides that fit the screen: every slide of a deck laid out for a 1280×720 projector.

A notebook is written to be scrolled; a slide is not. :class:`FitSlides` rebuilds a
notebook's cells slide by slide before nbconvert turns them into a reveal.js deck:

- one figure per slide, its height fitted to the room left under the slide's text;
- figure descriptions (and the key dates an explorer lists) go to the speaker notes, where
  the presenter reads them; the picture keeps its alt text;
- tables, lists and quiz cards too long for one slide continue on the next (their header
  repeated), up to ``MAX_CONTINUED`` slides; the rest goes to the speaker notes;
- prose that does not fit under a slide's heading goes to the speaker notes;
- code is hidden unless asked for (``show_code``), then shown above its output.

Heights are estimated from the text (a slide's CSS, :data:`DECK_CSS`, uses exactly the sizes
the estimate assumes; a wide font is assumed so that real text is no longer). The browser
test measures every slide of every executed deck through the Reveal API
(tests/browser/test_slides.py).

Example:
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")])
    >>> nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    >>> [c.metadata.slideshow.slide_type for c in fit_slides(nb).cells]
    ['slide']
"""

from __future__ import annotations

import base64
import copy
import html
import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import nbformat
from bs4 import BeautifulSoup, NavigableString, Tag

from . import style

DECK_WIDTH, DECK_HEIGHT = 1280, 720
BUDGET = 600  # px of content one slide holds (reveal's margins and a reserve for error)
# A figure's height is exact (its max-height), and the text above it is estimated high: a
# figure may use the slide down to FIGURE_BUDGET, so its labels are shown as large as they fit.
FIGURE_BUDGET = 680
FIGURE_MIN = 540  # a figure shares a slide only when it keeps at least this height
FIGURE_MAX = 640
MAX_CONTINUED = 2  # continuation slides for one long table, list or set of questions
CONTENT_WIDTH = DECK_WIDTH - 80  # px for text (cell paddings, list indents come off it)
FONT = 22  # body text, px
LINE = 1.4  # line height, times the font size
CHAR = 0.6  # a character's width, times the font size (DejaVu Sans and Verdana are wide)
HEADINGS = {"h1": 40, "h2": 32, "h3": 27, "h4": 24, "h5": 22, "h6": 22}
TABLE_FONT, CODE_FONT, SMALL = 17, 17, 0.82
CELL_GAP = 10  # px between two cells on a slide

#: The deck's typography: the sizes :func:`height` assumes (one place for both).
DECK_CSS = f"""
:root {{ --jp-content-font-size1: {FONT}px; --jp-ui-font-size1: {FONT}px;
  --jp-code-font-size: {CODE_FONT}px; --jp-cell-prompt-width: 0px;
  --jp-content-font-family: "DejaVu Sans", Verdana, "Segoe UI", sans-serif; }}
.reveal {{ font-size: {FONT}px; font-family: var(--jp-content-font-family); }}
.reveal .slides section {{ line-height: {LINE}; text-align: left; }}
.reveal .slides section .jp-RenderedHTMLCommon * {{ line-height: {LINE}; }}
.reveal .slides section .jp-OutputArea-output dt,
.reveal .slides section .jp-OutputArea-output dd {{ float: none; width: auto; padding: 0; }}
.reveal .slides section h1, .reveal .slides section h2, .reveal .slides section h3,
.reveal .slides section h4, .reveal .slides section .jp-RenderedHTMLCommon h1,
.reveal .slides section .jp-RenderedHTMLCommon h2,
.reveal .slides section .jp-RenderedHTMLCommon h3,
.reveal .slides section .jp-RenderedHTMLCommon h4 {{ text-transform: none; line-height: 1.2;
  margin: 0 0 14px;
  font-family: var(--jp-content-font-family); letter-spacing: 0; }}
{"".join(f".reveal .slides section {h} {{ font-size: {px}px; }}" for h, px in HEADINGS.items())}
.reveal .slides section p {{ margin: 0 0 12px; line-height: {LINE}; }}
.reveal .slides section ul, .reveal .slides section ol {{ margin: 0 0 12px 32px; padding: 0;
  display: block; }}
.reveal .slides section li {{ margin: 0 0 4px; line-height: {LINE}; }}
.reveal .slides section dl {{ margin: 0 0 12px; width: auto; }}
.reveal .slides section dt {{ margin: 0; }}
.reveal .slides section dd {{ margin: 0 0 8px 32px; }}
.reveal .slides section blockquote {{ margin: 0 0 12px; padding: 4px 16px; width: auto;
  box-shadow: none; font-style: normal; }}
.reveal .slides section table {{ font-size: {TABLE_FONT}px; margin: 0 0 12px;
  border-collapse: collapse; table-layout: auto; max-width: 100%; }}
.reveal .slides section th, .reveal .slides section td {{ padding: 3px 8px;
  vertical-align: top; white-space: normal; overflow-wrap: anywhere; }}
.reveal .slides section pre, .reveal .slides section code {{ font-size: {CODE_FONT}px;
  white-space: pre-wrap; overflow-wrap: anywhere; }}
.reveal .slides section pre {{ margin: 0 0 12px; line-height: 1.35; box-shadow: none; }}
.reveal .slides section img {{ max-width: 100%; height: auto; margin: 0 auto; display: block; }}
.reveal .slides section figure {{ margin: 0; }}
.reveal .slides section details summary {{ cursor: pointer; }}
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt {{ display: none; }}
.reveal .jp-Cell {{ padding: 0; }}
.reveal .jp-OutputArea-output, .reveal .jp-RenderedHTMLCommon {{ padding: 0; overflow: visible;
  font-size: {FONT}px; }}
.reveal .jp-RenderedHTMLCommon {{ padding-right: 0; }}
.reveal .jp-Cell + .jp-Cell {{ margin-top: {CELL_GAP}px; }}
.reveal .course-more {{ font-size: 18px; color: #333; }}
.reveal .course-repeat {{ color: #222; }}
"""

BLOCK = {
    "address", "article", "aside", "blockquote", "details", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul", "summary",
    "caption", "img", "thead", "tbody", "tr",
}  # fmt: skip
MARGINS = {"p": 12, "ul": 12, "ol": 12, "dl": 12, "li": 4, "blockquote": 20, "table": 12,
           "pre": 12, "dd": 8, "figure": 0, "details": 12, "hr": 14}  # fmt: skip
INDENT = {"ul": 32, "ol": 32, "dd": 32, "blockquote": 32}
SCALE = {"small": SMALL, "code": CODE_FONT / FONT}
SPLITTABLE = {"ul", "ol", "dl", "table", "div", "figure", "blockquote", "section"}


# --------------------------------------------------------------------------- estimates


def _text(node: Any) -> str:
    return re.sub(r"\s+", " ", node.get_text() if isinstance(node, Tag) else str(node))


def _lines(chars: float, width: float, font: float) -> int:
    if chars <= 0:
        return 0
    per_line = max(8, int(width / (CHAR * font)))
    return math.ceil(chars / per_line)


def height(node: Any, width: float = CONTENT_WIDTH, font: float = FONT) -> float:
    """The estimated height (px) of an HTML element (or a parsed fragment) on a slide.

    Example:
        >>> round(height(BeautifulSoup("<p>Hello</p>", "html.parser")))
        43
    """
    if isinstance(node, NavigableString):
        return _lines(len(_text(node).strip()), width, font) * font * LINE
    name = node.name
    if name in ("style", "script", "head", "aside"):
        return 0.0
    if name == "img":
        return float(_img_height(node, width))
    if name == "details" and not node.has_attr("open"):
        summary = node.find("summary")
        return (height(summary, width, font) if summary else font * LINE) + MARGINS["details"]
    if name == "table":
        return _table_height(node, width)
    if name == "pre":
        return _pre_height(node.get_text(), width) + MARGINS["pre"]
    if name in HEADINGS:
        size = HEADINGS[name]
        return _lines(len(_text(node).strip()), width, size) * size * 1.2 + 14
    font = font * SCALE.get(name, 1.0)
    inner = width - INDENT.get(name, 0)
    total, run = 0.0, 0
    for child in node.children:
        if isinstance(child, NavigableString):
            run += len(_text(child))
        elif child.name == "br":
            total += max(1, _lines(run, inner, font)) * font * LINE
            run = 0
        elif child.name in BLOCK or child.find(BLOCK) is not None:
            total += _lines(run, inner, font) * font * LINE
            run = 0
            total += height(child, inner, font)
        else:
            run += len(_text(child)) * SCALE.get(child.name, 1.0)
    total += _lines(run, inner, font) * font * LINE
    return total + MARGINS.get(name, 0)


def _img_height(img: Tag, width: float) -> float:
    style = img.get("style", "")
    match = re.search(r"max-height:\s*(\d+)px", style)
    if match:
        return float(match.group(1))
    return min(float(img.get("height", FIGURE_MAX)), FIGURE_MAX)


def _pre_height(text: str, width: float) -> float:
    lines = sum(max(1, _lines(len(line), width, CODE_FONT)) for line in text.rstrip().split("\n"))
    return lines * CODE_FONT * 1.35 + 12


def _table_height(table: Tag, width: float) -> float:
    rows = table.find_all("tr")
    cells = [row.find_all(["td", "th"]) for row in rows]
    columns = max((len(r) for r in cells), default=1)
    longest = [1] * columns
    for row in cells:
        for i, cell in enumerate(row[:columns]):
            longest[i] = max(longest[i], min(len(_text(cell)), 400))
    total_chars = sum(longest)
    usable = width - 16 * columns
    col = [max(60.0, usable * n / total_chars) for n in longest]
    total = 0.0
    for row in cells:
        lines = [_lines(len(_text(c).strip()), col[i], TABLE_FONT) for i, c in enumerate(row)]
        total += max(lines + [1]) * TABLE_FONT * LINE + 8
    caption = table.find("caption")
    if caption is not None:
        total += _lines(len(_text(caption)), width, TABLE_FONT) * TABLE_FONT * LINE
    return total + MARGINS["table"]


# --------------------------------------------------------------------------- splitting


def _children(tag: Tag) -> list[Any]:
    return [c for c in tag.children if not (isinstance(c, NavigableString) and not c.strip())]


def _shell(tag: Tag) -> Tag:
    """A copy of ``tag`` without its children (to wrap a part of them)."""
    shell = copy.copy(tag)
    shell.clear()
    return shell


def split(node: Any, room: float, later: float) -> list[Any]:
    """``node`` cut into parts: the first fits in ``room`` px, the others in ``later`` px
    (as far as it can be cut: rows of a table, items of a list, children of a box). A part
    that cannot be cut is returned whole, even if taller.

    Example:
        >>> rows = "".join(f"<tr><td>row {i}</td></tr>" for i in range(40))
        >>> table = BeautifulSoup(f"<table>{rows}</table>", "html.parser").table
        >>> len(split(table, 300, 300)) > 1
        True
    """
    if height(node) <= room or not isinstance(node, Tag) or node.name not in SPLITTABLE:
        return [node]
    if node.name == "table":
        return _split_table(node, room, later)
    units = _units(node)
    if len(units) <= 1:
        inner = _children(node)
        if len(inner) == 1 and isinstance(inner[0], Tag) and inner[0].name in SPLITTABLE:
            return [_wrap(node, [part]) for part in split(inner[0], room, later)]
        return [node]
    parts: list[Any] = []
    group: list[Any] = []
    used = 0.0
    limit = room
    for unit in units:
        h = sum(height(u) for u in unit)
        if group and used + h > limit:
            parts.append(_wrap(node, group, start=len(parts), first=len(parts) == 0))
            group, used, limit = [], 0.0, later
        if not group and h > limit and len(unit) == 1 and _cuttable(unit[0]):
            pieces = split(unit[0], limit, later)
            for piece in pieces[:-1]:
                parts.append(_wrap(node, [piece]))
            group, used = [pieces[-1]], height(pieces[-1])
            continue
        group.extend(unit)
        used += h
    if group:
        parts.append(_wrap(node, group))
    _number_lists(node, parts)
    return parts


def _cuttable(node: Any) -> bool:
    return isinstance(node, Tag) and node.name in SPLITTABLE


def _units(node: Tag) -> list[list[Any]]:
    """The pieces a box is cut between: list items, term and definition together."""
    children = _children(node)
    if node.name != "dl":
        return [[c] for c in children]
    units: list[list[Any]] = []
    for child in children:
        if isinstance(child, Tag) and child.name == "dd" and units:
            units[-1].append(child)
        else:
            units.append([child])
    return units


def _wrap(node: Tag, children: Iterable[Any], start: int = 0, first: bool = True) -> Tag:
    shell = _shell(node)
    for child in children:
        shell.append(copy.copy(child))
    return shell


def _number_lists(node: Tag, parts: list[Any]) -> None:
    """Continued numbered lists go on counting (``<ol start=…>``)."""
    if node.name != "ol":
        return
    count = int(node.get("start", 1))
    for part in parts:
        if isinstance(part, Tag) and part.name == "ol":
            part["start"] = str(count)
            count += len(part.find_all("li", recursive=False))


def _split_table(table: Tag, room: float, later: float) -> list[Any]:
    head = table.find("thead")
    body_rows = [r for r in table.find_all("tr") if head is None or r.find_parent("thead") is None]
    shell = _shell(table)
    caption = table.find("caption")
    parts, rows, used, limit = [], [], 0.0, room
    base = height(_table_with(shell, caption, head, []))
    for row in body_rows:
        h = _table_height(_table_with(shell, None, None, [row]), CONTENT_WIDTH) - MARGINS["table"]
        if rows and base + used + h > limit:
            parts.append(_table_with(shell, caption if not parts else None, head, rows))
            rows, used, limit = [], 0.0, later
        rows.append(row)
        used += h
    if rows:
        parts.append(_table_with(shell, caption if not parts else None, head, rows))
    return parts


def _table_with(shell: Tag, caption: Any, head: Any, rows: list[Tag]) -> Tag:
    table = copy.copy(shell)
    if caption is not None:
        table.append(copy.copy(caption))
    if head is not None:
        table.append(copy.copy(head))
    body = BeautifulSoup("<tbody></tbody>", "html.parser").tbody
    for row in rows:
        body.append(copy.copy(row))
    table.append(body)
    return table


# --------------------------------------------------------------------------- the slides


@dataclass
class Piece:
    """One thing a slide shows: prose, data (tables, lists, questions), a figure, code."""

    kind: str  # "text", "data", "figure", "code"
    html: str
    height: float
    cell: Any  # the cell it came from
    output: dict[str, Any] | None = None  # for outputs: the output it came from
    notes: list[str] = field(default_factory=list)  # what goes to the speaker notes with it


@dataclass
class Slide:
    kind: str  # slide or subslide
    heading: str
    cells: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: float = 0.0
    figure: bool = False


def _markdown_html(source: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(source)


def _heading(soup: BeautifulSoup) -> str:
    first = soup.find(["h1", "h2", "h3", "h4"])
    return _text(first).replace("¶", "").strip() if first is not None else ""


def _figure_parts(markup: str) -> tuple[str, list[str]]:
    """A figure's HTML without its caption, and what goes to the notes (the caption, any
    text around the figure, such as an explorer's key dates)."""
    soup = BeautifulSoup(markup, "html.parser")
    notes = []
    img = soup.find("img")
    for caption in soup.find_all("figcaption"):
        notes.append(str(caption).replace("<figcaption", "<p").replace("</figcaption>", "</p>"))
        if img is not None and str(img.get("alt", "")).endswith(style.DESCRIBED_BELOW):
            # the description is no longer below: the picture's alt text says it instead
            words = caption.get_text(" ", strip=True)
            img["alt"] = words.removeprefix(style.DESCRIPTION_LABEL).strip()
        caption.decompose()
    kept: list[Any] = []
    for child in _children(soup):
        if isinstance(child, Tag) and (child is img or child.find("img") is not None):
            kept.append(child)
        elif kept:  # after the picture: notes
            notes.append(str(child))
        else:  # before it (an explorer's date line): stays with the picture
            kept.append(child)
    return "".join(str(k) for k in kept), notes


def _image_html(output: dict[str, Any]) -> str:
    data = output.get("data", {})
    png = data.get("image/png", "")
    png = png if isinstance(png, str) else base64.b64encode(png).decode("ascii")
    alt = html.escape(str(data.get("text/plain", "figure")), quote=True)
    return f'<img src="data:image/png;base64,{png}" alt="{alt}"/>'


def _output_pieces(cell: Any, output: dict[str, Any]) -> list[Piece]:
    kind = output.get("output_type")
    if kind == "stream":
        text = html.escape(output.get("text", ""))
        markup = f"<pre>{text}</pre>"
        return [Piece("data", markup, height(_soup(markup)), cell, output)]
    if kind == "error":
        return []
    data = output.get("data", {})
    markup = data.get("text/html")
    markup = "".join(markup) if isinstance(markup, list) else markup
    if markup is None and "image/png" in data:
        markup = _image_html(output)
    if markup is None:
        text = data.get("text/plain", "")
        text = "".join(text) if isinstance(text, list) else text
        if not text.strip():
            return []
        markup = f"<pre>{html.escape(text)}</pre>"
    if "<img" in markup:
        figure, notes = _figure_parts(markup)
        return [Piece("figure", figure, FIGURE_MAX, cell, output, notes)]
    soup = _soup(markup)
    return [Piece("data", markup, height(soup), cell, output)]


def _soup(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def _cell_pieces(cell: Any, show_code: bool) -> list[Piece]:
    if cell.cell_type == "markdown":
        soup = _soup(_markdown_html(cell.source))
        blocks = _children(soup)
        pieces = []
        for block in blocks:
            # lists and tables continue on the next slide; only long prose goes to the notes
            data_like = isinstance(block, Tag) and block.name in ("table", "dl", "ul", "ol")
            kind = "data" if data_like else "text"
            if isinstance(block, Tag) and block.name in HEADINGS:
                kind = "heading"
            pieces.append(Piece(kind, str(block), height(block), cell))
        return pieces
    if cell.cell_type != "code":
        return []
    pieces = []
    if show_code and cell.source.strip():
        code_h = _pre_height(cell.source, CONTENT_WIDTH) + MARGINS["pre"]  # shown as a <pre>
        pieces.append(Piece("code", cell.source, code_h, cell))
    for output in cell.get("outputs", []):
        pieces.extend(_output_pieces(cell, output))
    return pieces


def _groups(cells: list[Any]) -> list[tuple[str, list[Any]]]:
    groups: list[tuple[str, list[Any]]] = []
    for cell in cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-") or "-"
        if kind in ("slide", "subslide") or not groups:
            groups.append((kind if kind in ("slide", "subslide") else "slide", []))
        groups[-1][1].append(cell)
    return groups


class _Builder:
    """Packs the pieces of one notebook slide (a group of cells) into deck slides."""

    def __init__(self, kind: str):
        self.kind = kind
        self.slides: list[Slide] = []
        self.heading = ""

    @property
    def current(self) -> Slide:
        return self.slides[-1]

    def new_slide(self, repeat: bool = True) -> Slide:
        kind = self.kind if not self.slides else "subslide"
        slide = Slide(kind, self.heading)
        self.slides.append(slide)
        if repeat and self.heading:
            slide.cells.append(("markdown", self._repeat_markup(), None))
            slide.used += self.repeat_height()
        return slide

    def _repeat_markup(self) -> str:
        return f'<h3 class="course-repeat">{html.escape(self.heading)}</h3>'

    def room(self) -> float:
        return BUDGET - self.current.used

    def add(self, piece: Piece, markup: str | None = None, h: float | None = None) -> None:
        h = piece.height if h is None else h
        if piece.kind == "code":
            self.current.cells.append(("code", piece.cell.source, piece))
        elif piece.output is not None:
            self.current.cells.append(("output", markup or piece.html, piece))
        else:
            self.current.cells.append(("markdown", markup or piece.html, piece))
        self.current.used += h + CELL_GAP
        self.current.notes.extend(piece.notes)

    def place(self, piece: Piece) -> None:
        if piece.kind == "heading" and not self.slides:
            self.heading = _heading(_soup(piece.html))
            self.new_slide(repeat=False)
            self.add(piece)
            return
        if not self.slides:
            self.new_slide(repeat=False)
        if piece.kind == "figure":
            self.place_figure(piece)
        elif piece.kind in ("text", "heading"):
            if piece.height <= self.room():
                self.add(piece)
            elif self.current.figure and piece.height <= BUDGET - 60:
                self.new_slide()
                self.add(piece)
            else:  # long prose: the presenter says it
                self.current.notes.append(piece.html)
        else:
            self.place_data(piece)

    def place_figure(self, piece: Piece) -> None:
        def figure_room() -> float:
            return FIGURE_BUDGET - self.current.used - CELL_GAP - 8

        if self.current.figure or figure_room() < FIGURE_MIN:
            self.new_slide()
        around = _soup(piece.html)  # what stays with the picture (an explorer's date line)
        for img in around.find_all("img"):
            img.decompose()
        extra = height(around) if _text(around).strip() else 0.0
        fig_h = int(min(FIGURE_MAX, figure_room() - extra))
        markup = _fit_images(piece.html, fig_h)
        self.add(piece, markup, h=height(_soup(markup)))
        self.current.figure = True

    def place_data(self, piece: Piece) -> None:
        if piece.height <= self.room():
            self.add(piece)
            return
        soup = _soup(piece.html)
        top = _children(soup)
        later = BUDGET - self.repeat_height()
        room = self.room() if self.room() > 160 else later
        if len(top) == 1 and _cuttable(top[0]):
            parts = split(top[0], room, later)
        else:
            parts = _split_fragment(top, room, later)
        if height(parts[0]) > self.room():
            self.new_slide()
        shown = []
        for part in parts:
            if len(shown) > MAX_CONTINUED or height(part) > BUDGET - self.repeat_height():
                break
            shown.append(part)
        for i, part in enumerate(shown):
            if i:
                self.new_slide()
            self.add(piece, str(part), h=height(part))
        rest = parts[len(shown) :]
        if rest:
            note = '<p class="course-more">More in the speaker notes (press S).</p>'
            if self.room() < 40:
                self.new_slide()
            self.current.cells.append(("markdown", note, None))
            self.current.used += 40
            self.current.notes.extend(str(p) for p in rest)

    def repeat_height(self) -> float:
        """The room a continued slide's repeated heading takes."""
        if not self.heading:
            return 0.0
        return height(_soup(self._repeat_markup()).h3) + CELL_GAP


def _split_fragment(top: list[Any], room: float, later: float) -> list[Any]:
    parts, group, used, limit = [], [], 0.0, room
    for node in top:
        h = height(node)
        if group and used + h > limit:
            parts.append(_joined(group))
            group, used, limit = [], 0.0, later
        if not group and h > limit and _cuttable(node):
            pieces = split(node, limit, later)
            parts.extend(pieces[:-1])
            group, used, limit = [pieces[-1]], height(pieces[-1]), later
            continue
        group.append(node)
        used += h
    if group:
        parts.append(_joined(group))
    return parts


def _joined(nodes: list[Any]) -> Any:
    return _soup("".join(str(n) for n in nodes))


def _fit_images(markup: str, max_height: int) -> str:
    soup = _soup(markup)
    for img in soup.find_all("img"):
        style = img.get("style", "")
        style = re.sub(r"max-(width|height)\s*:[^;]*;?", "", style)
        img["style"] = f"max-height:{max_height}px;width:auto;max-width:100%;{style}".rstrip(";")
    return str(soup)


def fit_slides(nb: nbformat.NotebookNode, show_code: bool = False) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose cells are laid out so every slide fits :data:`DECK_HEIGHT`
    (see the module docstring). Cells marked ``skip`` stay as they are."""
    # the notebook without its cells: copying every output (the figures' PNGs) only to
    # replace them would double the work
    out = nbformat.from_dict({k: copy.deepcopy(v) for k, v in nb.items() if k != "cells"})
    cells: list[Any] = []
    serial = itertools.count()
    for kind, group in _groups(nb.cells):
        builder = _Builder(kind)
        notes: list[Any] = []
        skipped: list[Any] = []
        for cell in group:
            slide_type = cell.metadata.get("slideshow", {}).get("slide_type", "-")
            if slide_type == "skip":
                skipped.append(copy.deepcopy(cell))
                continue
            if slide_type == "notes":
                notes.append(copy.deepcopy(cell))
                continue
            for piece in _cell_pieces(cell, show_code):
                builder.place(piece)
        cells.extend(skipped)
        cells.extend(_emit(builder, notes, serial))
    out.cells = cells
    return out


def _emit(builder: _Builder, notes: list[Any], serial: Iterator[int]) -> list[Any]:
    """The deck's cells for one notebook slide: every piece of a slide as an output cell
    holding its HTML (rendered as it is), code as a code cell, notes as notes."""
    cells: list[Any] = []
    for slide in builder.slides:
        for i, (what, content, piece) in enumerate(slide.cells):
            base = piece.cell.get("id") if piece is not None else None
            if what == "code":
                cell = nbformat.v4.new_code_cell(content)
            else:
                shown = {"text/html": content, "text/plain": ""}
                output = nbformat.v4.new_output("display_data", data=shown)
                cell = nbformat.v4.new_code_cell("", outputs=[output])
                cell.metadata["tags"] = [OUTPUT_ONLY]
            cell["id"] = _cell_id(base, serial)
            cell.metadata["slideshow"] = {"slide_type": slide.kind if i == 0 else "-"}
            if i == 0:  # the section says how tall the layout thought it was
                cell.metadata["slideshow"]["data"] = {"estimate": str(round(slide.used))}
            cells.append(cell)
        for markup in slide.notes:
            note = nbformat.v4.new_markdown_cell(re.sub(r"\n\s*\n", "\n", markup))
            note["id"] = _cell_id("note", serial)
            note.metadata["slideshow"] = {"slide_type": "notes"}
            cells.append(note)
    cells.extend(notes)  # the notebook's own teaching notes, with the group's last slide
    return cells


def _cell_id(base: str | None, serial: Iterator[int]) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"{base or 'fit'}-{next(serial)}")[:64]


OUTPUT_ONLY = "course-output-only"  # cells whose (empty) input a show-code deck leaves out
