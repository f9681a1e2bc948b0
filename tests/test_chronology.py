"""The timeline canvas: what it draws after each setter, images reused per state, alt text."""

from __future__ import annotations

import pytest

import course_lib as cl
from course_lib import chronology
from course_lib.errors import CourseError


def _rows(canvas) -> list[str]:
    """The row labels drawn now, top to bottom."""
    rows = [text for _, _, text in canvas._rows if text.get_visible()]
    return [t.get_text() for t in sorted(rows, key=lambda t: t.xy[1])]


def test_setters_refill_the_same_row_artists():
    canvas = chronology.TimelineCanvas(period="early_2022")
    events = cl.events(period="early_2022")
    assert len(_rows(canvas)) == len(events)
    assert _rows(canvas)[0].startswith("14 January 2022")
    pool = list(canvas._rows)
    canvas.set_categories(["ukraine_war"])
    wanted = events[events["category"] == "ukraine_war"]
    assert len(_rows(canvas)) == len(wanted) and canvas._rows == pool  # no new artists
    legend = [t.get_text() for t in canvas.ax.get_legend().get_texts()]
    assert legend[0] == "Russia–Ukraine war" and "Baku's balancing" not in legend
    canvas.set_period("soviet")
    assert all(r.split(":")[0][-4:] < "1992" for r in _rows(canvas))
    assert canvas.title.get_text() == "Timeline: Soviet era (1923–1991)"
    assert not canvas.article_line.get_visible()  # the article is not in this window


def test_no_category_ticked_says_so():
    canvas = chronology.TimelineCanvas(period="after")
    canvas.set_categories([])
    assert _rows(canvas) == [] and canvas.alt_text() == "Timeline: no category selected."
    assert "Tick at least one category." in [t.get_text() for t in canvas.ax.texts]
    canvas.set_categories(None)  # None: every category again
    assert len(_rows(canvas)) == len(cl.events(period="after"))
    assert canvas.empty.get_text() == ""


def test_images_are_reused_per_state_and_the_height_follows_the_rows():
    canvas = chronology.TimelineCanvas(period="early_2022", live=True)
    first, height = canvas.png(), canvas.figure.get_figheight()
    canvas.set_categories(["balancing"])
    assert canvas.png() != first and canvas.figure.get_figheight() < height
    canvas.set_categories(None)
    assert canvas.png() is first and canvas.renders == 2


def test_article_line_and_alt_text():
    canvas = chronology.TimelineCanvas(period="early_2022")
    assert canvas.article_line.get_visible()
    legend = [t.get_text() for t in canvas.ax.get_legend().get_texts()]
    assert "article published, 18 Mar 2022" in legend  # the date read from sources.csv
    alt = canvas.alt_text()
    assert alt.startswith("Timeline, The balancing act (Jan–Mar 2022): 24 events from ")
    assert "14 January 2022" in alt


def test_unknown_period_is_a_friendly_error():
    with pytest.raises(CourseError, match="unknown period"):
        chronology.TimelineCanvas(period="the_future")
    canvas = chronology.TimelineCanvas(period="soviet")
    with pytest.raises(CourseError, match="choose one of"):
        canvas.set_period("later")


@pytest.mark.parametrize("period", [None, "soviet"])
@pytest.mark.parametrize("projector", [False, True])
def test_timeline_date_labels_never_run_together(projector, period):
    """The whole century beside long titles leaves a narrow axis: its year labels stay apart."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from course_lib import style

    was = style.presenting()
    style.present(projector)
    try:
        result = cl.timeline_figure(period=period) if period else cl.timeline_figure()
        FigureCanvasAgg(result.figure)
        result.figure.canvas.draw()
        renderer = result.figure.canvas.get_renderer()
        x0, x1 = result.ax.get_xlim()
        ticks = [
            t.get_window_extent(renderer)
            for t, v in zip(result.ax.get_xticklabels(), result.ax.get_xticks(), strict=True)
            if x0 <= v <= x1 and t.get_text()
        ]
    finally:
        style.present(was)
    assert len(ticks) >= 2
    for left, right in zip(ticks, ticks[1:], strict=False):
        assert left.x1 < right.x0, "two date labels overlap"


@pytest.mark.parametrize("mode", ["notebook", "projector"])
def test_the_title_has_room_above_and_beside_it(mode):
    import io

    import figure_checks as fc
    import numpy as np
    from PIL import Image

    png = fc.in_mode(mode, lambda: chronology.TimelineCanvas(period="early_2022").png())
    ink = np.asarray(Image.open(io.BytesIO(png)).convert("L")) < 200
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    assert rows[0] >= 8 and cols[0] >= 8, (rows[0], cols[0])  # was 4 px: the title at the edge
