"""Map figures: the South Caucasus, Karabakh at any date 1923-2030, and Ukraine in 2022.

Every map returns a :class:`~course_lib.style.FigureResult` with alt text generated from what
it shows. Areas the course authors drew by hand are hatched and labelled "approximate".

Example:
    >>> import course_lib as cl
    >>> cl.karabakh_map("2022-03-18").alt_text[:60]
    'Map of Karabakh and the surrounding districts as of 18 March'
    >>> cl.control_areas("2023-09-21").empty
    True
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import shapely
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter

from . import citations, data, geo, style
from .canvas import Canvas
from .dates import format_date
from .errors import CourseError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

CREDIT = (
    "Boundaries: Natural Earth (public domain). Towns: GeoNames (CC BY 4.0). "
    "Coloured areas: course authors' approximation."
)
NAME_FORMS = ("az", "hy", "both")
NOTE_WIDTH = 100  # characters per line of the map's note box
KARABAKH_EXTENT = (45.55, 38.85, 47.7, 40.75)  # lon_min, lat_min, lon_max, lat_max
REGION_EXTENT = (32.0, 35.2, 52.0, 45.2)
UKRAINE_EXTENT = (21.8, 44.0, 41.0, 52.6)
STATUS_LABELS = {
    "armenian_control": "Under Armenian control\n(approximate)",
    "peacekeeping_zone": "Russian peacekeepers' zone\n(approximate)",
    "lachin_corridor": "Lachin corridor, 5 km wide\n(approximate)",
}
# Places labelled on the Karabakh map, with label offsets in points (keeps names apart).
KARABAKH_TOWNS = {
    "khankendi": (-6, 2),
    "shusha": (-6, -5),
    "lachin": (-6, -4),
    "kalbajar": (5, 3),
    "agdam": (5, 2),
    "fuzuli": (5, -2),
    "jabrayil": (5, -4),
    "zangilan": (5, -2),
    "qubadli": (5, -3),
    "hadrut": (-6, 3),
    "khojaly": (9, 9),
    "ganja": (5, 2),
    "khojavend": (5, 2),
    "askeran": (8, -9),
}


class MapOptionError(CourseError):
    """An option the maps do not know (for example a name form)."""

    hint = "Name forms: 'az' (Azerbaijani), 'hy' (Armenian) or 'both'."


# --------------------------------------------------------------------------- public tables


def nkao() -> gpd.GeoDataFrame:
    """The NKAO boundary, 1923-1991 (approximate), as a GeoDataFrame in EPSG:4326.

    Example:
        >>> bool(nkao()["approximate"].iloc[0])
        True
    """
    citations.cite(["natural_earth"])
    return geo.nkao_frame()


def control_areas(date: Any) -> gpd.GeoDataFrame:
    """Areas outside Baku's control on a date, with a ``status`` column.

    ``status`` is one of armenian_control, peacekeeping_zone, lachin_corridor. The frame is
    empty where the course draws no areas (before the 1994 ceasefire, during the 2020 war,
    after the September 2023 ceasefire); ``.attrs['note']`` says why, from
    ``data/periods.csv``. Dates: 'YYYY-MM-DD', date, datetime or Timestamp.

    Example:
        >>> sorted(control_areas("2022-03-18")["status"])
        ['lachin_corridor', 'peacekeeping_zone']
    """
    frame = geo.control_frame(date)
    citations.cite(["natural_earth"])
    return frame


# --------------------------------------------------------------------------- drawing helpers


def _ring_codes(n: int) -> list[int]:
    return [Path.MOVETO] + [Path.LINETO] * (n - 2) + [Path.CLOSEPOLY]


def to_path(geometry: Any) -> Path:
    """A matplotlib Path for a (multi)polygon, holes included."""
    vertices: list[Any] = []
    codes: list[int] = []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)
            vertices.extend(coords)
            codes.extend(_ring_codes(len(coords)))
    if not vertices:
        return Path([(0.0, 0.0)], [Path.MOVETO])
    return Path(vertices, codes)


def add_shape(ax: Axes, geometry: Any, **kwargs: Any) -> PathPatch:
    """Draw a polygon geometry on ``ax`` and return its patch."""
    patch = PathPatch(to_path(geometry), **kwargs)
    ax.add_patch(patch)
    return patch


def _clip(geometry: Any, extent: tuple[float, float, float, float]) -> Any:
    return shapely.intersection(geometry, shapely.box(*extent))


def _set_extent(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    lon0, lat0, lon1, lat1 = extent
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / math.cos(math.radians((lat0 + lat1) / 2)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}°E"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}°N"))
    ax.grid(True, color="#BBBBBB", linewidth=0.4, linestyle=":")  # the graticule
    ax.tick_params(length=2)
    ax.set_facecolor("#DDEEF6")  # sea and lakes outside the land layer


def _scale_bar(ax: Axes, km: float, extent: tuple[float, float, float, float]) -> None:
    lon0, lat0, lon1, lat1 = extent
    lat = lat0 + 0.05 * (lat1 - lat0)
    length = km / (111.32 * math.cos(math.radians(lat)))
    x1 = lon1 - 0.04 * (lon1 - lon0)
    x0 = x1 - length
    ax.plot([x0, x1], [lat, lat], color="black", linewidth=2.5, solid_capstyle="butt")
    ax.text(
        (x0 + x1) / 2,
        lat + 0.012 * (lat1 - lat0),
        f"{km:g} km",
        ha="center",
        va="bottom",
        fontsize="small",
    )


def _countries(extent: tuple[float, float, float, float]) -> list[tuple[str, Any]]:
    box = shapely.box(*extent)
    out = []
    for feature in geo.layer("countries"):
        if feature.geometry.intersects(box):
            out.append((feature["ADM0_A3"], _clip(feature.geometry, extent)))
    return out


def _note(ax: Axes, text: str, y: float = 0.02) -> Any:
    return ax.text(
        0.015,
        y,
        text,
        transform=ax.transAxes,
        fontsize="small",
        va="bottom",
        ha="left",
        bbox={"facecolor": "white", "edgecolor": "#777777", "alpha": 0.9, "pad": 3},
        zorder=8,
    )


def _check_names(names: str) -> str:
    if names not in NAME_FORMS:
        raise MapOptionError(f"Unknown name form {names!r}.")
    return names


# --------------------------------------------------------------------------- Karabakh


def key_dates() -> list[tuple[dt.date, str]]:
    """The map explorer's key dates, (date, button label), from ``data/key_dates.csv``."""
    return list(_key_dates())


@data.per_folder
def _key_dates() -> tuple[tuple[dt.date, str], ...]:
    frame = data.key_dates("map")
    return tuple((d.date(), label) for d, label in zip(frame["date"], frame["label"], strict=True))


def _status_hatch(status: str) -> str:
    return style.HATCH["peacekeeping_zone" if status == "peacekeeping_zone" else "approximate"]


class KarabakhCanvas(Canvas):
    """The Karabakh map as one figure whose date and name form change in place.

    The base (countries, districts, the NKAO outline, towns) is drawn once and every control
    area gets one prebuilt patch. A date change computes the map's state once
    (:func:`geo.map_state`: period, areas in force, peacekeepers) and, only if that state
    differs, toggles patches and rewrites the note and legend. ``karabakh_map`` and
    ``map_explorer`` both use it.

    Example:
        >>> canvas = KarabakhCanvas(date="2022-03-18")
        >>> canvas.set_date("2019-01-01"); canvas.visible_ids()
        ('armenian_control_1994',)
    """

    def __init__(
        self,
        date: Any = None,
        names: str = "both",
        ax: Axes | None = None,
        live: bool = False,
    ):
        super().__init__(ax, size=(10.0, 6.5), live=live)
        self.names = _check_names(names)
        self.date = geo.as_date(data.article_date() if date is None else date)
        self.towns = {t["place_id"]: t for t in geo.towns() if t["place_id"] in KARABAKH_TOWNS}
        self._legends: dict[tuple[Any, ...], Any] = {}
        self._described: dict[tuple[Any, ...], str] = {}
        self._draw_base()
        self._draw_layers()
        self._shown: geo.MapState | None = None
        self._show(geo.map_state(self.date))

    # -- drawing ---------------------------------------------------------------------------
    def _draw_base(self) -> None:
        ax, colours = self.ax, style.palette()
        _set_extent(ax, KARABAKH_EXTENT)
        for a3, geom in _countries(KARABAKH_EXTENT):
            face = "#FAFAFA" if a3 == "AZE" else colours["background"]
            add_shape(ax, geom, facecolor=face, edgecolor="#555555", linewidth=0.9, zorder=1)
        box = shapely.box(*KARABAKH_EXTENT)
        for feature in geo.layer("admin1"):
            if feature["adm0_a3"] == "AZE" and feature.geometry.intersects(box):
                add_shape(
                    ax,
                    _clip(feature.geometry, KARABAKH_EXTENT),
                    facecolor="none",
                    edgecolor="#AAAAAA",
                    linewidth=0.4,
                    zorder=2,
                )
        for x, y, text in (
            (45.9, 40.45, "ARMENIA"),
            (47.35, 40.55, "AZERBAIJAN"),
            (46.7, 38.95, "IRAN"),
        ):
            ax.text(
                x,
                y,
                text,
                fontsize="small",
                color="#666666",
                ha="center",
                zorder=3,
                fontweight="bold",
            )
        nkao = geo.authored("nkao_1923").geometry
        self.nkao_fill = add_shape(
            ax, nkao, facecolor=colours["nkao"], alpha=0.08, edgecolor="none", zorder=3
        )
        self.nkao_line = add_shape(
            ax,
            nkao,
            facecolor="none",
            edgecolor=colours["nkao"],
            linewidth=1.4,
            linestyle=(0, (4, 2)),
            zorder=6,
        )
        self.markers = {}
        self.labels = {}
        for place_id, row in self.towns.items():
            (marker,) = ax.plot(
                row["lon"], row["lat"], "o", color="black", markersize=3.5, zorder=7
            )
            dx, dy = KARABAKH_TOWNS[place_id]
            self.labels[place_id] = ax.annotate(
                geo.label(row, self.names),
                (row["lon"], row["lat"]),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize="small",
                zorder=9,
                ha="left" if dx >= 0 else "right",
                va="center",
                bbox={"facecolor": "white", "alpha": 0.6, "pad": 0.5, "edgecolor": "none"},
            )
            self.markers[place_id] = marker
        base = geo.town(geo.PEACEKEEPER_BASE)
        (self.peacekeeper_marker,) = ax.plot(
            base["lon"],
            base["lat"],
            marker="^",
            color=colours["russia"],
            markeredgecolor="black",
            markersize=11,
            linestyle="none",
            zorder=10,
        )
        _scale_bar(ax, 20, KARABAKH_EXTENT)
        self.title = ax.set_title("")
        self.note = _note(ax, "")
        style.credit(ax, CREDIT)

    def _draw_layers(self) -> None:
        colours = style.palette()
        self.patches: dict[str, PathPatch] = {}
        for feature in geo.layer("karabakh_layers"):
            status = feature["kind"]
            if status not in geo.STATUSES:
                continue
            self.patches[feature["id"]] = add_shape(
                self.ax,
                feature.geometry,
                facecolor=colours[status],
                alpha=0.55,
                edgecolor=colours[status],
                hatch=_status_hatch(status),
                linewidth=1.0,
                zorder=4,
                visible=False,
            )

    def _legend(self, statuses: tuple[str, ...], soviet: bool, keepers: bool) -> Any:
        """The legend for one combination, built once and reused (a sprite when live)."""
        key = (statuses, soviet, keepers)
        legend = self._legends.get(key)
        if legend is not None:
            return legend
        colours = style.palette()
        handles: list[Any] = [
            Patch(
                facecolor=colours[s],
                alpha=0.55,
                edgecolor=colours[s],
                label=STATUS_LABELS[s],
                hatch=_status_hatch(s),
            )
            for s in statuses
        ]
        nkao_label = (
            "NKAO, autonomous oblast in\nthe Azerbaijan SSR (approximate)"
            if soviet
            else "Former NKAO, 1923-1991\n(approximate)"
        )
        handles.append(
            Line2D([], [], color=colours["nkao"], linestyle=(0, (4, 2)), label=nkao_label)
        )
        if keepers:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="^",
                    color=colours["russia"],
                    markeredgecolor="black",
                    linestyle="none",
                    markersize=9,
                    label="Russian peacekeepers'\nmain base (Khojaly)",
                )
            )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color="black",
                linestyle="none",
                markersize=4,
                label="Town (GeoNames)",
            )
        )
        shown = self.ax.legend_
        # outside the map, so it never hides a town
        legend = self.ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize="small",
            framealpha=0.9,
        )
        self.ax.legend_ = shown
        self._legends[key] = legend
        return legend

    # -- state -----------------------------------------------------------------------------
    def _show(self, state: geo.MapState) -> None:
        """Change the artists that depend on the map state (only called when it changed)."""
        for ident, patch in self.patches.items():
            patch.set_visible(ident in state.layers)
        soviet = state.period.key == "soviet"
        self.nkao_fill.set_alpha(0.18 if soviet else 0.05)
        self.peacekeeper_marker.set_visible(state.peacekeepers)
        note = state.period.note
        if state.layers:
            note += " Hatched areas are approximate."
        # wrapped here: matplotlib's own wrapping measures the text word by word, every draw
        self.note.set_text(textwrap.fill(note, NOTE_WIDTH))
        statuses = tuple(dict.fromkeys(geo.authored(i)["kind"] for i in state.layers))
        self.ax.legend_ = self._legend(statuses, soviet, state.peacekeepers)
        self._shown = state
        self._retitle()

    def _retitle(self) -> None:
        when = self._shown.period.title if self._shown else ""
        self.title.set_text(when if self.live else f"{self.label()} ({when})")

    def visible_ids(self) -> tuple[str, ...]:
        """Ids of the control areas currently drawn."""
        return tuple(i for i, p in self.patches.items() if p.get_visible())

    def state(self) -> tuple[Any, ...]:
        return (self._shown, self.names)

    def label(self) -> str:
        return f"Karabakh as of {format_date(self.date)}"

    def changing(self) -> list[Any]:
        return [
            *self.patches.values(),
            self.nkao_fill,
            self.peacekeeper_marker,
            self.note,
            self.title,
        ]

    def volatile(self) -> list[Any]:
        return [self.note, self.title, self.nkao_fill]

    def widest_legend(self) -> Any:
        return self._legend(geo.STATUSES, True, True)

    def ahead(self) -> Iterator[Any]:
        """The legend of every state the map can reach (its boundary dates)."""
        for day in geo.boundaries():
            state = geo.map_state(day)
            statuses = tuple(dict.fromkeys(geo.authored(i)["kind"] for i in state.layers))
            yield self._legend(statuses, state.period.key == "soviet", state.peacekeepers)

    def set_date(self, date: Any) -> None:
        """Show control as of ``date``; within one state only the date changes."""
        self.date = geo.as_date(date)
        state = geo.map_state(self.date)
        if state != self._shown:
            self._show(state)
        elif not self.live:
            self._retitle()

    def set_names(self, names: str) -> None:
        """Switch place names to 'az', 'hy' or 'both'."""
        self.names = _check_names(names)
        for place_id, text in self.labels.items():
            text.set_text(geo.label(self.towns[place_id], self.names))
        self.forget_sprites(self.labels.values())

    # -- description -----------------------------------------------------------------------
    def _inside(self, ident: str) -> list[str]:
        geometry = geo.authored(ident).geometry
        return [
            place_id
            for place_id, t in self.towns.items()
            if geometry.contains(shapely.Point(t["lon"], t["lat"]))
        ]

    def alt_text(self) -> str:
        """A description of the map generated from the layers and towns shown."""
        key = self.state()
        body = self._described.get(key)
        if body is None:
            body = self._describe(self._shown)
            self._described[key] = body
        return (
            f"Map of Karabakh and the surrounding districts as of {format_date(self.date)}. " + body
        )

    def _describe(self, state: geo.MapState) -> str:
        name = {p: geo.label(t, self.names) for p, t in self.towns.items()}
        parts = []
        if state.layers:
            shown, covered = [], set()
            for ident in state.layers:
                inside = self._inside(ident)
                covered.update(inside)
                where = f" (towns inside: {', '.join(name[p] for p in inside)})" if inside else ""
                shown.append(f"{geo.authored(ident)['name']}, approximate{where}")
            parts.append("Shown: " + "; ".join(shown) + ".")
            outside = [name[p] for p in self.towns if p not in covered]
            parts.append("Under Baku's control: " + ", ".join(outside) + ".")
        parts.append(state.period.note)
        parts.append("The dashed line is the former NKAO boundary (approximate).")
        if state.peacekeepers:
            base = name.get(geo.PEACEKEEPER_BASE, "Khojaly")
            parts.append(f"A red triangle marks the Russian peacekeepers' main base, at {base}.")
        return " ".join(parts)

    def result(self) -> style.FigureResult:
        state = self._shown
        sources = {"natural_earth", "geonames", *state.period.source_ids}
        for t in self.towns.values():
            sources.update(t["source_ids"])
        for ident in state.layers:
            sources.update(geo.authored(ident)["source_ids"].split(";"))
        citations.cite(sorted(sources))
        return style.FigureResult(
            ax=self.ax,
            alt_text=self.alt_text(),
            owned=self.owned,
            extra={
                "date": self.date.isoformat(),
                "layers": state.layers,
                "names": self.names,
                "period": state.period.key,
            },
        )


def karabakh_map(
    date: Any = None, names: str = "both", ax: Axes | None = None
) -> style.FigureResult:
    """Karabakh with the areas outside Baku's control on ``date`` (1923-2030; default: the
    article's date).

    ``names`` picks place-name forms: 'az' (Xankəndi), 'hy' (Stepanakert) or 'both'.

    Example:
        >>> karabakh_map("2019-06-01", names="hy").extra["layers"]
        ('armenian_control_1994',)
    """
    return KarabakhCanvas(date=date, names=names, ax=ax).result()


def key_date_summary(names: str = "both") -> str:
    """What the map shows on each key date, one line each (for readers without widgets).

    Example:
        >>> print(key_date_summary().splitlines()[0])
        Key dates to compare:
    """
    lines = ["Key dates to compare:"]
    for day, label in key_dates():
        state = geo.map_state(day)
        shown = ", ".join(
            STATUS_LABELS[geo.authored(i)["kind"]].split("\n")[0] for i in state.layers
        )
        lines.append(f"- {day.isoformat()} ({label}): {shown or state.period.note}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- region


_REGION_COLOURS = {
    "AZE": "azerbaijan",
    "ARM": "armenia",
    "RUS": "russia",
    "TUR": "turkey",
    "GEO": "other",
    "IRN": "other",
    "UKR": "ukraine",
}
_REGION_NAMES = {
    "AZE": ("AZERBAIJAN", 48.3, 40.6),
    "ARM": ("ARMENIA", 44.9, 40.45),
    "GEO": ("GEORGIA", 43.6, 42.2),
    "RUS": ("RUSSIA", 44.5, 44.6),
    "TUR": ("TURKEY", 35.5, 38.8),
    "IRN": ("IRAN", 49.0, 36.6),
}
_CAPITALS = ("baku", "yerevan", "tbilisi", "ankara", "tehran")


def _country_base(
    ax: Axes, extent: Any, colour_keys: dict[str, str], *, alpha: float, linewidth: float
) -> list[str]:
    """Draw every country in ``extent``: the named ones in their palette colour, the rest
    in the background grey. Returns the ISO3 codes drawn, in order."""
    colours = style.palette()
    drawn = []
    for a3, geom in _countries(extent):
        key = colour_keys.get(a3)
        add_shape(
            ax,
            geom,
            facecolor=colours[key] if key else colours["background"],
            alpha=alpha if key else 1.0,
            edgecolor="#444444",
            linewidth=linewidth,
            zorder=1,
        )
        drawn.append(a3)
    return drawn


def region_map(ax: Axes | None = None) -> style.FigureResult:
    """The South Caucasus and its neighbours, capitals, and Russia's 102nd base at Gyumri.

    Example:
        >>> "Gyumri" in region_map().alt_text
        True
    """
    ax, owned = style.new_axes(ax, size=(9.0, 5.5))
    colours = style.palette()
    _set_extent(ax, REGION_EXTENT)
    shown = []
    for a3 in _country_base(ax, REGION_EXTENT, _REGION_COLOURS, alpha=0.45, linewidth=0.7):
        if a3 in _REGION_NAMES:
            name, x, y = _REGION_NAMES[a3]
            ax.text(
                x,
                y,
                name,
                ha="center",
                fontsize="small",
                fontweight="bold",
                color="#333333",
                zorder=5,
            )
            shown.append(name.title())
    add_shape(
        ax,
        geo.authored("nkao_1923").geometry,
        facecolor="none",
        edgecolor=colours["nkao"],
        linewidth=1.2,
        linestyle=(0, (3, 1.5)),
        zorder=3,
    )
    places = {t["place_id"]: t for t in geo.towns()}
    capitals = [places[c] for c in _CAPITALS if c in places]
    for row in capitals:
        ax.plot(row["lon"], row["lat"], marker="*", color="black", markersize=9, zorder=6)
        below = row["place_id"] == "yerevan"  # keeps clear of the ARMENIA label
        ax.annotate(
            row["name_en"],
            (row["lon"], row["lat"]),
            xytext=(4, -11 if below else 4),
            textcoords="offset points",
            fontsize="small",
            zorder=7,
        )
    base = places.get(geo.GYUMRI_BASE)
    if base is not None:
        ax.plot(
            base["lon"],
            base["lat"],
            marker="s",
            color=colours["russia"],
            markeredgecolor="black",
            markersize=8,
            zorder=6,
        )
        ax.annotate(
            "Gyumri: Russia's 102nd base",
            (base["lon"], base["lat"]),
            xytext=(-6, 6),
            textcoords="offset points",
            ha="right",
            fontsize="small",
            zorder=7,
            bbox={"facecolor": "white", "alpha": 0.7, "pad": 1, "edgecolor": "none"},
        )
    nakh = places.get("nakhchivan")
    if nakh is not None:
        ax.annotate(
            "Nakhchivan\n(Azerbaijan)",
            (nakh["lon"], nakh["lat"]),
            xytext=(-4, -14),
            textcoords="offset points",
            ha="right",
            fontsize="x-small",
            zorder=7,
        )
    handles = [
        Patch(facecolor=colours[k], alpha=0.45, edgecolor="#444444", label=label)
        for k, label in (
            ("azerbaijan", "Azerbaijan (with Nakhchivan)"),
            ("armenia", "Armenia"),
            ("russia", "Russia"),
            ("turkey", "Turkey"),
            ("other", "Georgia, Iran"),
        )
    ]
    handles += [
        Line2D(
            [],
            [],
            color=colours["nkao"],
            linestyle=(0, (3, 1.5)),
            label="Former NKAO (approximate)",
        ),
        Line2D([], [], marker="*", color="black", linestyle="none", markersize=9, label="Capital"),
        Line2D(
            [],
            [],
            marker="s",
            color=colours["russia"],
            markeredgecolor="black",
            linestyle="none",
            markersize=8,
            label="Russian military base",
        ),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize="x-small", framealpha=0.9)
    ax.set_title("The South Caucasus and its neighbours")
    _scale_bar(ax, 200, REGION_EXTENT)
    style.credit(ax, CREDIT)
    sources = {"natural_earth", "geonames"}
    for row in [*capitals, *([base] if base else [])]:
        sources.update(row["source_ids"])
    citations.cite(sorted(sources))
    alt = (
        "Map of the South Caucasus: "
        + ", ".join(shown)
        + ". Capitals marked: "
        + ", ".join(r["name_en"] for r in capitals)
        + ". "
        + ("A square marks Russia's 102nd military base at Gyumri in Armenia. " if base else "")
        + "Azerbaijan includes the Nakhchivan exclave, separated from the mainland by Armenia; "
        "a dashed line marks the former NKAO (approximate)."
    )
    return style.FigureResult(
        ax=ax,
        alt_text=alt,
        owned=owned,
        extra={"countries": shown, "capitals": [r["place_id"] for r in capitals]},
    )


# --------------------------------------------------------------------------- Ukraine

DPR_LPR = {"UA-14": "Donetsk", "UA-09": "Luhansk"}
CRIMEA = {"UA-43": "Crimea", "UA-40": "Sevastopol"}
# rows of data/periods.csv (view "ukraine") whose title is the legend entry, note the statement
UKRAINE_NOTES = {"dpr_lpr": "dpr_lpr_recognised", "crimea": "crimea_annexed"}


def ukraine_map(ax: Axes | None = None) -> style.FigureResult:
    """Ukraine in early 2022: Donetsk and Luhansk oblasts, Crimea, Kyiv and Kharkiv.

    Example:
        >>> "Crimea" in ukraine_map().alt_text
        True
    """
    ax, owned = style.new_axes(ax, size=(8.5, 5.5))
    colours = style.palette()
    facts = data.periods("ukraine")
    dpr_lpr, crimea = (facts.loc[UKRAINE_NOTES[k]] for k in ("dpr_lpr", "crimea"))
    _set_extent(ax, UKRAINE_EXTENT)
    _country_base(
        ax, UKRAINE_EXTENT, {"UKR": "ukraine", "RUS": "russia"}, alpha=0.35, linewidth=0.8
    )
    for feature in geo.layer("admin1"):
        if feature["adm0_a3"] != "UKR":
            continue
        code = feature["iso_3166_2"]
        if code in DPR_LPR:
            add_shape(
                ax,
                feature.geometry,
                facecolor=colours["russia"],
                alpha=0.45,
                edgecolor="black",
                hatch=style.HATCH["contested"],
                linewidth=0.9,
                zorder=3,
            )
        elif code in CRIMEA:
            add_shape(
                ax,
                feature.geometry,
                facecolor=colours["ukraine"],
                alpha=0.6,
                edgecolor=colours["russia"],
                hatch=style.HATCH["approximate"],
                linewidth=1.0,
                zorder=3,
            )
        else:
            add_shape(
                ax, feature.geometry, facecolor="none", edgecolor="#888888", linewidth=0.4, zorder=2
            )
    ax.text(31.0, 49.3, "UKRAINE", ha="center", fontweight="bold", fontsize="small", zorder=5)
    ax.text(39.5, 51.8, "RUSSIA", ha="center", fontweight="bold", fontsize="small", zorder=5)
    places = {t["place_id"]: t for t in geo.towns()}
    cities = [places[c] for c in ("kyiv", "kharkiv", "donetsk", "luhansk") if c in places]
    for row in cities:
        capital = row["kind"] == "capital"
        ax.plot(
            row["lon"],
            row["lat"],
            marker="*" if capital else "o",
            color="black",
            markersize=9 if capital else 4,
            zorder=6,
        )
        ax.annotate(
            row["name_en"],
            (row["lon"], row["lat"]),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize="small",
            zorder=7,
            bbox={"facecolor": "white", "alpha": 0.6, "pad": 0.5, "edgecolor": "none"},
        )
    ax.annotate(
        textwrap.fill(crimea["note"], 44),
        (34.1, 45.3),
        xytext=(27.3, 44.35),
        fontsize="x-small",
        zorder=8,
        arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.6},
        bbox={"facecolor": "white", "alpha": 0.85, "pad": 2, "edgecolor": "#777777"},
    )
    handles = [
        Patch(
            facecolor=colours["russia"],
            alpha=0.45,
            edgecolor="black",
            hatch=style.HATCH["contested"],
            label=textwrap.fill(dpr_lpr["title"], 60),
        ),
        Patch(
            facecolor=colours["ukraine"],
            alpha=0.6,
            edgecolor=colours["russia"],
            hatch=style.HATCH["approximate"],
            label=crimea["title"],
        ),
        Line2D([], [], marker="*", color="black", linestyle="none", markersize=9, label="Capital"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize="x-small", framealpha=0.9)
    ax.set_title("Ukraine, February-March 2022")
    _note(
        ax,
        "Whole oblasts are shaded; the map does not show\nthe lines of control inside them.",
        y=0.12,
    )
    _scale_bar(ax, 200, UKRAINE_EXTENT)
    style.credit(ax, CREDIT)
    sources = {"natural_earth", "geonames", *dpr_lpr["source_ids"], *crimea["source_ids"]}
    for row in cities:
        sources.update(row["source_ids"])
    citations.cite(sorted(sources))
    alt = (
        "Map of Ukraine in early 2022. Donetsk and Luhansk oblasts are shaded and cross-hatched: "
        f"{dpr_lpr['note']} Crimea and Sevastopol are hatched. {crimea['note']} Cities marked: "
        + ", ".join(r["name_en"] for r in cities)
        + "."
    )
    return style.FigureResult(
        ax=ax, alt_text=alt, owned=owned, extra={"cities": [r["place_id"] for r in cities]}
    )
