"""Slide fitting without a browser: what stays on a slide and what goes to the notes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat

from course_lib import slide_fit

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _where(nb: nbformat.NotebookNode, phrase: str) -> list[str]:
    """Slide types of the fitted cells that hold ``phrase``."""
    found = []
    for cell in nb.cells:
        outputs = [o.get("data", {}).get("text/html", "") for o in cell.get("outputs", [])]
        blob = cell.source + "".join("".join(o) if isinstance(o, list) else o for o in outputs)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", blob)).split())
        if phrase in text:
            found.append(cell.metadata.get("slideshow", {}).get("slide_type", "-"))
    return found


def test_a_long_list_continues_on_slides_instead_of_the_notes():
    """Notebook 01's list of the 1991 declarations is taller than the room under its heading:
    it is split across slides, never moved whole to the speaker notes."""
    nb = nbformat.read(NOTEBOOKS / "01_context_1923_2022.ipynb", as_version=4)
    fitted = slide_fit.fit_slides(nb)
    for phrase in ("Supreme Soviet declared", "Nagorno-Karabakh Republic"):
        where = _where(fitted, phrase)
        assert where and "notes" not in where, (phrase, where)


def test_every_markdown_list_item_is_on_a_slide():
    """No list item of any notebook is left to the notes alone."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        fitted = slide_fit.fit_slides(nb)
        for cell in nb.cells:
            if cell.cell_type != "markdown" or "instructor" in cell.metadata.get("tags", []):
                continue  # teaching notes belong in the speaker notes
            for line in cell.source.splitlines():
                if line.startswith("- ") and len(line) > 40:
                    phrase = " ".join(re.sub(r"[*`]", "", line[2:]).split())[:36]
                    if "[" in phrase or "<" in phrase:
                        continue  # a link's or tag's text is not the source text
                    where = _where(fitted, phrase)
                    assert where and set(where) != {"notes"}, (path.name, phrase, where)


def test_a_figure_whose_caption_goes_to_the_notes_keeps_its_description_as_alt():
    """A static explorer's picture is named "(described below)"; on a slide the caption goes
    to the notes, so the alt text becomes the description itself."""
    markup = (
        '<p><b>Ties in force</b></p><figure><img src="data:image/png;base64,AA" '
        'alt="Actor diagram: Ties in force (described below)"/><figcaption><b>Figure '
        "description:</b> Nine ties &amp; two marks.</figcaption></figure>"
    )
    figure, notes = slide_fit._figure_parts(markup)
    assert 'alt="Nine ties &amp; two marks."' in figure and "<figcaption" not in figure
    assert notes and "Nine ties" in notes[0]
    plain = '<figure><img src="x" alt="A map."/><figcaption>A map.</figcaption></figure>'
    assert 'alt="A map."' in slide_fit._figure_parts(plain)[0]  # a full alt stays as it was
