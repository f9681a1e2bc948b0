"""The map figures and the map explorer: legends, labels, notes, alt text, in-place updates,
and the canvas that draws them (what it shows after each setter, images reused per state)."""

from __future__ import annotations

import datetime as dt
import html
import re

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

import course_lib as cl
from course_lib import maps, style
from course_lib.errors import CourseError

matplotlib.use("Agg")


def legend_texts(result) -> list[str]:
    legend = result.ax.get_legend()
    assert legend is not None
    return [" ".join(t.get_text().split()) for t in legend.get_texts()]  # wrapped lines joined


def texts(result) -> str:
    """Every visible text on the axes (labels, notes, title, credit), wrapped lines joined."""
    ax = result.ax
    parts = [" ".join(t.get_text().split()) for t in ax.texts if t.get_visible()]
    parts += [ax.get_title(loc=loc) for loc in ("left", "center")]
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
    assert "Khankendi / Stepanakert" in shown  # the English form, the Armenian one beside it
    assert "Shusha / Shushi" in shown
    assert "Khojaly / Ivanyan" in shown  # the NKR's form of 2022
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
    assert "Khankendi / Stepanakert" in alt.split("Under Baku's control")[0]
    assert "Shusha / Shushi" in alt.split("Under Baku's control")[1]
    assert "1,960" in alt and "main base" in alt
    assert "red triangle" not in alt and "reddish orange triangle" in alt  # as drawn


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
        ("en", "Khankendi", "Stepanakert"),
        ("both", "Khankendi / Stepanakert", "Xankəndi"),
    ],
)
def test_name_forms_switch(names, expected, absent):
    result = cl.karabakh_map("2022-03-18", names=names)
    labels = [t.get_text() for t in result.ax.texts if t.get_visible()]
    assert expected in labels
    assert result.extra["labels"]["khankendi"] == expected
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
        "Azerbaijan (with the Nakhchivan exclave)",
        "Armenia",
        "Russia",
        "Turkey",
        "Georgia",
        "Iran",
        "Capital",
        "102nd military base",
    ):
        assert name in legend
    assert "Georgia, Iran" not in legend  # each has its own colour now
    faces = {p.get_label(): p.get_facecolor()[:3] for p in result.ax.get_legend().get_patches()}
    assert faces["Georgia"] != faces["Iran"] and len({*faces.values()}) == len(faces)
    shown = texts(result)
    for name in (
        "Baku",
        "Yerevan",
        "Tbilisi",
        "Gyumri",
        "Nakhchivan",
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
    assert "Ukraine, February–March 2022" in shown  # an en dash between the months
    assert "occupied and annexed by Russia in 2014" in shown and "68/262" in shown
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
    assert live.ax.get_title(loc="left") == "After the 2020 statement"  # left, at the frame
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
    for day in maps.boundaries():  # every state the map can reach: nothing left to make
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
    assert maps.STATUS_LABELS["armenian_control"] in explorer.summary()


# --------------------------------------------------------------------------- names by date


def _all_texts(result) -> str:
    """Labels, legend, note, title and alt text: everything a reader can meet."""
    return "\n".join([texts(result), *legend_texts(result), result.alt_text])


def test_no_ivanyan_on_maps_before_2001_and_the_dated_form_after():
    for day in ("1988-02-20", "1992-02-26", "2000-12-31"):
        result = cl.karabakh_map(day)
        assert "Ivanyan" not in _all_texts(result), day
        assert result.extra["labels"]["khojaly"] == "Khojaly / Khojalu", day
    result = cl.karabakh_map("2022-03-18")
    assert result.extra["labels"]["khojaly"] == "Khojaly / Ivanyan"
    # the peacekeepers' base in the legend and the alt text: the form of the date shown
    assert "main base, at Khojaly (Ivanyan)" in " ".join(legend_texts(result))
    assert "main base, at Khojaly / Ivanyan" in result.alt_text
    assert "Khojalu" not in _all_texts(result)
    hy = cl.karabakh_map("2022-03-18", names="hy")
    assert "Ivanyan (Իվանյան)" in " ".join(legend_texts(hy))


def test_undated_nkr_names_are_left_off_before_the_1994_ceasefire_and_said_so():
    """Akna, Jrakan, Kovsakan, Kashunik and Berdzor have no sourced date of first use: a map
    before the 1994 ceasefire gives the English form alone, and its note and alt text say so."""
    early = cl.karabakh_map("1988-02-20")
    labels = early.extra["labels"]
    assert labels["agdam"] == "Agdam" and labels["lachin"] == "Lachin"
    assert labels["kalbajar"] == "Kalbajar / Karvachar"  # not an NKR renaming: kept
    note = " ".join(maps.KarabakhCanvas("1988-02-20").note.get_text().split())
    for form in ("Akna", "Jrakan", "Kovsakan", "Kashunik", "Berdzor"):
        assert form in note and form in early.alt_text, form
    assert "12 May 1994" in note and "do not date their first use" in note
    late = cl.karabakh_map("1994-05-12")
    assert late.extra["labels"]["agdam"] == "Agdam / Akna"
    assert "left off" not in " ".join(texts(late).split())
    districts = [t.get_text() for t in late.ax.texts if t.get_visible()]
    assert "Agdam /\nAkna" in districts  # the district's label follows the same rule
    assert "Agdam" in [t.get_text() for t in early.ax.texts if t.get_visible()]


def test_a_name_change_is_a_new_state_and_the_canvas_toggles_prebuilt_labels():
    canvas = maps.KarabakhCanvas("2000-06-01", live=True)
    labels = {id(t) for variants in canvas.town_labels.values() for _, t in variants}
    first, state = canvas.png(), canvas.state()
    canvas.set_date("2001-06-01")  # same period and areas; Khojaly is now Ivanyan
    assert canvas.state() != state and canvas.png() is not first
    assert canvas.labels()["khojaly"] == "Khojaly / Ivanyan"
    assert {id(t) for variants in canvas.town_labels.values() for _, t in variants} == labels
    assert dt.date(2001, 1, 1) in maps.boundaries()


def test_map_labels_follow_the_one_convention_and_the_prose_agrees():
    """The maps write the English form with the Armenian form beside it, as the notebooks'
    prose does; the prose never uses the Azerbaijani spelling (except where notebook 02 shows
    it on request), nor puts the Armenian form first."""
    from conftest import NAME_PAIRS, NOTEBOOKS
    from test_course_arc import markdown

    from course_lib import place_names

    by_english = {row["name_en"]: pid for pid, row in cl.places().iterrows()}
    canvas = maps.KarabakhCanvas("1999-01-01")  # Khojaly's form then is Khojalu
    for english, armenian in NAME_PAIRS:
        assert canvas.labels()[by_english[english]] == f"{english} / {armenian}"
        assert place_names.label(by_english[english], date="1999-01-01", sentence=True) == (
            f"{english} ({armenian})"
        )
    spelled_az = {
        row["name_az"] for _, row in cl.places().iterrows() if row["name_az"] != row["name_en"]
    }
    for path in NOTEBOOKS:
        for cell in markdown(path).split("\n\n"):
            if 'names="az"' in cell:
                continue  # notebook 02 shows the spellings a map gives on request
            for word in spelled_az:
                assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", cell), (path.name, word)
        text = markdown(path)
        for english, armenian in NAME_PAIRS:
            first = re.search(rf"\b{armenian}\s*(\(|/)\s*{english}\b", text)
            assert first is None, (path.name, first and first.group(0))
    convention = markdown(next(p for p in NOTEBOOKS if p.name.startswith("02")))
    assert "Khankendi / Stepanakert" in convention and "Khankendi (Stepanakert)" in convention
    assert 'names="az"' in convention and 'names="hy"' in convention


def test_place_name_rules():
    from course_lib import place_names

    assert place_names.place_name("agdam", "hy", "1988-02-20") is None  # no form yet
    assert place_names.place_name("agdam", "hy") == "Akna (Ակնա)"  # places.csv, undated
    assert place_names.label("ganja") == "Ganja"  # outside Karabakh: the English form
    assert place_names.label("askeran") == "Askeran"  # a town of data/geo only
    assert place_names.label("khojavend") == "Khojavend / Martuni"
    assert place_names.left_out(["agdam", "shusha"], "1990-01-01") == [
        ("agdam", "Akna", dt.date(1994, 5, 12))
    ]
    with pytest.raises(CourseError, match="name form"):
        place_names.label("agdam", names="ru")


# --------------------------------------------------------------------------- what is drawn


def test_colour_words_name_the_colour_drawn():
    from course_lib.colour_names import colour_name

    assert colour_name("#D55E00") == "reddish orange"  # the peacekeepers' marker: not "red"
    assert colour_name("#E69F00") == "orange"
    assert colour_name("#0072B2") == "blue" and colour_name("#56B4E9") == "light blue"
    assert colour_name("#FF0000") == "red" and colour_name("#009E73") == "bluish green"
    assert colour_name("#000000") == "black" and colour_name("#FFFFFF") == "white"
    assert colour_name("#666666") == "grey"
    assert colour_name("#000000", alpha=0.5) == "grey"  # as it shows over white


def test_alt_text_colours_follow_the_palette(monkeypatch):
    """Alt text names the colours of the artists drawn: change the palette, the words follow."""
    result = cl.karabakh_map("2022-03-18")
    assert "reddish orange triangle" in result.alt_text
    assert "in pink, dotted" in result.alt_text  # the peacekeepers' zone
    monkeypatch.setitem(style.PALETTE, "russia", "#0072B2")
    recoloured = cl.karabakh_map("2022-03-18")
    assert "blue triangle" in recoloured.alt_text
    assert "square" in cl.region_map().alt_text and "blue square" in cl.region_map().alt_text
    monkeypatch.setitem(style.PALETTE, "iran", "#009E73")
    assert "Iran light bluish green" in cl.region_map().alt_text


def test_the_map_has_no_degree_ticks_and_a_locator():
    canvas = maps.KarabakhCanvas("2022-03-18")
    assert list(canvas.ax.get_xticks()) == [] and list(canvas.ax.get_yticks()) == []
    assert canvas.locator.get_gid() == "locator"
    (view,) = [p for p in canvas.locator.patches if p.get_facecolor()[3] == 0]
    x0, y0 = view.get_xy()
    assert (x0, y0, x0 + view.get_width(), y0 + view.get_height()) == pytest.approx(
        maps.KARABAKH_EXTENT
    )
    for result in (cl.region_map(), cl.ukraine_map()):
        assert list(result.ax.get_xticks()) == []


def test_corridor_and_districts_labelled_directly():
    canvas = maps.KarabakhCanvas("2022-03-18")
    assert canvas.corridor_label.get_visible()
    assert " ".join(canvas.corridor_label.get_text().split()) == "Lachin / Berdzor corridor"
    shown = {
        " ".join(t.get_text().split())
        for variants in canvas.district_labels.values()
        for _, t in variants
        if t.get_visible()
    }
    assert shown == {
        "Kalbajar / Karvachar",
        "Lachin / Berdzor",
        "Qubadli / Kashunik",
        "Zangilan / Kovsakan",
        "Jabrayil / Jrakan",
        "Fuzuli / Fizuli",
        "Agdam / Akna",
    }
    canvas.set_date("2019-06-01")
    assert not canvas.corridor_label.get_visible()  # no corridor before Nov 2020
    canvas.set_date("2023-01-15")
    assert canvas.corridor_label.get_visible()  # the new road's corridor


def test_ukraine_legend_off_the_country_and_crimea_from_data():
    import figure_checks as fc

    result = cl.ukraine_map()
    renderer = fc.draw(result.figure)
    legend = result.ax.get_legend().get_window_extent(renderer)
    assert legend.y1 < result.ax.get_window_extent(renderer).y0  # below the map
    note = cl.data.periods("ukraine").loc["crimea_annexed", "note"]
    assert note in " ".join(texts(result).split()) and "68/262" in result.alt_text


def test_static_explorer_says_the_description_once_and_lists_key_dates(monkeypatch):
    """Where the picture cannot show, a viewer prints its alt text instead: the alt is a
    short name that points to the caption, which holds the description, once."""
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    page = cl.map_explorer("2022-03-18")._repr_mimebundle_()["text/html"]
    description = maps.KarabakhCanvas("2022-03-18").alt_text()
    assert page.count(html.escape(description[:80])) == 1
    assert re.search(r'alt="Map: Karabakh as of 18 March 2022 \(described below\)"', page)
    items = re.findall(r"<li>(.*?)</li>", page)
    assert len(items) == len(maps.key_dates()) and "<p>- " not in page
    assert "(approximate), Under Armenian control (approximate), Under" not in page
