"""Geometry for the maps: load the shipped GeoJSON once, and say who controlled what when.

No plotting here. Layers are read with ``json`` + ``shapely`` (fast to import); the public
functions that return tables build a GeoDataFrame only when asked, so ``import`` stays light.

Dates follow the course's choices (documented in data/README.md, "geo/"):

* 7 Jul 1923 - 1 Sep 1991: the NKAO, an autonomous oblast inside the Azerbaijan SSR;
* 2 Sep 1991 - 11 May 1994: front lines shifted month by month, so no line is drawn;
* 12 May 1994 - 26 Sep 2020: the area under Armenian control after the ceasefire;
* 27 Sep - 9 Nov 2020: the 44-day war, lines moved daily, none drawn;
* 10 Nov 2020 - 19 Sep 2023: the Russian peacekeepers' zone, the Lachin corridor (moved
  south of Lachin town on 26 Aug 2022) and, until their handover, Agdam (20 Nov),
  Kalbajar (25 Nov) and Lachin (1 Dec 2020) districts;
* from 20 Sep 2023 (the ceasefire after the one-day offensive): nothing outside Baku's control.

Example:
    >>> from course_lib import geo
    >>> geo.status_at("khankendi", "2021-06-01")
    'peacekeeping_zone'
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from . import data
from .dates import parse_date
from .errors import CourseError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

STATUSES = ("armenian_control", "peacekeeping_zone", "lachin_corridor")
FIRST_DATE = _dt.date(1923, 7, 7)
LAST_DATE = _dt.date(2030, 12, 31)
CEASEFIRE_1994 = _dt.date(1994, 5, 12)
NKR_PROCLAIMED = _dt.date(1991, 9, 2)
WAR_2020 = _dt.date(2020, 9, 27)
STATEMENT_2020 = _dt.date(2020, 11, 10)
LACHIN_TOWN_HANDOVER = _dt.date(2022, 8, 26)
BLOCKADE = _dt.date(2022, 12, 12)
END_2023 = _dt.date(2023, 9, 20)
PEACEKEEPERS_LEFT = _dt.date(2024, 6, 12)  # last day present: withdrawal completed that day
PEACEKEEPERS = 1960  # trilateral statement of 9/10 Nov 2020
PEACEKEEPER_BASE = (46.7921, 39.9136)  # main base at Khojaly (lon, lat)
GYUMRI_BASE = "gyumri"
EQUAL_AREA = "+proj=laea +lat_0=40 +lon_0=46.5 +datum=WGS84 +units=m"


class MapDateError(CourseError):
    """A date the maps cannot use (unreadable, or outside 1923-2030)."""

    hint = "Write the date like '2022-03-18' (year-month-day), between 1923 and 2030."


# --------------------------------------------------------------------------- dates


def as_date(value: Any) -> _dt.date:
    """Read a date from 'YYYY-MM-DD', a date, a datetime or a pandas Timestamp.

    Example:
        >>> as_date("2022-03-18")
        datetime.date(2022, 3, 18)
    """
    result = parse_date(value, "date for the map", MapDateError).date()
    if not FIRST_DATE <= result <= LAST_DATE:
        raise MapDateError(
            f"{result.isoformat()} is outside the maps' range: they start on 7 July 1923, "
            "when the NKAO was created, and end in 2030."
        )
    return result


@dataclass(frozen=True)
class Period:
    """What the map shows at a date: a key, a short label and a note for the map."""

    key: str
    label: str
    note: str


def period(date: Any) -> Period:
    """The map period a date falls in.

    Example:
        >>> period("1993-01-01").key
        'shifting_lines'
    """
    d = as_date(date)
    if d < NKR_PROCLAIMED:
        return Period(
            "soviet",
            "Soviet period",
            "The NKAO was an autonomous oblast inside the Azerbaijan SSR.",
        )
    if d < CEASEFIRE_1994:
        return Period(
            "shifting_lines",
            "First Karabakh War",
            "1991-1994: front lines shifted month by month; they are not shown.",
        )
    if d < WAR_2020:
        return Period(
            "ceasefire_1994",
            "After the 1994 ceasefire",
            "Line of Contact after the ceasefire of 12 May 1994 (approximate).",
        )
    if d < STATEMENT_2020:
        return Period(
            "war_2020",
            "Second Karabakh War",
            "27 Sep - 9 Nov 2020: the front moved daily during the 44-day war; "
            "lines are not shown.",
        )
    if d < END_2023:
        note = "After the trilateral statement of 10 Nov 2020 (areas approximate)."
        if d >= BLOCKADE:
            note += " Lachin corridor blocked from 12 Dec 2022."
        return Period("after_2020", "After the 2020 statement", note)
    return Period(
        "after_2023",
        "After September 2023",
        "Since 20 Sep 2023 no area is outside Azerbaijan's control.",
    )


def peacekeepers_present(date: Any) -> bool:
    """True while Russian peacekeepers were deployed (10 Nov 2020 - 12 Jun 2024)."""
    d = as_date(date)
    return STATEMENT_2020 <= d <= PEACEKEEPERS_LEFT


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Feature:
    """One GeoJSON feature: its properties and a shapely geometry (EPSG:4326)."""

    properties: dict[str, Any]
    geometry: BaseGeometry

    def __getitem__(self, key: str) -> Any:
        return self.properties[key]


@lru_cache(maxsize=8)
def _read_layer(name: str, folder: str) -> tuple[Feature, ...]:
    path = f"geo/{name}.geojson"
    text = data.read_text("geo", f"{name}.geojson", folder=_folder(folder))
    try:
        collection = json.loads(text)
        features = tuple(
            Feature(dict(f["properties"]), shape(f["geometry"])) for f in collection["features"]
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise data.DataError(path, f"the GeoJSON is malformed ({exc})") from None
    for feature in features:
        shapely.prepare(feature.geometry)
    return features


def _folder(folder: str):
    from pathlib import Path

    return Path(folder)


def layer(name: str) -> tuple[Feature, ...]:
    """Features of one shipped layer (countries, admin1, towns_extra, karabakh_layers).

    Read once per kernel and data folder.
    """
    return _read_layer(name, str(data.data_dir()))


def authored(ident: str) -> Feature:
    """One project-authored feature of karabakh_layers.geojson by id."""
    for feature in layer("karabakh_layers"):
        if feature["id"] == ident:
            return feature
    raise data.DataError("geo/karabakh_layers.geojson", f"no feature with id '{ident}'")


def features_at(date: Any) -> tuple[Feature, ...]:
    """Authored control features in force at a date (empty outside 1994-2020 and 2020-2023)."""
    d = as_date(date).isoformat()
    if period(d).key not in ("ceasefire_1994", "after_2020"):
        return ()
    return tuple(
        f
        for f in layer("karabakh_layers")
        if f["kind"] in STATUSES and f["valid_from"] <= d < f["valid_to"]
    )


def layer_state(date: Any) -> tuple[str, ...]:
    """Ids of the control features in force: dates with equal states draw the same map."""
    return tuple(f["id"] for f in features_at(date))


# --------------------------------------------------------------------------- towns


@lru_cache(maxsize=4)
def _towns(folder: str) -> tuple[dict[str, Any], ...]:
    rows: dict[str, dict[str, Any]] = {}
    table = data.places()
    for place_id, row in table.iterrows():
        rows[str(place_id)] = {
            "place_id": str(place_id),
            "name_en": row["name_en"],
            "name_az": row.get("name_az") or row["name_en"],
            "name_hy": row.get("name_hy") or row["name_en"],
            "kind": row["kind"],
            "lon": float(row["lon"]),
            "lat": float(row["lat"]),
            "source_ids": list(row["source_ids"]),
            "extra": False,
        }
    for feature in layer("towns_extra"):
        p = feature.properties
        if p["place_id"] in rows:
            continue
        rows[p["place_id"]] = {
            "place_id": p["place_id"],
            "name_en": p["name_en"],
            "name_az": p["name_az"],
            "name_hy": p["name_hy"],
            "kind": "town",
            "lon": feature.geometry.x,
            "lat": feature.geometry.y,
            "source_ids": ["geonames"],
            "extra": True,
        }
    return tuple(rows.values())


def towns() -> list[dict[str, Any]]:
    """Places from places.csv plus the extra GeoNames towns shipped in data/geo/."""
    return [dict(r) for r in _towns(str(data.data_dir()))]


def town(place_id: str) -> dict[str, Any]:
    """One town by place id (a friendly error when unknown)."""
    for row in _towns(str(data.data_dir())):
        if row["place_id"] == place_id:
            return dict(row)
    known = ", ".join(sorted(r["place_id"] for r in _towns(str(data.data_dir()))))
    raise CourseError(f"No place called '{place_id}'. Known places: {known}.")


def label(row: dict[str, Any], names: str = "both") -> str:
    """A town's name in the chosen form: 'az', 'hy' or 'both' ('Xankəndi / Stepanakert').

    'hy' keeps the Armenian script that places.csv gives; 'both' uses the Latin forms.
    """
    az, hy = row["name_az"], row["name_hy"]
    if names == "az":
        return az
    if names == "hy":
        return hy
    hy_latin = hy.split(" (")[0]  # places.csv: "Stepanakert (Ստեփանակերտ)"
    return az if az == hy_latin else f"{az} / {hy_latin}"


def status_at(place: str | tuple[float, float], date: Any) -> str | None:
    """Control status at a place (id or (lon, lat)) on a date; None = under Baku's control.

    Example:
        >>> status_at("shusha", "2021-01-01") is None
        True
    """
    if isinstance(place, str):
        row = town(place)
        point = shapely.Point(row["lon"], row["lat"])
    else:
        point = shapely.Point(*place)
    for feature in features_at(date):
        if feature.geometry.contains(point):
            return feature["kind"]
    return None


# --------------------------------------------------------------------------- tables


def _frame(features: tuple[Feature, ...], note: str = "") -> gpd.GeoDataFrame:
    import geopandas as gpd

    columns = [
        "id",
        "name",
        "status",
        "valid_from",
        "valid_to",
        "approximate",
        "method",
        "source_ids",
    ]
    records = []
    for f in features:
        p = f.properties
        records.append(
            {
                "id": p["id"],
                "name": p["name"],
                "status": p["kind"],
                "valid_from": p["valid_from"],
                "valid_to": p["valid_to"],
                "approximate": bool(p["approximate"]),
                "method": p["method"],
                "source_ids": p["source_ids"].split(";"),
            }
        )
    frame = gpd.GeoDataFrame(
        records,
        columns=columns,
        geometry=[f.geometry for f in features],
        crs="EPSG:4326",
    )
    frame.attrs["note"] = note
    return frame


def control_frame(date: Any) -> gpd.GeoDataFrame:
    """Areas outside Baku's control at a date, as a GeoDataFrame with a ``status`` column."""
    return _frame(features_at(date), period(date).note)


def nkao_frame() -> gpd.GeoDataFrame:
    """The NKAO outline (approximate) as a one-row GeoDataFrame."""
    frame = _frame((authored("nkao_1923"),), "Approximate boundary of the NKAO, 1923-1991.")
    return frame.rename(columns={"status": "kind"})


def area_km2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat geometry in km2, measured in an equal-area projection."""
    import geopandas as gpd

    series = gpd.GeoSeries([geometry], crs="EPSG:4326").to_crs(EQUAL_AREA)
    return float(series.area.iloc[0]) / 1e6


def as_timestamp(date: Any) -> pd.Timestamp:
    """The date as a pandas Timestamp (for joining with the timeline)."""
    import pandas as pd

    return pd.Timestamp(as_date(date))
