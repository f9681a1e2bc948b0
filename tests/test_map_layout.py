"""Every map as a cartographer would check it, on the rendered figure, at normal size and in
projector mode: no text, legend, inset, marker or leader line on another; everything inside
the figure; nothing on the map crossing its frame; every country's name on that country's own
land and in view; every sea's name on water; district labels inside their districts.

Each map is built and drawn once per mode (module-scoped fixtures); the Karabakh map at every
key date of the issue and of the explorer, one per distinct state.
"""

from __future__ import annotations

import datetime as dt

import matplotlib
import pytest
import shapely

import course_lib as cl
from course_lib import geo, maps

matplotlib.use("Agg")

import figure_checks as fc  # noqa: E402

# the issue's key dates (1988, 1993, 2019, Nov 2020, Mar 2022, Aug 2022, Jan 2023, Oct 2023,
# 2024) and the explorer's buttons
ISSUE_DATES = [
    "1988-02-20",
    "1993-04-02",
    "2019-06-01",
    "2020-11-15",
    "2022-03-18",
    "2022-08-26",
    "2023-01-15",
    "2023-10-01",
    "2024-03-01",
]
MODES = ("normal", "projector")


def _dates() -> list[dt.date]:
    days = sorted({*(geo.as_date(d) for d in ISSUE_DATES), *(d for d, _ in maps.key_dates())})
    seen, out = set(), []
    for day in days:  # one date per state the map shows (areas, names in use)
        key = (geo.map_state(day), sum(1 for c in maps.boundaries() if c <= day))
        if key not in seen:
            seen.add(key)
            out.append(day)
    return out


DATES = _dates()
COUNTRIES = {f["ADM0_A3"]: f.geometry for f in geo.layer("countries")}
LAND = shapely.union_all(list(COUNTRIES.values()))


@pytest.fixture(scope="module")
def karabakh():
    """{(mode, date or names): (canvas, renderer)}: each state drawn once per mode."""
    out = {}
    for mode in MODES:
        for day in DATES:
            out[(mode, day.isoformat())] = fc.render_once(
                ("karabakh", mode, day),
                lambda d=day, m=mode: fc.in_mode(m, lambda: maps.KarabakhCanvas(d)),
            )
        for names in ("hy", "az"):  # the longest labels (Armenian script), the other spelling
            out[(mode, names)] = fc.render_once(
                ("karabakh", mode, names),
                lambda n=names, m=mode: fc.in_mode(
                    m, lambda: maps.KarabakhCanvas("2022-03-18", names=n)
                ),
            )
    return out


@pytest.fixture(scope="module")
def neighbours():
    out = {}
    for mode in MODES:
        for name, make in (("region", cl.region_map), ("ukraine", cl.ukraine_map)):
            out[(mode, name)] = fc.render_once(
                (name, mode), lambda m=mode, f=make: fc.in_mode(m, f)
            )
    return out


def _problems(obj, renderer) -> list[str]:
    figure, ax = obj.figure, obj.ax
    found = fc.items(figure, renderer)
    return (
        fc.collisions(found)
        + fc.outside_figure(figure, found)
        + fc.crossing_frame(ax, found, renderer)
        + _country_problems(ax, renderer)
    )


def _labels(ax):
    yield from ax.texts
    for child in ax.child_axes:
        yield from child.texts


def _country_problems(ax, renderer) -> list[str]:
    """A country's name stands on that country's land, in view; a sea's name on water."""
    bad = []
    for text in _labels(ax):
        gid = text.get_gid() or ""
        if not text.get_visible() or not gid:
            continue
        where = text.axes
        box = fc.data_box(where, text.get_window_extent(renderer))
        if gid.startswith("country:"):
            land = COUNTRIES[gid.split(":")[1]]
            x, y = text.get_position()
            (x0, x1), (y0, y1) = where.get_xlim(), where.get_ylim()
            if not land.contains(shapely.Point(x, y)):
                bad.append(f"{text.get_text()!r}: its anchor is not in {gid}")
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                bad.append(f"{text.get_text()!r}: its anchor is outside the view")
            if not land.contains(box):
                bad.append(f"{text.get_text()!r}: part of the name lies outside {gid}")
        elif gid == "water" and box.intersects(LAND):
            bad.append(f"{text.get_text()!r}: a sea's name on land")
    return bad


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("day", [d.isoformat() for d in DATES])
def test_karabakh_map_layout(karabakh, mode, day):
    canvas, renderer = karabakh[(mode, day)]
    assert _problems(canvas, renderer) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("names", ["hy", "az"])
def test_karabakh_map_layout_in_other_name_forms(karabakh, mode, names):
    canvas, renderer = karabakh[(mode, names)]
    assert _problems(canvas, renderer) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", ["region", "ukraine"])
def test_neighbour_map_layout(neighbours, mode, name):
    result, renderer = neighbours[(mode, name)]
    assert _problems(result, renderer) == []


@pytest.mark.parametrize("mode", MODES)
def test_district_labels_inside_their_districts(karabakh, mode):
    canvas, renderer = karabakh[(mode, "2019-06-01")]
    districts = geo.districts()
    assert len(canvas.district_labels) == 7
    for place_id, variants in canvas.district_labels.items():
        shown = [text for _, text in variants if text.get_visible()]
        assert len(shown) == 1, place_id
        x, y = shown[0].get_position()
        assert districts[place_id].contains(shapely.Point(x, y)), place_id
        box = fc.data_box(canvas.ax, shown[0].get_window_extent(renderer))
        assert box.intersection(districts[place_id]).area > 0.75 * box.area, place_id


@pytest.mark.parametrize("mode", MODES)
def test_panel_beside_the_map_and_title_inside(karabakh, mode):
    """Legend, note and locator sit beside the map; the title is inside the figure."""
    canvas, renderer = karabakh[(mode, "2022-03-18")]
    frame = canvas.ax.get_window_extent(renderer)
    for artist in (canvas.ax.get_legend(), canvas.note, canvas.locator):
        box = artist.get_window_extent(renderer)
        assert box.x0 > frame.x1, artist
    title = canvas.title.get_window_extent(renderer)
    assert canvas.figure.bbox.contains(title.x0, title.y0)
    assert canvas.figure.bbox.contains(title.x1, title.y1)
    assert canvas.ax.get_xticklabels() == [] or not any(
        t.get_text() for t in canvas.ax.get_xticklabels()
    )


# --------------------------------------------------------------------------- the checks can fail


def test_the_layout_checks_catch_what_the_issue_saw():
    """Put ARMENIA back at 45.9°E 40.45°N and the Khojaly label on the triangle, and run a
    normal map through the same checks: both are reported."""
    canvas = maps.KarabakhCanvas("2022-03-18")
    armenia = next(t for t in canvas.country_labels if t.get_text() == "ARMENIA")
    armenia.set_position((45.9, 40.45))
    khojaly = next(t for _, t in canvas.town_labels["khojaly"] if t.get_visible())
    khojaly.set_position((0, 0))  # offset 0: on the marker
    problems = _problems(canvas, fc.draw(canvas.figure))
    assert any("'ARMENIA': its anchor is not in country:ARM" in p for p in problems)
    assert any("Khojaly" in p and "marker ^" in p for p in problems)
    canvas.note.set_x(0.5)  # the note back on the map
    problems = _problems(canvas, fc.draw(canvas.figure))
    assert any("crosses the map frame" in p or "overlaps" in p for p in problems)
