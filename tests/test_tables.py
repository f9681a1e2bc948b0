"""Tables for reading (course_lib/tables.py), and notebooks without programmer surface: every
row and every word shown, headings in words, no pandas furniture, no loops or ``.loc`` in cells."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import course_lib as cl
from course_lib import publish, tables

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
PANDAS_FURNITURE = ("dtype", "Name:", "NaN", "NaT", "...", "…", "rows ×", "<NA>")


def _words(text: str) -> str:
    return " ".join(text.split())


def _no_furniture(*texts: str) -> None:
    for text in texts:
        for mark in PANDAS_FURNITURE:
            assert mark not in text, mark


def test_the_whole_timeline_every_row_and_every_word():
    timeline = cl.timeline()
    table = cl.event_table(columns=["date", "title", "summary", "sources"])
    assert len(table) == len(timeline) > 60  # more rows than pandas shows by default
    page, text = table._repr_html_(), table.text()
    assert f"all {len(timeline)} events" in page and f"all {len(timeline)} events" in text
    for event_id, row in timeline.iterrows():
        summary = _words(row["summary"])
        assert summary in _words(page.replace("&#x27;", "'").replace("&quot;", '"')), event_id
        assert set(row["summary"].split()) <= set(text.split()), event_id  # wrapped, never cut
        assert event_id not in page  # ids stay out of sight; sources are named by their ids
    _no_furniture(page, text)


def test_dates_are_written_as_precisely_as_they_are_known():
    timeline = cl.timeline()
    by_precision = {p: timeline[timeline["precision"] == p].index[0] for p in ("day", "year")}
    table = cl.event_table(list(by_precision.values()))
    day_row, year_row = table.rows
    assert day_row[0] == cl.event_date(by_precision["day"])
    assert re.fullmatch(r"\d{4}", year_row[0]), year_row[0]


def test_events_in_the_order_asked_and_unknown_ids_get_a_sentence():
    ids = ["t13_trilateral_statement", "t01_nkao_created"]
    table = cl.event_table(ids)
    assert [r[1] for r in table.rows] == [cl.timeline().loc[i, "title"] for i in ids]
    assert cl.event_table("t01_nkao_created").rows == table.rows[1:]
    with pytest.raises(cl.CourseError, match="no event 't99_nope'"):
        cl.event_table(["t01_nkao_created", "t99_nope"])
    with pytest.raises(cl.CourseError, match="unknown column 'colour'"):
        cl.event_table(columns=["date", "colour"])
    with pytest.raises(cl.CourseError, match="cannot use"):
        cl.event_table(columns="title")  # one text where a list belongs


def test_tie_kinds_count_every_tie_in_words():
    relations = cl.relations()
    table = cl.tie_kinds()
    counts = {row[0]: int(row[2]) for row in table.rows}
    assert sum(counts.values()) == len(relations)
    assert counts["alliance declaration"] == (relations["kind"] == "alliance_declaration").sum()
    assert list(counts.values()) == sorted(counts.values(), reverse=True)  # most common first
    assert all("_" not in kind for kind in counts)
    _no_furniture(table._repr_html_(), table.text())


def test_actor_table_uses_words_for_headings_and_kinds():
    table = cl.actor_table(["russian_peacekeepers", "azerbaijan"])
    assert table.columns == ["Actor", "Kind of actor", "Role as of March 2022"]
    assert table.rows[0][1] == "armed force"
    assert table.rows[1][0] == cl.actors().loc["azerbaijan", "name"]
    with pytest.raises(cl.CourseError, match="no actor 'nobody'"):
        cl.actor_table(["nobody"])


def test_nkao_area_against_the_reference_figure():
    rows = {row[0]: row[1] for row in cl.nkao_area().rows}
    drawn = float(rows[next(k for k in rows if "outline" in k)].split()[0].replace(",", ""))
    assert rows["Late-Soviet reference figure"] == "4,388 km²"
    assert abs(drawn - 4388) / 4388 < 0.15  # approximate, as data/README.md says
    assert re.fullmatch(r"[+−]\d+\.\d %", rows["Difference"])


def test_control_table_on_a_date_and_when_nothing_is_drawn():
    march = cl.control_table("2022-03-18")
    assert [r[1] for r in march.rows] == [
        "Russian peacekeepers' zone",
        "Lachin corridor (Russian peacekeepers)",
    ]
    assert "18 March 2022" in march.caption and march.rows[1][3] == "26 August 2022"
    later = cl.control_table("2024-08-01")
    assert len(later) == 0 and later.note  # says why nothing is drawn
    assert later.note in later.text() and "Area" in later._repr_html_()


def test_html_table_is_accessible_and_escaped():
    table = tables.Table(["A <b>", "B"], [["x & y", None]], caption="Cap", note="N")
    page = table._repr_html_()
    assert page.count('<th scope="col"') == 2 and "<caption" in page
    assert "A &lt;b&gt;" in page and "x &amp; y" in page and "—" in page
    assert table.to_frame().shape == (1, 2)
    with pytest.raises(ValueError):
        tables.Table(["A"], [["1", "2"]])


# --------------------------------------------------------------------------- notebooks

PROGRAMMER_STYLE = {
    r"\.loc\[|\.iloc\[": ".loc/.iloc",
    r"value_counts\(": "value_counts()",
    r"\.to_crs\(": ".to_crs()",
    r"^\s*for\s": "a loop",
    r"\bprint\(": "print()",
    r"\bf[\"']": "an f-string",
    r"\)\[\[": "a column selection",
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_programmer_surface_in_notebook_cells(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "cl.start(" in cell.source:
            continue
        for pattern, what in PROGRAMMER_STYLE.items():
            assert not re.search(pattern, cell.source, re.M), f"{path.name} cell {index}: {what}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_setup_cell_starts_folded_and_says_what_it_does(path):
    setup = nbformat.read(path, as_version=4).cells[1]
    assert "cl.start(" in setup.source
    assert setup.metadata.get("jupyter", {}).get("source_hidden") is True
    first = setup.source.splitlines()[0]  # JupyterLab shows this line on the folded cell
    assert first.startswith("# Set-up: run this cell first.") and len(first) <= 100


def test_exam_copy_of_notebook_05_leaves_out_the_courses_reading():
    nb = nbformat.read(REPO / "notebooks" / "05_the_balancing_act.ipynb", as_version=4)
    tagged = [c for c in nb.cells if publish.ANSWER_TAG in c.metadata.get("tags", [])]
    assert tagged, "no cell of notebook 05 is tagged as giving an answer away"
    exam, _ = publish.student_copy(nb, "me/course-student", exam=True)
    text = "\n".join(c.source for c in exam.cells)
    assert "<details>" not in text, "a worked answer is left in the exam copy"
    assert "cl.balance(" not in text and "baku_signal" not in text  # the course's chart
    assert 'cl.quiz("nb05_match_moves")' in text and 'cl.quiz("nb05_flights")' in text
    normal, _ = publish.student_copy(nb, "me/course-student", exam=False)
    assert "<details>" in "\n".join(c.source for c in normal.cells)
