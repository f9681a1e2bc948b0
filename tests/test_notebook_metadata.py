"""Front matter every notebook must carry, as metadata and as visible text."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import NOTEBOOKS

IDS = [p.stem for p in NOTEBOOKS]
WAR_WORDS = re.compile(r"\b(killed|casualt|massacre|war dead|expul|exodus|atrocit|shelling)", re.I)


def course_meta(path):
    return nbformat.read(path, as_version=4).metadata["course"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_front_matter_metadata(path):
    meta = course_meta(path)
    assert meta["id"] == path.stem.split("_")[0]
    assert meta["title"].strip()
    assert len(meta["objectives"]) >= 2
    assert isinstance(meta["time_minutes"], int) and 5 <= meta["time_minutes"] <= 120
    assert isinstance(meta["prerequisites"], list)
    assert "content_note" in meta


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_content_note_where_war_is_discussed(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    if WAR_WORDS.search(text):
        assert course_meta(path)["content_note"], (
            f"{path.name} discusses war but has no content note"
        )
        assert "content note" in text.lower(), "the content note must also be visible"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_structure(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert "cl.start(" in setup.source and 'find_spec("course_lib")' in setup.source
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    for heading in ("learning objectives", "sources for this notebook"):
        assert heading in text, f"{path.name} lacks a '{heading}' section"
    assert any("cl.sources_for(" in c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_prerequisites_refer_to_earlier_notebooks(path):
    ids = {p.stem.split("_")[0] for p in NOTEBOOKS}
    meta = course_meta(path)
    for pre in meta["prerequisites"]:
        if re.fullmatch(r"\d\d", pre):
            assert pre in ids and pre < meta["id"]
