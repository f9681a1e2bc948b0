"""The map figures and the map explorer: legends, labels, notes, alt text, in-place updates,
and the canvas that draws them (what it shows after each setter, images reused per state)."""

from __future__ import annotations

import datetime as dt

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

import course_lib as cl
from course_lib import geo, maps
from course_lib.errors import CourseError

matplotlib.use("Agg")


def legend_texts(result) -> list[str]:
    legend = result.ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def texts(result) -> str:
    """Every visible text on the axes (labels, notes, title, credit), wrapped lines joined."""
    ax = result.ax
    parts = [" ".join(t.get_text().split()) for t in ax.texts if t.get_visible()]
    parts.append(ax.get_title())
    return "\n".join(parts)


@pytest.fixture(scope="module")
def march_2022():
    return cl.karabakh_map("2022-03-18")


def test_karabakh_march_2022_legend_and_labels(march_2022):
    legend = " ".join(legend_texts(march_2022))
    assert "peacekeepers' zone" in legend and "Lachin corridor" in legend
    assert "Former NKAO" in legend and "main base" in legend
    assert "Under Armenian control" not in legend
    shown = texts(march_2022)
    assert "1,960" in shown  # the 2020 statement's figure, in the period's note
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
    assert "1,960" in alt and "main base" in alt


@pytest.mark.parametrize(
    ("date", "in_legend", "note", "in_alt"),
    [
        ("1988-01-01", "autonomous oblast", "autonomous oblast inside the Azerbaijan SSR", None),
        ("1993-01-01", "Former NKAO", "front lines shifted", None),
        ("2019-06-01", "Under Armenian control", "ceasefire of 12 May 1994", "1994-2020"),
        ("2020-11-15", "Under Armenian control", "10 Nov 2020", "still held until handover"),
        ("2023-01-15", "Lachin corridor", "blocked from 12 Dec 2022", "new road south of Lachin"),
        ("2023-10-01", "Russian peacekeepers", "by early October 2023", None),
        ("2024-03-01", "Russian peacekeepers", "dissolved by 1 Jan 2024", None),
        ("2024-07-01", "Former NKAO", "withdrawal was complete on 12 Jun 2024", None),
    ],
)
def test_karabakh_layer_and_note_by_date(date, in_legend, note, in_alt):
    result = cl.karabakh_map(date)
    assert any(in_legend in t for t in legend_texts(result))
    assert note in texts(result)
    # the alt text says what this date shows: the note itself, or the layers drawn
    assert (in_alt or note) in result.alt_text
    assert bool(result.extra["layers"]) == (in_alt is not None)


def test_after_the_2023_offensive_the_map_says_what_happened_when():
    """The fact review: not 'no area outside Baku's control from 20 September 2023' but
    the ceasefire, forces in Khankendi by early October and the NKR's end on 1 January 2024."""
    note = maps.control_areas("2023-09-21").attrs["note"]
    assert "20 Sep 2023" in note and "early October 2023" in note and "1 Jan 2024" in note
    assert "no area is outside" not in note.lower()
    assert cl.karabakh_map("2023-09-19").extra["layers"]  # the zone is still drawn that day


def test_peacekeepers_marked_only_while_present():
    before = " ".join(legend_texts(cl.karabakh_map("2019-06-01")))
    after = " ".join(legend_texts(cl.karabakh_map("2024-07-01")))
    during = cl.karabakh_map("2024-05-01")
    assert "peacekeepers" not in before and "peacekeepers" not in after
    assert "12 Jun 2024" in texts(during)
    marker = maps.KarabakhCanvas("2024-06-12").peacekeeper_marker
    assert marker.get_visible()  # the tie's last day (relations.csv) is still a day present


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
    assert "2014" in result.alt_text and "21 Feb 2022" in result.alt_text
    # the English forms, from data/periods.csv (not the Russian abbreviations, not code)
    assert "'DPR' and 'LPR'" in legend and "DNR" not in legend + result.alt_text
    assert "Donetsk People's Republic" in result.alt_text


# --------------------------------------------------------------------------- the canvas


def test_canvas_reuses_the_image_within_a_state_and_redraws_across():
    canvas = maps.KarabakhCanvas("2021-03-01", live=True)
    first = canvas.png()
    assert canvas.renders == 1
    canvas.set_date("2021-09-01")  # same period, same areas, peacekeepers present: same state
    assert canvas.png() is first and canvas.renders == 1
    assert "1 September 2021" in canvas.label() and "1 September 2021" in canvas.alt_text()
    canvas.set_date("2022-09-01")  # the corridor moved south of Lachin town on 26 Aug 2022
    second = canvas.png()
    assert canvas.renders == 2 and second != first
    assert "lachin_corridor_2022" in canvas.visible_ids()
    canvas.set_date("2021-05-01")  # back to a state seen before: from the cache
    assert canvas.png() is first and canvas.renders == 2
    canvas.set_names("hy")  # the names are part of the state
    assert canvas.png() != first and canvas.renders == 3


def test_live_canvas_keeps_the_date_out_of_the_image():
    live, static = maps.KarabakhCanvas("2022-03-18", live=True), maps.KarabakhCanvas("2022-03-18")
    assert live.title.get_text() == "After the 2020 statement"
    assert static.title.get_text() == "Karabakh as of 18 March 2022 (After the 2020 statement)"
    assert live.label() == "Karabakh as of 18 March 2022"


def test_canvas_setters_toggle_prebuilt_artists():
    canvas = maps.KarabakhCanvas("1988-02-20")
    patches = set(canvas.patches.values())
    assert canvas.visible_ids() == () and not canvas.peacekeeper_marker.get_visible()
    assert canvas.nkao_fill.get_alpha() == pytest.approx(0.18)  # the oblast itself
    canvas.set_date("2020-11-15")
    assert set(canvas.visible_ids()) >= {"peacekeeping_zone_2020", "kalbajar_until_2020_11_25"}
    assert canvas.peacekeeper_marker.get_visible()
    assert canvas.nkao_fill.get_alpha() == pytest.approx(0.05)  # now the former oblast
    assert set(canvas.patches.values()) == patches  # nothing drawn anew
    hidden = [p for i, p in canvas.patches.items() if i not in canvas.visible_ids()]
    assert hidden and not any(p.get_visible() for p in hidden)


def test_preparation_draws_what_every_state_shows_ahead():
    canvas = maps.KarabakhCanvas("2022-03-18", live=True)
    canvas.png()
    steps = sum(1 for _ in canvas.preparation())
    made = len(canvas._sprites)
    for day in geo.boundaries():  # every state the map can reach: nothing left to make
        canvas.set_date(day)
        canvas.png()
    assert steps > 0 and len(canvas._sprites) == made
    assert sum(1 for _ in canvas.preparation()) == 0


@pytest.mark.parametrize("date", ["2022-03-18", "1988-02-20", "2020-11-15"])
def test_layered_render_paints_what_a_full_draw_paints(date):
    """The live fast path (background + only what changes) gives the full draw's pixels."""
    canvas = maps.KarabakhCanvas("2019-06-01", live=True)
    canvas.png()
    canvas.set_names("az")
    canvas.set_date(date)
    fast = canvas.render().copy()
    canvas.figure.canvas.draw()
    full = np.asarray(canvas.figure.canvas.buffer_rgba())
    assert np.abs(fast.astype(int) - full.astype(int)).max() <= 8


# --------------------------------------------------------------------------- explorer


def test_explorer_updates_in_place():
    pytest.importorskip("ipywidgets")
    explorer = cl.map_explorer("2022-03-18")
    figure, slider = explorer.figure, explorer.controls["month"]
    before_png = explorer.image.value
    before = explorer.canvas.visible_ids()
    explorer.set_date("2019-06-01")
    assert explorer.figure is figure and explorer.canvas.ax.figure is figure
    assert explorer.canvas.visible_ids() == ("armenian_control_1994",)
    assert before != explorer.canvas.visible_ids()
    assert explorer.image.value != before_png
    assert "1 June 2019" in explorer.caption.value and "1 June 2019" in explorer.line.value
    assert slider.value == dt.date(2019, 6, 1)
    explorer.set_names("hy")
    assert "Stepanakert (Ստեփանակերտ)" in [t.get_text() for t in explorer.canvas.ax.texts]
    explorer.controls["key_dates"].value = dt.date(2022, 8, 26)  # a button, as a click
    assert "lachin_corridor_2022" in explorer.canvas.visible_ids()
    assert explorer.controls["key_dates"].value == dt.date(2022, 8, 26)  # shows where we are
    slider.value = slider.options[0][1]  # Jan 1991
    assert explorer.canvas.visible_ids() == () and explorer.controls["key_dates"].value is None
    explorer.controls["names"].value = "az"
    assert explorer.canvas.names == "az"


def test_explorer_date_change_within_a_state_sends_no_new_image():
    pytest.importorskip("ipywidgets")
    explorer = cl.map_explorer("2021-03-01")
    sent, renders = [], explorer.canvas.renders
    explorer.image.observe(sent.append, names="value")
    explorer.controls["month"].value = dt.date(2021, 7, 1)
    assert sent == [] and explorer.canvas.renders == renders  # no draw, no image message
    assert "1 July 2021" in explorer.line.value and "July 2021" not in explorer.image.value
    assert 'alt="Map of Karabakh and the surrounding districts, After the 2020' in (
        explorer.image.value
    )  # the picture's alt describes the state; the date is in the line beside it
    explorer.controls["month"].value = dt.date(2020, 10, 1)  # the war: another state
    assert len(sent) == 1 and explorer.canvas.renders == renders + 1


def test_explorer_static_fallback(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    explorer = cl.map_explorer("2021-01-01", names="az")
    assert explorer.widget is None
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "<img" in bundle["text/html"] and "Key dates" in bundle["text/plain"]
    assert "2022-08-26" in repr(explorer)
    explorer.set_date("2019-06-01")  # still works without widgets
    assert "1 June 2019" in explorer.canvas.title.get_text()  # not live: the date is drawn
    assert maps.STATUS_LABELS["armenian_control"].split("\n")[0] in explorer.summary()
