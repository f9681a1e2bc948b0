"""The map figures and the map explorer: legends, labels, notes, alt text, in-place updates."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

import course_lib as cl
from course_lib import maps
from course_lib.errors import CourseError

matplotlib.use("Agg")


def legend_texts(result) -> list[str]:
    legend = result.ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def texts(result) -> str:
    """Every visible text on the axes (labels, notes, title, credit)."""
    ax = result.ax
    parts = [t.get_text() for t in ax.texts if t.get_visible()]
    parts.append(ax.get_title())
    return "\n".join(parts)


@pytest.fixture(scope="module")
def march_2022():
    return cl.karabakh_map("2022-03-18")


def test_karabakh_march_2022_legend_and_labels(march_2022):
    legend = " ".join(legend_texts(march_2022))
    assert "peacekeepers' zone" in legend and "Lachin corridor" in legend
    assert "Former NKAO" in legend and "1,960" in legend
    assert "Under Armenian control" not in legend
    shown = texts(march_2022)
    assert "Xankəndi / Stepanakert" in shown
    assert "Şuşa / Shushi" in shown
    assert "18 March 2022" in shown
    assert "Natural Earth" in shown and "GeoNames (CC BY 4.0)" in shown
    assert "approximate" in shown


def test_karabakh_control_patches_hatched_and_visible(march_2022):
    canvas_patches = [p for p in march_2022.ax.patches if p.get_visible() and p.get_hatch()]
    assert len(canvas_patches) == 2  # zone + corridor, both hatched as approximate
    assert march_2022.extra["layers"] == ("peacekeeping_zone_2020", "lachin_corridor_2020")


def test_karabakh_alt_text_from_data(march_2022):
    alt = march_2022.alt_text
    assert "18 March 2022" in alt
    assert "peacekeepers' zone" in alt and "Lachin corridor" in alt
    assert "Xankəndi / Stepanakert" in alt.split("Under Baku's control")[0]
    assert "Şuşa / Shushi" in alt.split("Under Baku's control")[1]
    assert "1,960" in alt


@pytest.mark.parametrize(
    ("date", "in_legend", "note", "in_alt"),
    [
        ("1988-01-01", "autonomous oblast", "autonomous oblast inside the Azerbaijan SSR", None),
        ("1993-01-01", "Former NKAO", "front lines shifted", None),
        ("2019-06-01", "Under Armenian control", "ceasefire of 12 May 1994", "1994-2020"),
        ("2020-11-15", "Under Armenian control", "10 Nov 2020", "still held until handover"),
        ("2023-01-15", "Lachin corridor", "blocked from 12 Dec 2022", "new road south of Lachin"),
        ("2023-10-01", "Russian peacekeepers", "no area is outside", None),
    ],
)
def test_karabakh_layer_and_note_by_date(date, in_legend, note, in_alt):
    result = cl.karabakh_map(date)
    assert any(in_legend in t for t in legend_texts(result))
    assert note in texts(result)
    # the alt text says what this date shows: the note itself, or the layers drawn
    assert (in_alt or note) in result.alt_text
    assert bool(result.extra["layers"]) == (in_alt is not None)


def test_peacekeepers_marked_only_while_present():
    before = " ".join(legend_texts(cl.karabakh_map("2019-06-01")))
    after = " ".join(legend_texts(cl.karabakh_map("2024-07-01")))
    during = cl.karabakh_map("2024-05-01")
    assert "peacekeepers" not in before and "peacekeepers" not in after
    assert "12 Jun 2024" in texts(during)


@pytest.mark.parametrize(
    ("names", "expected", "absent"),
    [
        ("az", "Xankəndi", "Stepanakert"),
        ("hy", "Stepanakert (Ստեփանակերտ)", "Xankəndi"),
        ("both", "Xankəndi / Stepanakert", None),
    ],
)
def test_name_forms_switch(names, expected, absent):
    result = cl.karabakh_map("2022-03-18", names=names)
    labels = [t.get_text() for t in result.ax.texts]
    assert expected in labels
    if absent:
        assert not any(absent in t for t in labels)


def test_bad_name_form_is_friendly():
    with pytest.raises(CourseError, match="name form"):
        cl.karabakh_map(names="ru")


def test_map_on_callers_axes():
    fig = Figure()
    ax = fig.add_subplot()
    result = cl.karabakh_map("2019-06-01", ax=ax)
    assert result.ax is ax and result.owned is False
    assert "Figure description" in result._repr_mimebundle_()["text/markdown"]


def test_region_map():
    result = cl.region_map()
    legend = " ".join(legend_texts(result))
    for name in (
        "Azerbaijan (with Nakhchivan)",
        "Armenia",
        "Russia",
        "Turkey",
        "Georgia",
        "Iran",
        "Capital",
        "Russian military base",
    ):
        assert name in legend
    shown = texts(result)
    for name in (
        "Baku",
        "Yerevan",
        "Tbilisi",
        "102nd base",
        "AZERBAIJAN",
        "ARMENIA",
        "GEORGIA",
        "RUSSIA",
        "TURKEY",
        "IRAN",
        "Natural Earth",
    ):
        assert name in shown
    assert "Gyumri" in result.alt_text and "Nakhchivan" in result.alt_text
    assert "Baku" in result.alt_text


def test_ukraine_map():
    result = cl.ukraine_map()
    legend = " ".join(legend_texts(result))
    assert "Donetsk and Luhansk" in legend and "21 Feb 2022" in legend
    assert "Crimea" in legend and "2014" in legend
    shown = texts(result)
    for name in ("Kyiv", "Kharkiv", "not recognised internationally", "Natural Earth"):
        assert name in shown
    hatched = {p.get_hatch() for p in result.ax.patches if isinstance(p, PathPatch)}
    assert {"xx", "///"} <= hatched
    assert "2014" in result.alt_text and "21 February 2022" in result.alt_text


# --------------------------------------------------------------------------- explorer


def test_explorer_updates_in_place():
    pytest.importorskip("ipywidgets")
    explorer = cl.map_explorer("2022-03-18")
    figure = explorer.figure
    before_png = explorer.image.value
    before = explorer.canvas.visible_ids()
    explorer.set_date("2019-06-01")
    assert explorer.figure is figure
    assert explorer.canvas.ax.figure is figure
    assert explorer.canvas.visible_ids() == ("armenian_control_1994",)
    assert before != explorer.canvas.visible_ids()
    assert explorer.image.value != before_png
    assert "1 June 2019" in explorer.caption.value
    assert explorer.slider.value.year == 2019
    explorer.set_names("hy")
    assert "Stepanakert (Ստեփանակերտ)" in [t.get_text() for t in explorer.canvas.ax.texts]
    explorer.buttons.value = "2022-08-26"  # a key-date button drives the same path
    assert "lachin_corridor_2022" in explorer.canvas.visible_ids()
    explorer.slider.value = explorer.slider.options[0][1]  # Jan 1991
    assert explorer.canvas.visible_ids() == ()
    explorer.names_toggle.value = "az"
    assert explorer.canvas.names == "az"


def test_explorer_static_fallback(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    explorer = cl.map_explorer("2021-01-01", names="az")
    assert explorer.widget is None
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "<img" in bundle["text/html"] and "Key dates" in bundle["text/plain"]
    assert "2022-08-26" in repr(explorer)
    explorer.set_date("2019-06-01")  # still works without widgets
    assert maps.STATUS_LABELS["armenian_control"].split("\n")[0] in explorer.summary()
