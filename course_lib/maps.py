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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import shapely
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch

from . import cartography, citations, data, geo, place_names, style
from .canvas import Canvas
from .cartography import CREDIT, add_shape, clip, countries, set_extent
from .colour_names import colour_name
from .dates import format_date

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd


NAME_FORMS = place_names.NAME_FORMS  # 'both' (English / Armenian), 'en', 'az', 'hy'
KARABAKH_EXTENT = (45.55, 38.85, 47.7, 40.75)  # lon_min, lat_min, lon_max, lat_max
STATUS_LABELS = {
    "armenian_control": "Under Armenian control (approximate)",
    "peacekeeping_zone": "Russian peacekeepers' zone (approximate)",
    "lachin_corridor": "Lachin corridor, 5 km wide (approximate)",
}
HATCH_WORDS = {"///": "hatched", "...": "dotted", "xx": "cross-hatched"}
# Towns labelled on the Karabakh map, with label offsets in points from the marker (placed
# by hand so that no label touches another, a marker or the frame: tested on the render).
KARABAKH_TOWNS = {
    "khankendi": (-6, 0),
    "shusha": (-6, -3),
    "lachin": (-6, -5),
    "kalbajar": (5, 3),
    "agdam": (5, 4),
    "fuzuli": (5, -3),
    "jabrayil": (5, -4),
    "zangilan": (5, -2),
    "qubadli": (5, -5),
    "hadrut": (-6, 2),
    "khojaly": (-7, 5),
    "ganja": (5, 2),
    "khojavend": (5, 2),
    "askeran": (6, -6),
}
TWO_LINE_TOWNS = ("khojavend",)  # near the frame: the Armenian form goes on a second line
# The seven districts' labels: where each is centred (inside its district, tested).
DISTRICT_LABELS = {
    "kalbajar": (46.06, 40.27),
    "lachin": (46.11, 39.73),
    "qubadli": (46.48, 39.42),
    "zangilan": (46.49, 39.16),
    "jabrayil": (46.92, 39.23),
    "fuzuli": (47.17, 39.49),
    "agdam": (46.92, 40.14),
}
# Country names (ISO3, text, lon, lat, size): each on its own country's land (tested).
COUNTRY_LABELS = (
    ("ARM", "ARMENIA", 46.09, 39.43, "small"),
    ("AZE", "AZERBAIJAN", 47.35, 40.6, "small"),
    ("IRN", "IRAN", 47.47, 39.17, "small"),
    ("AZE", "NAKHCHIVAN\n(AZERBAIJAN)", 45.75, 39.06, "x-small"),
)
# The corridor's label: a point inside both corridors (2020 and 2022) and where the text sits.
CORRIDOR_LABEL = ((46.63, 39.68), (46.88, 39.66))
PANEL_WIDTH = 3.2  # inches at normal size: the legend, the note and the locator


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


def boundaries() -> list[dt.date]:
    """Every date on which the Karabakh map can change: its states (:func:`geo.boundaries`)
    and the days a town's name form changes (``place_names.csv``).

    Example:
        >>> dt.date(2001, 1, 1) in boundaries()  # Khojaly's Armenian form becomes Ivanyan
        True
    """
    days = set(geo.boundaries()) | set(place_names.changes(KARABAKH_TOWNS))
    return sorted(d for d in days if geo.FIRST_DATE <= d <= geo.LAST_DATE)


# --------------------------------------------------------------------------- Karabakh


def key_dates() -> list[tuple[dt.date, str]]:
    """The map explorer's key dates, (date, button label), from ``data/key_dates.csv``."""
    return list(_key_dates())


@data.per_folder
def _key_dates() -> tuple[tuple[dt.date, str], ...]:
    frame = data.key_dates("map")
    return tuple((d.date(), label) for d, label in zip(frame["date"], frame["label"], strict=True))


def _listing(words: list[str]) -> str:
    """'a, b and c'."""
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else words[0]


def _two_lines(name: str) -> str:
    """A two-form name on two lines ('Agdam /' over 'Akna'; 'Akna' over its script)."""
    return name.replace(" / ", " /\n").replace(" (", "\n(")


def _status_hatch(status: str) -> str:
    return style.HATCH["peacekeeping_zone" if status == "peacekeeping_zone" else "approximate"]


class KarabakhCanvas(Canvas):
    """The Karabakh map as one figure whose date and name form change in place.

    The base (countries, districts, the NKAO outline, towns) is drawn once and every control
    area gets one prebuilt patch; every label that a date can change (a name form in use only
    from some day, the corridor's label) is prebuilt too. A date change computes the map's
    state once (:func:`geo.map_state`: period, areas in force, peacekeepers; plus which name
    forms are in use) and, only if that state differs, toggles artists and rewrites the
    note and legend. ``karabakh_map`` and ``map_explorer`` both use it.

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
        super().__init__(ax, size=(9.2, 6.5), live=live)
        self.names = place_names.check_form(names)
        self.date = geo.as_date(data.article_date() if date is None else date)
        self.towns = {place_id: geo.town(place_id) for place_id in KARABAKH_TOWNS}
        self.scale = cartography.marker_scale()
        self.panel = cartography.side_panel(
            self.ax, KARABAKH_EXTENT, PANEL_WIDTH * self.figure.get_figwidth() / 10, self.owned
        )
        self._measure = cartography.measurer(self.figure)
        self._changes = place_names.changes(KARABAKH_TOWNS)
        self._legends: dict[tuple[Any, ...], Any] = {}
        self._described: dict[tuple[Any, ...], str] = {}
        self._draw_base()
        self._draw_layers()
        self._draw_labels()
        self._shown: geo.MapState | None = None
        self._epoch = self._epoch_of(self.date)
        self._show(geo.map_state(self.date))

    # -- drawing ---------------------------------------------------------------------------
    def _draw_base(self) -> None:
        ax, colours, k = self.ax, style.palette(), self.scale
        set_extent(ax, KARABAKH_EXTENT)
        for a3, geom in countries(KARABAKH_EXTENT):
            face = "#FAFAFA" if a3 == "AZE" else colours["background"]
            add_shape(ax, geom, facecolor=face, edgecolor="#555555", linewidth=0.9 * k, zorder=1)
        box = shapely.box(*KARABAKH_EXTENT)
        seven = {id(g) for g in geo.districts().values()}
        for feature in geo.layer("admin1"):
            if feature["adm0_a3"] == "AZE" and feature.geometry.intersects(box):
                add_shape(
                    ax,
                    clip(feature.geometry, KARABAKH_EXTENT),
                    facecolor="none",
                    edgecolor="#8C8C8C" if id(feature.geometry) in seven else "#B4B4B4",
                    linewidth=(0.7 if id(feature.geometry) in seven else 0.4) * k,
                    zorder=2,
                )
        self.country_labels = [
            cartography.country_label(ax, a3, text, x, y, zorder=3, linespacing=1.0, fontsize=size)
            for a3, text, x, y, size in COUNTRY_LABELS
        ]
        nkao = geo.authored("nkao_1923").geometry
        self.nkao_fill = add_shape(
            ax, nkao, facecolor=colours["nkao"], alpha=0.08, edgecolor="none", zorder=3
        )
        self.nkao_line = add_shape(
            ax,
            nkao,
            facecolor="none",
            edgecolor=colours["nkao"],
            linewidth=1.4 * k,
            linestyle=(0, (4, 2)),
            zorder=6,
        )
        self.markers = {}
        for place_id, row in self.towns.items():
            (marker,) = ax.plot(
                row["lon"], row["lat"], "o", color="black", markersize=3.5 * k, zorder=7
            )
            self.markers[place_id] = marker
        base = self.towns[geo.PEACEKEEPER_BASE]
        (self.peacekeeper_marker,) = ax.plot(
            base["lon"],
            base["lat"],
            marker="^",
            color=colours["russia"],
            markeredgecolor="black",
            markeredgewidth=0.8 * k,
            markersize=8 * k,
            linestyle="none",
            zorder=7,
        )
        cartography.scale_bar(ax, 20, KARABAKH_EXTENT)
        self.title = ax.set_title("", loc="left", pad=6)
        panel = self.panel
        inset_w = min(panel.width_in, 2.7 * self.figure.get_figwidth() / 10)
        inset_h = inset_w / cartography.aspect_ratio(cartography.LOCATOR_EXTENT)
        fx, fy = panel.fraction(inset_w, inset_h)
        self.locator = cartography.locator(ax, (panel.x0, panel.y0, fx, fy), KARABAKH_EXTENT)
        self.note = cartography.note(ax, panel.x0, panel.y1, "")
        cartography.credit(ax, CREDIT, self.owned)

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
                linewidth=1.0 * self.scale,
                zorder=4,
                visible=False,
            )

    def _spans(self, place_id: str) -> list[tuple[int, ...]]:
        """The epochs (indexes between name-change days) over which a place's forms hold."""
        own = set(place_names.changes([place_id]))
        spans, current = [], [0]
        for i, day in enumerate(self._changes, start=1):
            if day in own:
                spans.append(tuple(current))
                current = []
            current.append(i)
        spans.append(tuple(current))
        return spans

    def _epoch_day(self, epoch: int) -> dt.date:
        return self._changes[epoch - 1] if epoch else geo.FIRST_DATE

    def _epoch_of(self, day: dt.date) -> int:
        return sum(1 for change in self._changes if change <= day)

    def _draw_labels(self) -> None:
        """Every town and district label in each form a date may need, hidden for now."""
        ax = self.ax
        self.town_labels: dict[str, list[tuple[tuple[int, ...], Any]]] = {}
        for place_id, row in self.towns.items():
            self.town_labels[place_id] = [
                (
                    span,
                    cartography.place_label(
                        ax, "", row["lon"], row["lat"], KARABAKH_TOWNS[place_id], visible=False
                    ),
                )
                for span in self._spans(place_id)
            ]
        self.district_labels: dict[str, list[tuple[tuple[int, ...], Any]]] = {}
        for place_id, (lon, lat) in DISTRICT_LABELS.items():
            self.district_labels[place_id] = [
                (span, cartography.area_label(ax, "", lon, lat, visible=False))
                for span in self._spans(place_id)
            ]
        (x, y), (tx, ty) = CORRIDOR_LABEL
        self.corridor_label = ax.annotate(
            "",
            (x, y),
            xytext=(tx, ty),
            fontsize="x-small",
            fontstyle="italic",
            color=cartography.INK,
            ha="center",
            va="center",
            zorder=8,
            visible=False,
            path_effects=cartography.halo(2.2),
            arrowprops={
                "arrowstyle": "-",
                "color": "#555555",
                "linewidth": 0.7 * self.scale,
                "shrinkA": 2,
                "shrinkB": 0,
            },
        )
        self._write_labels()

    def _write_labels(self) -> None:
        """Set every label's text for the current name form (one text per epoch)."""
        for place_id, variants in self.town_labels.items():
            for span, text in variants:
                name = place_names.label(place_id, self.names, self._epoch_day(span[0]))
                text.set_text(name.replace(" / ", " /\n") if place_id in TWO_LINE_TOWNS else name)
        for place_id, variants in self.district_labels.items():
            for span, text in variants:
                name = place_names.label(place_id, self.names, self._epoch_day(span[0]))
                text.set_text(_two_lines(name))
        corridor = place_names.label("lachin", self.names, geo.peacekeepers_start())
        self.corridor_label.set_text(_two_lines(corridor) + " corridor")

    def _legend(self, statuses: tuple[str, ...], soviet: bool, keepers: bool) -> Any:
        """The legend for one combination, built once and reused (a sprite when live)."""
        key = (statuses, soviet, keepers, self.names)
        legend = self._legends.get(key)
        if legend is not None:
            return legend
        colours, k = style.palette(), self.scale
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
            "NKAO, autonomous oblast in the Azerbaijan SSR (approximate)"
            if soviet
            else "Former NKAO, 1923–1991 (approximate)"
        )
        handles.append(
            Line2D([], [], color=colours["nkao"], linestyle=(0, (4, 2)), label=nkao_label)
        )
        if keepers:
            base = place_names.label(
                geo.PEACEKEEPER_BASE, self.names, geo.peacekeepers_start(), sentence=True
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="^",
                    color=colours["russia"],
                    markeredgecolor="black",
                    linestyle="none",
                    markersize=7 * k,
                    label=f"Russian peacekeepers' main base, at {base}",
                )
            )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color="black",
                linestyle="none",
                markersize=3.5 * k,
                label="Town (GeoNames)",
            )
        )
        handles.append(cartography.TextKey("Agdam", fontstyle="italic", color=cartography.AREA_INK))
        labels = [h.get_label() for h in handles[:-1]]
        around = "the NKAO" if soviet else "the former NKAO"
        labels.append(f"District: one of the seven around {around}")
        shown = self.ax.legend_
        legend = cartography.panel_legend(
            self.ax,
            self.panel,
            handles,
            self._measure,
            labels=labels,
            handlelength=2.4,
            handler_map={cartography.TextKey: cartography.TextKeyHandler()},
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
        self.markers[geo.PEACEKEEPER_BASE].set_visible(not state.peacekeepers)
        corridor = any(geo.authored(i)["kind"] == "lachin_corridor" for i in state.layers)
        self.corridor_label.set_visible(corridor)
        self._show_labels()
        statuses = tuple(dict.fromkeys(geo.authored(i)["kind"] for i in state.layers))
        legend = self._legend(statuses, soviet, state.peacekeepers)
        self.ax.legend_ = legend
        self._shown = state
        self._write_note(state, legend)
        self._retitle()

    def _show_labels(self) -> None:
        for labels in (self.town_labels, self.district_labels):
            for variants in labels.values():
                for span, text in variants:
                    text.set_visible(self._epoch in span)

    def _names_note(self) -> str:
        """Which name forms this date leaves out, and why (from place_names.csv)."""
        later = place_names.left_out(KARABAKH_TOWNS, self._epoch_day(self._epoch))
        if not later or self.names in ("en", "az"):
            return ""
        places = [self.towns[place_id]["name_en"] for place_id, _, _ in later]
        first = format_date(later[0][2]).replace(" ", "\u00a0")  # a date stays on one line
        return (
            f"Names: the NKR's Armenian names for {_listing(places)} "
            f"({', '.join(name for _, name, _ in later)}) are left off, as our sources do not "
            f"date their first use; the maps show them from {first}."
        )

    def _write_note(self, state: geo.MapState, legend: Any) -> None:
        text = " ".join(filter(None, [state.period.note, self._names_note()]))
        pad = 2 * 4 / 72 + 0.02  # the box's padding, both sides
        self.note.set_text(
            cartography.wrap(text, self.panel.width_in - pad, "small", self._measure)
        )
        box = legend.get_window_extent(self._measure)
        top = self.ax.transAxes.inverted().transform((0, box.y0))[1]
        self.note.set_y(top - self.panel.fraction(0, 0.16 * self.scale)[1])

    def _retitle(self) -> None:
        when = self._shown.period.title if self._shown else ""
        self.title.set_text(when if self.live else f"{self.label()} ({when})")

    def visible_ids(self) -> tuple[str, ...]:
        """Ids of the control areas currently drawn."""
        return tuple(i for i, p in self.patches.items() if p.get_visible())

    def state(self) -> tuple[Any, ...]:
        return (self._shown, self.names, self._epoch)

    def label(self) -> str:
        return f"Karabakh as of {format_date(self.date)}"

    def labels(self) -> dict[str, str]:
        """The town labels shown now, {place id: text}."""
        return {
            place_id: " ".join(text.get_text().split())  # a two-line label on one line
            for place_id, variants in self.town_labels.items()
            for _, text in variants
            if text.get_visible()
        }

    def changing(self) -> list[Any]:
        labels = [
            text
            for group in (self.town_labels, self.district_labels)
            for variants in group.values()
            for _, text in variants
        ]
        return [
            *self.patches.values(),
            self.nkao_fill,
            self.peacekeeper_marker,
            self.markers[geo.PEACEKEEPER_BASE],
            self.corridor_label,
            *labels,
            self.note,
            self.title,
        ]

    def volatile(self) -> list[Any]:
        return [self.note, self.title, self.nkao_fill]

    def widest_legend(self) -> Any:
        return self._legend(geo.STATUSES, True, True)

    def ahead(self) -> Iterator[Any]:
        """The legend of every state the map can reach (its boundary dates)."""
        for day in boundaries():
            state = geo.map_state(day)
            statuses = tuple(dict.fromkeys(geo.authored(i)["kind"] for i in state.layers))
            yield self._legend(statuses, state.period.key == "soviet", state.peacekeepers)

    def set_date(self, date: Any) -> None:
        """Show control as of ``date``; within one state only the date changes."""
        self.date = geo.as_date(date)
        state, epoch = geo.map_state(self.date), self._epoch_of(self.date)
        if state != self._shown or epoch != self._epoch:
            self._epoch = epoch
            self._show(state)
        elif not self.live:
            self._retitle()

    def set_names(self, names: str) -> None:
        """Switch place names to 'both' (English / Armenian), 'en', 'az' or 'hy'."""
        self.names = place_names.check_form(names)
        self._write_labels()
        self.forget_sprites(self.changing())
        if self._shown is not None:
            self._show(self._shown)

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

    def _area_words(self, ident: str) -> str:
        """How an area looks, in words made from its patch ('light orange, hatched')."""
        patch = self.patches[ident]
        colour = colour_name(patch.get_facecolor()[:3], alpha=patch.get_alpha() or 1.0)
        return f"{colour}, {HATCH_WORDS.get(patch.get_hatch() or '', 'plain')}"

    def _describe(self, state: geo.MapState) -> str:
        name = self.labels()
        parts = []
        if state.layers:
            shown, covered = [], set()
            for ident in state.layers:
                inside = self._inside(ident)
                covered.update(inside)
                where = f" (towns inside: {', '.join(name[p] for p in inside)})" if inside else ""
                shown.append(
                    f"{geo.authored(ident)['name']}, approximate, in {self._area_words(ident)}"
                    f"{where}"
                )
            parts.append("Shown: " + "; ".join(shown) + ".")
            outside = [name[p] for p in self.towns if p not in covered]
            parts.append("Under Baku's control: " + ", ".join(outside) + ".")
        parts.append(state.period.note)
        parts.append("The dashed black line is the former NKAO boundary (approximate).")
        if state.peacekeepers:
            marker = self.peacekeeper_marker
            colour = colour_name(marker.get_markerfacecolor())
            base = name.get(geo.PEACEKEEPER_BASE, "Khojaly")
            parts.append(
                f"A {colour} triangle marks the Russian peacekeepers' main base, at {base}."
            )
        districts = [
            " ".join(text.get_text().split())
            for variants in self.district_labels.values()
            for _, text in variants
            if text.get_visible()
        ]
        parts.append(
            "The seven districts around the former NKAO are labelled in italics: "
            + ", ".join(districts)
            + "."
        )
        if self.corridor_label.get_visible():
            corridor = " ".join(self.corridor_label.get_text().split())
            parts.append(f"A label with a line names the {corridor}.")
        names_note = self._names_note()
        if names_note:
            parts.append(names_note)
        parts.append(
            "Beside the map: the legend, this note, and a small locator map of the South "
            "Caucasus with the map's area outlined."
        )
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
                "labels": self.labels(),
            },
        )


def karabakh_map(
    date: Any = None, names: str = "both", ax: Axes | None = None
) -> style.FigureResult:
    """Karabakh with the areas outside Baku's control on ``date`` (1923-2030; default: the
    article's date).

    ``names`` picks place-name forms: 'both' (the default: the English form with the
    Armenian one beside it, 'Khankendi / Stepanakert'), 'en' (Khankendi), 'az' (Xankəndi) or
    'hy' (Stepanakert (Ստեփանակերտ)). Forms follow the date (``place_names``).

    Example:
        >>> karabakh_map("2019-06-01", names="hy").extra["layers"]
        ('armenian_control_1994',)
    """
    return KarabakhCanvas(date=date, names=names, ax=ax).result()


def key_date_lines() -> list[str]:
    """What the map shows on each key date, one line each (the areas, else the note).

    Example:
        >>> key_date_lines()[2]
        '1994-05-12 (1994–2020: ceasefire line): Under Armenian control (approximate)'
    """
    lines = []
    for day, label in key_dates():
        state = geo.map_state(day)
        shown = ", ".join(
            dict.fromkeys(STATUS_LABELS[geo.authored(i)["kind"]] for i in state.layers)
        )
        lines.append(f"{day.isoformat()} ({label}): {shown or state.period.note}")
    return lines


def key_date_summary() -> str:
    """What the map shows on each key date, as text (for readers without widgets).

    Example:
        >>> print(key_date_summary().splitlines()[0])
        Key dates to compare:
    """
    return "\n".join(["Key dates to compare:", *(f"- {line}" for line in key_date_lines())])


# the wider maps live in course_lib.neighbours; these names keep working from here
from .neighbours import region_map, ukraine_map  # noqa: E402, F401
