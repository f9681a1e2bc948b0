"""Drawing helpers shared by every map: shapes from shapely geometries, extents with a
graticule, scale bars, note boxes and the country base layer (matplotlib only, no state).

Example:
    >>> import shapely
    >>> to_path(shapely.box(0, 0, 1, 1)).vertices.shape
    (5, 2)
"""

from __future__ import annotations

import math
from typing import Any

import shapely
from matplotlib.axes import Axes
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter

from . import geo, style

CREDIT = (
    "Boundaries: Natural Earth (public domain). Towns: GeoNames (CC BY 4.0). "
    "Coloured areas: course authors' approximation."
)


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


def set_extent(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    lon0, lat0, lon1, lat1 = extent
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / math.cos(math.radians((lat0 + lat1) / 2)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}°E"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}°N"))
    ax.grid(True, color="#BBBBBB", linewidth=0.4, linestyle=":")  # the graticule
    ax.tick_params(length=2)
    ax.set_facecolor("#DDEEF6")  # sea and lakes outside the land layer


def scale_bar(ax: Axes, km: float, extent: tuple[float, float, float, float]) -> None:
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


def countries(extent: tuple[float, float, float, float]) -> list[tuple[str, Any]]:
    box = shapely.box(*extent)
    out = []
    for feature in geo.layer("countries"):
        if feature.geometry.intersects(box):
            out.append((feature["ADM0_A3"], clip(feature.geometry, extent)))
    return out


def note_box(ax: Axes, text: str, y: float = 0.02) -> Any:
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
            edgecolor="#444444",
            linewidth=linewidth,
            zorder=1,
        )
        drawn.append(a3)
    return drawn
