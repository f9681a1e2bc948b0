"""Karabakh at any date 1923-2030: the control tables and the map's canvas.

(The South Caucasus and Ukraine maps are in :mod:`course_lib.neighbours`, the drawing
helpers in :mod:`course_lib.cartography`.) Every map returns a
:class:`~course_lib.style.FigureResult` with alt text generated from what it shows. Areas the
course authors drew by hand are hatched and labelled "approximate".

Example:
    >>> import course_lib as cl
    >>> cl.karabakh_map("2022-03-18").alt_text[:60]
    'Map of Karabakh and the surrounding districts as of 18 March'
    >>> cl.control_areas("2023-09-21").empty
    True
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import shapely
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch

from . import citations, data, geo, style
from .canvas import Canvas
from .cartography import (
    CREDIT,
    add_shape,
    clip,
    countries,
    note_box,
    scale_bar,
    set_extent,
)
from .dates import format_date
from .errors import CourseError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd


NAME_FORMS = ("az", "hy", "both")
NOTE_WIDTH = 100  # characters per line of the map's note box
KARABAKH_EXTENT = (45.55, 38.85, 47.7, 40.75)  # lon_min, lat_min, lon_max, lat_max
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
        set_extent(ax, KARABAKH_EXTENT)
        for a3, geom in countries(KARABAKH_EXTENT):
            face = "#FAFAFA" if a3 == "AZE" else colours["background"]
            add_shape(ax, geom, facecolor=face, edgecolor="#555555", linewidth=0.9, zorder=1)
        box = shapely.box(*KARABAKH_EXTENT)
        for feature in geo.layer("admin1"):
            if feature["adm0_a3"] == "AZE" and feature.geometry.intersects(box):
                add_shape(
                    ax,
                    clip(feature.geometry, KARABAKH_EXTENT),
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
        scale_bar(ax, 20, KARABAKH_EXTENT)
        self.title = ax.set_title("")
        self.note = note_box(ax, "")
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

    def image_alt(self) -> str:
        if not self.live:
            return self.alt_text()
        self.alt_text()  # fills the description of this state
        body = self._described[self.state()]
        return f"Map of Karabakh and the surrounding districts, {self._shown.period.title}. {body}"

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


# the wider maps live in course_lib.neighbours; these names keep working from here
from .neighbours import region_map, ukraine_map  # noqa: E402, F401
