"""Notebook set-up, friendly errors, the reference views and the timeline."""

from __future__ import annotations

import nbformat
import pytest
from notebook_runner import execute

import course_lib as cl
from course_lib import citations, session
from course_lib.chronology import TimelineError
from course_lib.errors import DataError


def test_friendly_messages():
    assert "Run All Above" in session.friendly_message(NameError("name 'm' is not defined"))
    message = session.friendly_message(DataError("timeline.csv", "the file is missing"))
    assert "timeline.csv" in message and "instructor" in message
    assert session.friendly_message(ValueError("x")) is None


def test_errors_in_a_notebook_are_short_and_kind(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('import course_lib as cl\ncl.start("99")'),
        nbformat.v4.new_code_cell("explorer.set_date('2021-01-01')"),
        nbformat.v4.new_code_cell('cl.timeline_figure(period="the_future")'),
    ]
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    executed, _ = execute(path, tmp_path)
    name_error = executed.cells[1].outputs[0]
    course_error = executed.cells[2].outputs[0]
    assert name_error["output_type"] == "error"
    assert "Run All Above" in "\n".join(name_error["traceback"])
    assert len(name_error["traceback"]) <= 3, "no traceback wall"
    assert "unknown period" in "\n".join(course_error["traceback"])
    assert len(course_error["traceback"]) <= 3


def test_start_is_idempotent_and_resets_citations(capsys):
    citations.cite(["geonames"])
    cl.start("00")
    cl.start("00")
    assert citations.cited() == []
    assert "ready" in capsys.readouterr().out


def test_environment_check_reports_data_and_widgets():
    report = cl.environment_check()
    assert report["Course data"].startswith("OK")
    assert "timeline" in report["Course data"]
    assert "ipywidgets" in report["Interactive widgets"]
    assert report["Saving answers"].startswith("saving to")
    page = report._repr_html_()
    assert page.count("<tr>") == len(report) and "✅" in page


def test_environment_check_flags_a_data_problem(data_copy):
    (data_copy / "glossary.csv").unlink()
    report = cl.environment_check()
    assert report["Course data"].startswith("PROBLEM") and "glossary.csv" in report["Course data"]
    assert "⚠️" in report._repr_html_()


def test_sources_for_lists_the_article_then_what_was_shown():
    cl.start("00", quiet=True)
    assert list(cl.sources_for().table.index) == ["iwpr_2022_03_18"]
    cl.timeline_figure(period="early_2022")
    shown = cl.sources_for()
    assert len(shown) > 5
    assert shown.table.index[0] == "iwpr_2022_03_18"
    assert "<ol>" in shown._repr_html_() and "https://" in shown._repr_html_()


def test_glossary_view_shows_the_four_languages():
    view = cl.show_glossary(["nkao", "lachin_corridor"])
    page = view._repr_html_()
    for heading in ("Azerbaijani", "Armenian", "Russian", "Ukrainian"):
        assert heading in page
    assert "NKAO" in page
    contested = cl.show_glossary(["occupied_territories"])._repr_html_()
    assert "security zone" in contested, "who uses a contested term must be visible"
    assert list(cl.show_glossary("nkao").table.index) == ["nkao"]  # one term, not its letters
    with pytest.raises(cl.CourseError, match='"lachin" is not in the glossary. Closest: "lachin_'):
        cl.show_glossary(["nkao", "lachin"])


# ---------------------------------------------------------------- timeline


def test_event_date_is_rendered_from_the_data():
    tl = cl.timeline()
    declaration = tl[tl["title"].str.contains("Declaration on Allied Interaction")].index[0]
    assert cl.event_date(declaration) == "22 February 2022"
    with pytest.raises(TimelineError):
        cl.event_date("no_such_event")


def test_events_filter_by_period_and_category():
    early = cl.events(period="early_2022")
    assert early["date"].min().strftime("%Y-%m-%d") >= "2022-01-01"
    assert early["date"].max().strftime("%Y-%m-%d") <= "2022-03-31"
    wars = cl.events(categories=["second_war"])
    assert set(wars["category"]) == {"second_war"}
    assert cl.events(categories="second_war").equals(wars)  # one name, not its letters
    with pytest.raises(TimelineError):
        cl.events(categories=["gossip"])
    with pytest.raises(TimelineError):
        cl.events(start="not a date")


def test_timeline_figure_contents():
    result = cl.timeline_figure(period="early_2022")
    ax = result.ax
    rows = cl.events(period="early_2022")
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == len(rows)
    assert any("Declaration on Allied Interaction" in t for t in labels)
    assert any("(contested)" in t for t in labels) == bool(rows["contested"].any())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Russia–Ukraine war" in legend and "article published, 18 Mar 2022" in legend
    assert f"{len(rows)} events" in result.alt_text
    assert "14 January 2022" in result.alt_text


def test_timeline_figure_shows_its_picture_once_with_alt_text():
    bundle = cl.timeline_figure(period="soviet")._repr_mimebundle_()
    assert bundle["text/html"].count("<img") == 1
    assert 'alt="Timeline' in bundle["text/html"]
    assert bundle["image/png"]


def test_timeline_explorer_updates_in_place():
    view = cl.timeline_explorer(period="early_2022")
    figure = view.result.figure
    before = view.image.value
    view.set_period("soviet")
    assert view.result.figure is figure
    assert view.image.value != before
    assert "Soviet era" in view.result.alt_text
    view.set_categories([])
    assert "no category" in view.result.alt_text
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "<img" in bundle["text/html"]


def test_timeline_explorer_without_widgets(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    view = cl.timeline_explorer(period="after")
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "<img" in bundle["text/html"]
