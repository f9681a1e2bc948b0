"""Geometry for the maps: load the shipped GeoJSON once, and say who controlled what when.

No plotting here. Layers are read with ``json`` + ``shapely`` (fast to import); the public
functions that return tables build a GeoDataFrame only when asked, so ``import`` stays light.

The dates are data, not code: ``data/periods.csv`` holds the map periods (start, end, title,
note, sources), each control area in ``geo/karabakh_layers.geojson`` carries its own
``valid_from``/``valid_to``, and the peacekeepers' presence is the tie
``r_ru_peacekeepers_in_az`` in ``relations.csv``. Between two boundaries nothing the map
shows changes: :func:`map_state` names that piecewise-constant state.

Example:
    >>> from course_lib import geo
    >>> geo.status_at("khankendi", "2021-06-01")
    'peacekeeping_zone'
    >>> geo.period("2023-10-01").key
    'after_offensive'
"""

from __future__ import annotations

import bisect
import datetime as _dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from . import data
from .dates import parse_date
from .errors import CourseError, DataError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

STATUSES = ("armenian_control", "peacekeeping_zone", "lachin_corridor")
FIRST_DATE = _dt.date(1923, 7, 7)  # the maps' range: from the NKAO's creation...
LAST_DATE = _dt.date(2030, 12, 31)  # ...to the end of the course's horizon
PEACEKEEPER_TIE = "r_ru_peacekeepers_in_az"  # relations.csv: when the contingent was present
PEACEKEEPER_BASE = "khojaly"  # place of the contingent's main base
GYUMRI_BASE = "gyumri"
# The seven districts around the former NKAO (Natural Earth admin-1 ISO codes), each named
# after its centre town (a place id), in the order the course lists them.
SEVEN_DISTRICTS = {
    "AZ-KAL": "kalbajar",
    "AZ-LAC": "lachin",
    "AZ-QBI": "qubadli",
    "AZ-ZAN": "zangilan",
    "AZ-CAB": "jabrayil",
    "AZ-FUZ": "fuzuli",
    "AZ-AGM": "agdam",
}
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
    if type(value) is _dt.date and FIRST_DATE <= value <= LAST_DATE:
        return value  # already read: the canvases pass their date on many times per change
    result = parse_date(value, "date for the map", MapDateError).date()
    if not FIRST_DATE <= result <= LAST_DATE:
        raise MapDateError(
            f"{result.isoformat()} is outside the maps' range: they start on 7 July 1923, "
            "when the NKAO was created, and end in 2030."
        )
    return result


@dataclass(frozen=True)
class Period:
    """One row of ``data/periods.csv``: what the Karabakh map says between two dates."""

    key: str
    title: str
    note: str
    start: _dt.date
    end: _dt.date | None  # last day; None = open-ended
    source_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        """The short title (kept under its old name)."""
        return self.title


@data.per_folder
def _periods() -> tuple[Period, ...]:
    rows = []
    for key, row in data.periods("karabakh").iterrows():
        end = None if pd.isna(row["end"]) else row["end"].date()
        rows.append(
            Period(
                str(key),
                row["title"],
                row["note"],
                row["start"].date(),
                end,
                tuple(row["source_ids"]),
            )
        )
    return tuple(rows)


def periods() -> tuple[Period, ...]:
    """Every map period, oldest first (read once per data folder)."""
    return _periods()


def period(date: Any) -> Period:
    """The map period a date falls in.

    Example:
        >>> period("1993-01-01").key
        'first_war'
    """
    d = as_date(date)
    table = _periods()
    i = bisect.bisect_right([p.start for p in table], d) - 1
    if i < 0 or (table[i].end is not None and d > table[i].end):
        raise DataError("periods.csv", f"no Karabakh period covers {d.isoformat()}")
    return table[i]


@data.per_folder
def _peacekeepers() -> tuple[_dt.date, _dt.date | None]:
    rel = data.relations()
    if PEACEKEEPER_TIE not in rel.index:
        raise DataError("relations.csv", f"the tie '{PEACEKEEPER_TIE}' is missing")
    row = rel.loc[PEACEKEEPER_TIE]
    return row["start"].date(), None if pd.isna(row["end"]) else row["end"].date()


def peacekeepers_start() -> _dt.date:
    """The first day Russian peacekeepers were deployed (the tie's start in relations.csv)."""
    return _peacekeepers()[0]


def peacekeepers_present(date: Any) -> bool:
    """True while Russian peacekeepers were deployed (the tie's start to its end, inclusive).

    Example:
        >>> peacekeepers_present("2024-06-12"), peacekeepers_present("2024-06-13")
        (True, False)
    """
    d = as_date(date)
    start, end = _peacekeepers()
    return start <= d and (end is None or d <= end)


def boundaries() -> list[_dt.date]:
    """Every date on which the map's state can change (periods, areas, peacekeepers).

    Example:
        >>> import datetime as dt; dt.date(2022, 8, 26) in boundaries()
        True
    """
    days = {p.start for p in _periods()}
    start, end = _peacekeepers()
    days.update({start, *([end + _dt.timedelta(days=1)] if end else [])})
    for f in layer("karabakh_layers"):
        if f["kind"] in STATUSES:
            days.update(_dt.date.fromisoformat(f[k]) for k in ("valid_from", "valid_to"))
    return sorted(d for d in days if FIRST_DATE <= d <= LAST_DATE)


@dataclass(frozen=True)
class MapState:
    """Everything the Karabakh map shows for a date, apart from the date itself."""

    period: Period
    layers: tuple[str, ...]
    peacekeepers: bool


def map_state(date: Any) -> MapState:
    """The piecewise-constant state of the map at ``date``: equal states draw the same map.

    Example:
        >>> map_state("2021-03-01") == map_state("2021-09-01")
        True
    """
    d = as_date(date)
    return MapState(period(d), layer_state(d), peacekeepers_present(d))


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Feature:
    """One GeoJSON feature: its properties and a shapely geometry (EPSG:4326)."""

    properties: dict[str, Any]
    geometry: BaseGeometry

    def __getitem__(self, key: str) -> Any:
        return self.properties[key]


@data.per_folder
def _read_layer(name: str) -> tuple[Feature, ...]:
    path = f"geo/{name}.geojson"
    text = data.read_text("geo", f"{name}.geojson")
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


def layer(name: str) -> tuple[Feature, ...]:
    """Features of one shipped layer (countries, admin1, towns_extra, karabakh_layers).

    Read once per kernel and data folder.
    """
    return _read_layer(name)


def authored(ident: str) -> Feature:
    """One project-authored feature of karabakh_layers.geojson by id."""
    for feature in layer("karabakh_layers"):
        if feature["id"] == ident:
            return feature
    raise data.DataError("geo/karabakh_layers.geojson", f"no feature with id '{ident}'")


def features_at(date: Any) -> tuple[Feature, ...]:
    """Authored control features in force at a date (each feature's ``valid_from`` to its
    exclusive ``valid_to``)."""
    d = as_date(date).isoformat()
    return tuple(
        f
        for f in layer("karabakh_layers")
        if f["kind"] in STATUSES and f["valid_from"] <= d < f["valid_to"]
    )


def districts() -> dict[str, BaseGeometry]:
    """The seven districts around the former NKAO: {centre town's place id: geometry}.

    Example:
        >>> sorted(districts())[:3]
        ['agdam', 'fuzuli', 'jabrayil']
    """
    return dict(_districts())


@data.per_folder
def _districts() -> tuple[tuple[str, BaseGeometry], ...]:
    found = {f["iso_3166_2"]: f.geometry for f in layer("admin1") if f["adm0_a3"] == "AZE"}
    missing = sorted(set(SEVEN_DISTRICTS) - set(found))
    if missing:
        raise DataError("geo/admin1.geojson", f"districts missing: {', '.join(missing)}")
    return tuple((place, found[iso]) for iso, place in SEVEN_DISTRICTS.items())


@data.per_folder
def _conflict_area() -> BaseGeometry:
    area = shapely.union_all([authored("nkao_1923").geometry, *(g for _, g in _districts())])
    shapely.prepare(area)
    return area


def in_conflict_area(lon: float, lat: float) -> bool:
    """True inside the former NKAO or the seven districts around it, where places have an
    Azerbaijani and an Armenian (NKR) name and the course shows both (Khankendi, not Ganja).

    Example:
        >>> in_conflict_area(46.7528, 39.8177), in_conflict_area(46.36134, 40.68157)
        (True, False)
    """
    return bool(_conflict_area().covers(shapely.Point(lon, lat)))


def layer_state(date: Any) -> tuple[str, ...]:
    """Ids of the control features in force: dates with equal states draw the same map."""
    return tuple(f["id"] for f in features_at(date))


# --------------------------------------------------------------------------- towns


@data.per_folder
def _towns() -> tuple[dict[str, Any], ...]:
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
    return [dict(r) for r in _towns()]


def town(place_id: str) -> dict[str, Any]:
    """One town by place id (a friendly error when unknown)."""
    for row in _towns():
        if row["place_id"] == place_id:
            return dict(row)
    known = ", ".join(sorted(r["place_id"] for r in _towns()))
    raise CourseError(f"No place called '{place_id}'. Known places: {known}.")


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
    return pd.Timestamp(as_date(date))
