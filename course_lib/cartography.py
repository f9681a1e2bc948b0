"""Drawing helpers shared by every map: shapes from shapely geometries, the map frame and its
side or bottom panel, labels (towns, areas, countries, water), scale bars, notes, the locator
inset and the credit line (matplotlib only, no state).

Maps are laid out by hand, in inches, so that the map keeps its true proportions and the
legend, note and locator sit beside it, never on it: :func:`side_panel` and
:func:`bottom_panel` place the map's axes and say where the panel is, in the map axes'
coordinates (the panel's artists stay children of the map's axes, so a canvas's layered
render sees them).

Example:
    >>> import shapely
    >>> to_path(shapely.box(0, 0, 1, 1)).vertices.shape
    (5, 2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import matplotlib
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties
from matplotlib.legend_handler import HandlerBase
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text

from . import data, geo, style

CREDIT = (
    "Boundaries: Natural Earth (public domain). Towns: GeoNames (CC BY 4.0). "
    "Coloured areas: course authors' approximation."
)
INK = "#111111"  # labels: dark enough for 4.5:1 over every fill the maps use
AREA_INK = "#333333"  # area labels (districts), a shade lighter than towns
WATER_INK = "#1F5F8B"  # sea labels, italic
SEA = "#DDEEF6"  # sea and lakes outside the land layer
FRAME = "#444444"
MARGIN = 0.12  # inches around the map and its panel
GAP = 0.22  # inches between the map and its panel


# --------------------------------------------------------------------------- shapes


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


def clip(geometry: Any, extent: tuple[float, float, float, float]) -> Any:
    return shapely.intersection(geometry, shapely.box(*extent))


def countries(extent: tuple[float, float, float, float]) -> list[tuple[str, Any]]:
    box = shapely.box(*extent)
    out = []
    for feature in geo.layer("countries"):
        if feature.geometry.intersects(box):
            out.append((feature["ADM0_A3"], clip(feature.geometry, extent)))
    return out


def country_base(
    ax: Axes, extent: Any, colour_keys: dict[str, str], *, alpha: float, linewidth: float
) -> list[str]:
    """Draw every country in ``extent``: the named ones in their palette colour, the rest
    in the background grey. Returns the ISO3 codes drawn, in order."""
    colours = style.palette()
    drawn = []
    for a3, geom in countries(extent):
        key = colour_keys.get(a3)
        add_shape(
            ax,
            geom,
            facecolor=colours[key] if key else colours["background"],
            alpha=alpha if key else 1.0,
            edgecolor=FRAME,
            linewidth=linewidth,
            zorder=1,
        )
        drawn.append(a3)
    return drawn


# --------------------------------------------------------------------------- frame and layout


def aspect_ratio(extent: tuple[float, float, float, float]) -> float:
    """Width / height of a lon/lat extent drawn true to shape at its middle latitude."""
    lon0, lat0, lon1, lat1 = extent
    return (lon1 - lon0) * math.cos(math.radians((lat0 + lat1) / 2)) / (lat1 - lat0)


def set_extent(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    """Limits, true proportions and a plain frame: no degree ticks or graticule (clutter for
    readers who need where things are, not their coordinates)."""
    lon0, lat0, lon1, lat1 = extent
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / math.cos(math.radians((lat0 + lat1) / 2)))
    ax.set_anchor("NW")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(FRAME)
        spine.set_linewidth(0.8)
    ax.set_facecolor(SEA)


def points(size: Any) -> float:
    """A font size ('small', 9, …) in points, under the current rcParams."""
    return float(FontProperties(size=size).get_size_in_points())


def marker_scale() -> float:
    """How much markers, lines and offsets grow with the fonts: 1 at normal size, 1.6 in
    projector mode."""
    return points("medium") / 10


@dataclass(frozen=True)
class Panel:
    """Where a map's panel is, in the map axes' coordinates (0-1 = the map), and its size."""

    x0: float
    y0: float
    x1: float
    y1: float
    width_in: float
    height_in: float

    def fraction(self, inches_x: float = 0.0, inches_y: float = 0.0) -> tuple[float, float]:
        """A length in inches as fractions of the map axes' width and height."""
        width = self.width_in / (self.x1 - self.x0)
        height = self.height_in / (self.y1 - self.y0)
        return inches_x / width, inches_y / height


def _margins() -> tuple[float, float]:
    """Inches above the map (the title) and below it (the credit line)."""
    title = points(matplotlib.rcParams["axes.titlesize"])
    top = MARGIN + (1.35 * title + 6) / 72
    bottom = MARGIN + 1.5 * credit_size() / 72 + 0.06
    return top, bottom


def side_panel(ax: Axes, extent: Any, min_width: float, owned: bool = True) -> Panel:
    """Place the map at the left of its figure, full height, true to shape, and return the
    panel to its right (at least ``min_width`` inches wide: the map shrinks if need be).
    On a caller's axes nothing moves: the panel is drawn just right of them."""
    if not owned:
        box = ax.get_position()
        width_in = box.width * ax.figure.get_figwidth()
        return Panel(1.04, 0.0, 1.9, 1.0, 0.86 * width_in, box.height * ax.figure.get_figheight())
    figure = ax.figure
    figure.set_layout_engine("none")  # the layout below is exact; nothing may move it
    width, height = figure.get_size_inches()
    top, bottom = _margins()
    ratio = aspect_ratio(extent)
    map_h = height - top - bottom
    map_w = map_h * ratio
    room = width - 2 * MARGIN - GAP - map_w
    if room < min_width:
        map_w = width - 2 * MARGIN - GAP - min_width
        map_h = map_w / ratio
    y0 = height - top - map_h
    ax.set_position([MARGIN / width, y0 / height, map_w / width, map_h / height])
    panel_w = width - 2 * MARGIN - GAP - map_w
    return Panel(1 + GAP / map_w, 0.0, 1 + (GAP + panel_w) / map_w, 1.0, panel_w, map_h)


def bottom_panel(ax: Axes, extent: Any, min_height: float, owned: bool = True) -> Panel:
    """Place the map at the top of its figure, full width, and return the panel below it."""
    if not owned:
        box = ax.get_position()
        return Panel(0.0, -0.5, 1.0, -0.04, box.width * ax.figure.get_figwidth(), 1.0)
    figure = ax.figure
    figure.set_layout_engine("none")
    width, height = figure.get_size_inches()
    top, bottom = _margins()
    ratio = aspect_ratio(extent)
    map_w = width - 2 * MARGIN
    map_h = map_w / ratio
    if height - top - bottom - GAP - map_h < min_height:
        map_h = height - top - bottom - GAP - min_height
        map_w = map_h * ratio
    y0 = height - top - map_h
    ax.set_position([MARGIN / width, y0 / height, map_w / width, map_h / height])
    panel_h = y0 - GAP - bottom
    return Panel(
        0.0,
        -(GAP + panel_h) / map_h,
        (width - 2 * MARGIN) / map_w,
        -GAP / map_h,
        width - 2 * MARGIN,
        panel_h,
    )


# --------------------------------------------------------------------------- text


def measurer(figure: Any) -> RendererAgg:
    """A renderer the size of ``figure``, to measure texts before anything is drawn."""
    width, height = figure.get_size_inches() * figure.dpi
    return RendererAgg(int(width), int(height), figure.dpi)


def wrap(text: str, width_in: float, size: Any, renderer: RendererAgg, **font: Any) -> str:
    """``text`` broken into lines no wider than ``width_in`` inches at font ``size``
    (measured, not counted: lines fill the width whatever the letters). A no-break space
    (U+00A0) keeps its two words on one line, as in a date."""
    prop = FontProperties(size=size, **font)
    limit = width_in * renderer.dpi

    def wide(line: str) -> float:
        return renderer.get_text_width_height_descent(line, prop, ismath=False)[0]

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in filter(None, paragraph.split(" ")):  # no break at a no-break space
            trial = f"{line} {word}" if line else word
            if line and wide(trial) > limit:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "\n".join(lines)


def panel_legend(
    ax: Axes,
    panel: Panel,
    handles: list[Any],
    measure: RendererAgg,
    width_in: float | None = None,
    labels: list[str] | None = None,
    **options: Any,
) -> Any:
    """A legend at the top left of a panel beside or below the map (so it never hides a
    town), ``labels`` (default: the handles' own) wrapped to ``width_in`` inches (default:
    the panel's width); ``options`` go to ``ax.legend``."""
    key = 2.6 * points("small") / 72  # the key column and its padding
    width = panel.width_in if width_in is None else width_in
    texts = [h.get_label() for h in handles] if labels is None else labels
    legend = ax.legend(
        handles=handles,
        labels=[wrap(t, width - key, "small", measure) for t in texts],
        loc="upper left",
        bbox_to_anchor=(panel.x0, panel.y1),
        borderaxespad=0,
        fontsize="small",
        framealpha=1.0,
        edgecolor="#888888",
        fancybox=False,
        **options,
    )
    legend.get_frame().set_linewidth(0.6)
    return legend


def halo(width: float = 2.6) -> list[Any]:
    """A white outline behind letters, so labels read over lines and fills without a box."""
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def place_label(
    ax: Axes, text: str, lon: float, lat: float, offset: tuple[float, float], **kwargs: Any
) -> Any:
    """A town's label, ``offset`` points from its marker, with a halo."""
    scale = marker_scale()  # offsets grow with the markers in projector mode
    dx, dy = offset[0] * scale, offset[1] * scale
    options = {
        "fontsize": "small",
        "color": INK,
        "zorder": 9,
        "ha": "center" if dx == 0 else "left" if dx > 0 else "right",
        "va": "center" if dx else "top" if dy < 0 else "bottom",
        "path_effects": halo(),
    }
    options.update(kwargs)
    return ax.annotate(text, (lon, lat), xytext=(dx, dy), textcoords="offset points", **options)


def area_label(ax: Axes, text: str, lon: float, lat: float, **kwargs: Any) -> Text:
    """A region's label (a district): italic capitals centred on a point inside it."""
    options = {
        "fontsize": "x-small",
        "fontstyle": "italic",
        "color": AREA_INK,
        "ha": "center",
        "va": "center",
        "zorder": 8,
        "linespacing": 1.05,
        "path_effects": halo(2.2),
    }
    options.update(kwargs)
    return ax.text(lon, lat, text, **options)


def country_label(ax: Axes, a3: str, text: str, lon: float, lat: float, **kwargs: Any) -> Text:
    """A country's name, bold capitals; ``gid`` 'country:<ISO3>' lets tests check that it
    stands on that country's land."""
    options = {
        "fontsize": "small",
        "fontweight": "bold",
        "color": "#4A4A4A",
        "ha": "center",
        "va": "center",
        "zorder": 5,
        "gid": f"country:{a3}",
        "path_effects": halo(2.2),
    }
    options.update(kwargs)
    return ax.text(lon, lat, text, **options)


def water_label(ax: Axes, text: str, lon: float, lat: float, **kwargs: Any) -> Text:
    """A sea's name, italic blue; ``gid`` 'water' (tests check it is on no country)."""
    options = {
        "fontsize": "x-small",
        "fontstyle": "italic",
        "color": WATER_INK,
        "ha": "center",
        "va": "center",
        "zorder": 5,
        "gid": "water",
    }
    options.update(kwargs)
    return ax.text(lon, lat, text, **options)


def note(ax: Axes, x: float, y: float, text: str, va: str = "top", **kwargs: Any) -> Text:
    """A boxed note at (x, y) in the map axes' coordinates (in its panel)."""
    options = {
        "transform": ax.transAxes,
        "fontsize": "small",
        "color": INK,
        "va": va,
        "ha": "left",
        "linespacing": 1.3,
        "bbox": {"facecolor": "white", "edgecolor": "#888888", "pad": 4, "linewidth": 0.6},
        "zorder": 8,
        "clip_on": False,
    }
    options.update(kwargs)
    return ax.text(x, y, text, **options)


def credit_size() -> float:
    return 0.7 * points(matplotlib.rcParams["font.size"])


def credit(ax: Axes, text: str = CREDIT, owned: bool = True) -> Any:
    """The sources line, at the foot of the figure (or under a caller's axes)."""
    if not owned:
        style.credit(ax, text)
        return ax.texts[-1]
    height = ax.figure.get_figheight()
    return ax.annotate(
        text,
        xy=(MARGIN / ax.figure.get_figwidth(), (MARGIN - 0.02) / height),
        xycoords="figure fraction",
        fontsize=credit_size(),
        color="#555555",
        va="bottom",
        ha="left",
        annotation_clip=False,
    )


# --------------------------------------------------------------------------- furniture


def scale_bar(
    ax: Axes, km: float, extent: tuple[float, float, float, float], corner: str = "right"
) -> tuple[Any, Text]:
    """A ``km`` scale bar in the lower ``corner`` ('right' or 'left'): (line, label)."""
    lon0, lat0, lon1, lat1 = extent
    lat = lat0 + 0.04 * (lat1 - lat0)
    length = km / (111.32 * math.cos(math.radians(lat)))
    if corner == "right":
        x1 = lon1 - 0.04 * (lon1 - lon0)
        x0 = x1 - length
    else:
        x0 = lon0 + 0.04 * (lon1 - lon0)
        x1 = x0 + length
    (line,) = ax.plot(
        [x0, x1], [lat, lat], color="black", linewidth=2.5, solid_capstyle="butt", zorder=7
    )
    label = ax.annotate(
        f"{km:g} km",
        ((x0 + x1) / 2, lat),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize="small",
        color=INK,
        zorder=7,
        path_effects=halo(),
    )
    return line, label


LOCATOR_EXTENT = (39.0, 37.2, 51.6, 44.2)
LOCATOR_LABELS = (  # (ISO3, name, lon, lat, size), each inside its country (tested)
    ("RUS", "RUSSIA", 44.8, 43.9, "x-small"),
    ("GEO", "GEORGIA", 43.4, 42.1, "x-small"),
    ("TUR", "TURKEY", 40.3, 39.0, "x-small"),
    ("IRN", "IRAN", 46.8, 37.5, "x-small"),
)
LOCATOR_WATER = (("Caspian\nSea", 50.7, 39.3),)


@data.per_folder
def _locator_shapes() -> tuple[tuple[str, Any], ...]:
    """The countries of the locator, simplified to what 2 inches can show (drawn fast)."""
    return tuple(
        (a3, shapely.simplify(geom, 0.02, preserve_topology=True))
        for a3, geom in countries(LOCATOR_EXTENT)
    )


def locator(ax: Axes, bounds: tuple[float, float, float, float], view: Any) -> Axes:
    """A small map of the South Caucasus with the main map's ``view`` (extent) outlined.
    ``bounds`` (x, y, width, height) are in the main axes' coordinates; drawn once, below
    everything that changes."""
    inset = ax.inset_axes(bounds, zorder=0)
    set_extent(inset, LOCATOR_EXTENT)
    inset.set_anchor("C")
    for spine in inset.spines.values():
        spine.set_linewidth(0.6)  # a finer frame than the main map's
    for a3, geom in _locator_shapes():
        face = "#FAFAFA" if a3 == "AZE" else style.palette()["background"]
        add_shape(inset, geom, facecolor=face, edgecolor="#777777", linewidth=0.4)
    for a3, name, lon, lat, size in LOCATOR_LABELS:
        country_label(inset, a3, name, lon, lat, fontsize=size, zorder=3)
    for name, lon, lat in LOCATOR_WATER:
        water_label(inset, name, lon, lat, zorder=3)
    v0, w0, v1, w1 = view
    inset.add_patch(
        Rectangle(
            (v0, w0), v1 - v0, w1 - w0, facecolor="none", edgecolor="black", linewidth=1.4, zorder=4
        )
    )
    inset.set_gid("locator")
    return inset


class TextKey:
    """A legend key that is a word in a label's style (for area labels)."""

    def __init__(self, text: str, **style: Any):
        self.text, self.style = text, style


class TextKeyHandler(HandlerBase):
    """Draws a :class:`TextKey` in the legend's key column."""

    def create_artists(
        self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans
    ):  # type: ignore[override]  # noqa: E501
        text = Text(
            width / 2 - xdescent,
            height / 2 - ydescent,
            orig_handle.text,
            ha="center",
            va="center",
            fontsize=0.8 * fontsize,
            **orig_handle.style,
        )
        text.set_transform(trans)
        return [text]
