"""Checks on rendered figures, shared by the map layout and figure contrast tests.

Everything here works on a figure after a real draw (window extents in pixels), so what is
checked is what a student sees: where every text, legend, marker and leader line landed,
and the colours behind each text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from course_lib import style

TOLERANCE = 0.5  # pixels: boxes that only touch do not overlap


def in_mode(mode: str, make: Callable[[], Any]) -> Any:
    """``make()`` with projector mode on (``mode == "projector"``) or off, then as before."""
    was = style.presenting()
    style.present(mode == "projector")
    try:
        return make()
    finally:
        style.present(was)


@dataclass
class Item:
    """One thing drawn, as a box in pixels: a text, a legend, an inset, a marker, a line."""

    name: str
    box: Bbox
    artist: Any
    kind: str  # text, legend, inset, marker, line
    axes: Any = None  # the axes the item is placed by (None: the figure)
    path: Any = None  # for leader lines: the drawn path in pixels
    owner: Any = None  # a leader line's text, a label's own marker


def draw(figure: Any) -> Any:
    """Draw ``figure`` with Agg and return the renderer (extents are final after this)."""
    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else None
    canvas = canvas or FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def _halo_px(text: Text) -> float:
    for effect in text.get_path_effects():
        if isinstance(effect, patheffects.withStroke):
            return effect._gc.get("linewidth", 0) / 2 * text.figure.dpi / 72
    return 0.0


def text_box(text: Text, renderer: Any) -> Bbox:
    """What a text covers: its box patch if it has one, else its letters (and halo)."""
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        return patch.get_window_extent(renderer)
    box = Text.get_window_extent(text, renderer)  # the letters only, not an annotation's arrow
    return box.padded(_halo_px(text))


def _inside_legend(text: Text, legends: list[Legend]) -> bool:
    return any(text in legend.findobj(Text) for legend in legends)


def _marker_lines(ax: Axes) -> Iterator[Line2D]:
    for line in ax.get_lines():
        if not line.get_visible() or line.get_marker() in (None, "None", "", " "):
            continue
        if len(line.get_xdata()) == 1:
            yield line


def items(figure: Any, renderer: Any) -> list[Item]:
    """Every visible text (outside legends), legend, inset, point marker and leader line."""
    found: list[Item] = []
    legends = [a for a in figure.findobj(Legend) if a.get_visible() and _shown(a)]
    for legend in legends:
        found.append(
            Item("legend", legend.get_window_extent(renderer), legend, "legend", legend.axes)
        )
    for parent in figure.axes:
        for ax in parent.child_axes:
            if ax.get_visible() and ax.get_gid() == "locator":
                found.append(
                    Item("locator inset", ax.get_window_extent(renderer), ax, "inset", parent)
                )
    for text in figure.findobj(Text):
        if not _shown(text) or not text.get_text().strip():
            continue
        if _inside_legend(text, legends):
            continue  # a legend is one box; tick labels count like any text
        found.append(
            Item(repr(text.get_text())[:60], text_box(text, renderer), text, "text", text.axes)
        )
        arrow = getattr(text, "arrow_patch", None)
        if isinstance(text, Annotation) and arrow is not None and arrow.get_visible():
            path = arrow.get_path().transformed(arrow.get_transform())
            found.append(
                Item(
                    f"leader of {text.get_text()[:30]!r}",
                    arrow.get_window_extent(renderer),
                    arrow,
                    "line",
                    text.axes,
                    path=path,
                    owner=text,
                )
            )
    for ax in figure.axes:
        for line in _marker_lines(ax):
            found.append(
                Item(
                    f"marker {line.get_marker()} at {line.get_xdata()[0]:.2f}",
                    line.get_window_extent(renderer),
                    line,
                    "marker",
                    ax,
                )
            )
    return found


def _shown(artist: Any) -> bool:
    """Visible, and so are the axes it belongs to."""
    axes = getattr(artist, "axes", None)
    return artist.get_visible() and (axes is None or axes.get_visible())


def _overlap(a: Item, b: Item) -> bool:
    if a.kind == "line" or b.kind == "line":
        line, other = (a, b) if a.kind == "line" else (b, a)
        if other.kind == "line" or other.artist is line.owner:
            return False
        box = other.box.padded(-TOLERANCE)
        return bool(line.path.intersects_bbox(box, filled=False))
    return a.box.padded(-TOLERANCE).overlaps(b.box.padded(-TOLERANCE))


def collisions(found: list[Item], inset_inner: bool = True) -> list[str]:
    """Pairs of items that overlap; texts inside an inset are checked among themselves."""
    bad = []
    outer = [i for i in found if not _in_inset(i)]
    groups = [outer]
    if inset_inner:
        insets = {id(i.artist): i for i in found if i.kind == "inset"}
        for inset in insets.values():
            groups.append([i for i in found if _in_inset(i) and i.axes is inset.artist])
    for group in groups:
        for a, b in itertools.combinations(group, 2):
            if _overlap(a, b):
                bad.append(f"{a.name} overlaps {b.name}")
    return bad


def _in_inset(item: Item) -> bool:
    axes = item.axes
    return item.kind != "inset" and axes is not None and axes.get_gid() == "locator"


_RENDERS: dict[Any, tuple[Any, Any]] = {}


def render_once(key: Any, build: Callable[[], Any]) -> tuple[Any, Any]:
    """(what ``build`` returned, renderer): each figure built and drawn once per session."""
    if key not in _RENDERS:
        obj = build()
        figure = obj.figure if hasattr(obj, "figure") else obj.ax.figure
        _RENDERS[key] = (obj, draw(figure))
    return _RENDERS[key]


def outside_figure(figure: Any, found: list[Item]) -> list[str]:
    frame = figure.bbox
    bad = []
    for item in found:
        b = item.box
        if (
            b.x0 < frame.x0 - TOLERANCE
            or b.y0 < frame.y0 - TOLERANCE
            or b.x1 > frame.x1 + TOLERANCE
            or b.y1 > frame.y1 + TOLERANCE
        ):
            bad.append(f"{item.name} runs past the figure ({b.extents.round(1)})")
    return bad


def crossing_frame(ax: Axes, found: list[Item], renderer: Any) -> list[str]:
    """Items placed on the map that cross its frame, or panel items that reach into it."""
    frame = ax.get_window_extent(renderer)
    bad = []
    for item in found:
        if item.axes is not ax or item.kind == "line":
            continue
        b = item.box.padded(-TOLERANCE)
        inside = frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
        apart = not frame.overlaps(b)
        if not (inside or apart):
            bad.append(f"{item.name} crosses the map frame")
    return bad


def data_box(ax: Axes, box: Bbox) -> Any:
    """A pixel box as a shapely box in the axes' data coordinates."""
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)])
    return shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


# --------------------------------------------------------------------------- contrast


def luminance(rgb: Any) -> float:
    """WCAG relative luminance of an sRGB colour (0-1 channels)."""
    c = np.asarray(rgb[:3], dtype=float)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast(a: Any, b: Any) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(top: Any, under: Any) -> np.ndarray:
    """RGBA ``top`` composited over an opaque RGB ``under``."""
    rgba = to_rgba(top)
    return np.asarray(rgba[:3]) * rgba[3] + np.asarray(under[:3]) * (1 - rgba[3])


def _face(patch: Any) -> tuple[float, float, float, float] | None:
    rgba = patch.get_facecolor()
    alpha = patch.get_alpha()
    if alpha is not None:
        rgba = (*rgba[:3], alpha)
    return None if rgba[3] == 0 else tuple(rgba)


def _fills(text: Text) -> list[tuple[Any, Any, bool]]:
    """(path in pixels, face colour, hatched) of every filled patch drawn below ``text``."""
    ax = text.axes
    if ax is None:
        return []
    found = []
    for patch in sorted(ax.patches, key=lambda p: p.get_zorder()):
        if not patch.get_visible() or patch.get_zorder() > text.get_zorder():
            continue
        face = _face(patch)
        if face is not None:
            path = patch.get_path().transformed(patch.get_transform())
            found.append((path, face, patch))
    return found


def _grounds_under(text: Text, box: Bbox, base: np.ndarray) -> list[np.ndarray]:
    """The colours at points spread over the text's box: at each, the fills that cover it
    stacked in drawing order (and, for a text without a halo, hatch lines as a fill)."""
    fills = _fills(text)
    halo = _halo_px(text) > 0
    grounds = []
    for fx, fy in itertools.product((0.02, 0.25, 0.5, 0.75, 0.98), (0.1, 0.5, 0.9)):
        point = (box.x0 + fx * box.width, box.y0 + fy * box.height)
        colour = base
        for path, face, patch in fills:
            if path.contains_point(point):
                colour = over(face, colour)
                if patch.get_hatch() and not halo:
                    edge = to_rgba(patch.get_edgecolor())
                    colour = over((*edge[:3], patch.get_alpha() or edge[3]), colour)
        grounds.append(colour)
    return grounds


def _base(text: Text) -> np.ndarray:
    ax = text.axes
    figure_face = np.asarray(to_rgba(text.figure.get_facecolor())[:3])
    if ax is None:
        return figure_face
    if ax.get_gid() == "locator" or _within(text, ax):
        return over(ax.patch.get_facecolor(), figure_face)
    return figure_face


def _within(text: Text, ax: Axes) -> bool:
    renderer = text.figure.canvas.get_renderer()
    return ax.get_window_extent(renderer).overlaps(Text.get_window_extent(text, renderer))


def backgrounds(text: Text, renderer: Any) -> list[np.ndarray]:
    """Colours that may be behind ``text``: the figure or axes face with the filled patches
    below it, sampled over the text's box, then its own box or legend frame on top."""
    base = _base(text)
    box = Text.get_window_extent(text, renderer)
    grounds = [base, *_grounds_under(text, box, base)]
    legend = next((a for a in text.figure.findobj(Legend) if text in a.findobj(Text)), None)
    patch = text.get_bbox_patch()
    if legend is not None:
        patch = legend.get_frame()
    if patch is not None and _face(patch) is not None:
        grounds = [over(_face(patch), g) for g in grounds]
    return grounds


def worst_contrast(text: Text, renderer: Any) -> tuple[float, np.ndarray]:
    colour = to_rgba(text.get_color())
    alpha = text.get_alpha()
    ratios = []
    for ground in backgrounds(text, renderer):
        ink = over((*colour[:3], colour[3] * (1 if alpha is None else alpha)), ground)
        ratios.append((contrast(ink, ground), ground))
    return min(ratios, key=lambda r: r[0])


def low_contrast(figure: Any, renderer: Any, minimum: float = 4.5) -> list[str]:
    """Every visible text whose contrast with something behind it is under ``minimum``."""
    bad = []
    for text in figure.findobj(Text):
        if not _shown(text) or not text.get_text().strip():
            continue
        ratio, ground = worst_contrast(text, renderer)
        if ratio < minimum:
            hexes = "#{:02X}{:02X}{:02X}".format(*(int(round(v * 255)) for v in ground))
            ink = to_rgba(text.get_color())
            ink_hex = "#{:02X}{:02X}{:02X}".format(*(int(round(v * 255)) for v in ink[:3]))
            bad.append(f"{text.get_text()[:50]!r}: {ink_hex} on {hexes} = {ratio:.2f}:1")
    return bad
