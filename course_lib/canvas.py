"""Figures that change in place: the common base of the map, actor and timeline canvases.

A canvas draws every artist it may need once. Each ``set_*()`` computes the new *state* once
(a hashable summary of everything the figure shows apart from the date) and changes only
the artists whose look depends on what changed. Images are encoded once per state and kept
in a small LRU cache: moving the date inside one state, or back to a state seen before,
draws nothing at all.

A *live* canvas (the one inside an explorer) goes further. Its date is shown beside the
image, not in it, so one image serves every date of a state. After one full draw its layout
is frozen (room is made for the widest legend first, so nothing jumps or gets cut); the
artists below everything that can change become a ready-made background, and a new state
draws only the artists above it, pasting texts and legends from cached sprites.

Example:
    >>> from course_lib.maps import KarabakhCanvas
    >>> canvas = KarabakhCanvas("2021-03-01", live=True)
    >>> first = canvas.png(); canvas.set_date("2021-09-01")
    >>> canvas.png() is first, canvas.renders
    (True, 1)
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from operator import attrgetter
from typing import Any, ClassVar

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.legend import Legend
from matplotlib.text import Text

from . import style

SPRITE_PAD = 12  # pixels searched around an artist's extent for what it paints


def draw_order(ax: Axes) -> list[Artist]:
    """The axes' children in the order ``Axes.draw`` paints them (patch first, then by zorder)."""
    artists = ax.get_children()
    artists.remove(ax.patch)
    if not (ax.axison and ax.get_frame_on()):
        for spine in ax.spines.values():
            artists.remove(spine)
    if not ax.axison:
        for axis in (ax.xaxis, ax.yaxis):
            artists.remove(axis)
    return [ax.patch, *sorted(artists, key=attrgetter("zorder"))]


def _over(rgba: np.ndarray, under: np.ndarray) -> np.ndarray:
    """Straight-alpha ``rgba`` pixels over opaque ``under`` pixels (Agg's blend, rounded)."""
    alpha = rgba[..., 3:4].astype(np.uint16)
    return (rgba[..., :3] * alpha + under * (255 - alpha) + 127) // 255


def _cut(rgba: np.ndarray, window: tuple[int, int, int, int]) -> Any:
    """A sprite from one artist drawn alone, looked for inside ``window`` (y0, y1, x0, x1):
    a dense crop, or for thin shapes (lines, arrows) only the pixels it covers, so pasting
    costs what the artist covers."""
    top, left = window[0], window[2]
    alpha = rgba[window[0] : window[1], window[2] : window[3], 3]
    rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
    if rows.size == 0:
        return None
    y0, y1 = top + int(rows[0]), top + int(rows[-1]) + 1
    x0, x1 = left + int(cols[0]), left + int(cols[-1]) + 1
    crop = rgba[y0:y1, x0:x1]
    covered = np.flatnonzero(crop[..., 3].ravel())
    if covered.size > 0.3 * crop.shape[0] * crop.shape[1]:
        return ("dense", y0, x0, crop.copy())
    ys, xs = np.divmod(covered, crop.shape[1])
    index = (ys + y0) * rgba.shape[1] + xs + x0
    return ("sparse", index, crop.reshape(-1, 4)[covered].copy())


def _paste(buf: np.ndarray, sprite: Any) -> None:
    """Composite a sprite onto the opaque canvas buffer, in place."""
    if sprite is None:
        return
    if sprite[0] == "dense":
        _, y, x, rgba = sprite
        region = buf[y : y + rgba.shape[0], x : x + rgba.shape[1], :3]
        region[...] = _over(rgba, region)
    else:
        _, index, rgba = sprite
        flat = buf.reshape(-1, 4)
        flat[index, :3] = _over(rgba, flat[index, :3])


class Canvas:
    """One figure that its ``set_*()`` methods change in place (see the module docstring).

    Subclasses draw their artists in ``__init__`` and implement :meth:`state`,
    :meth:`label` and :meth:`alt_text`; a live subclass also names the artists a setter may
    change (:meth:`changing`) and the texts whose content changes (:meth:`volatile`).
    """

    layered: ClassVar[bool] = True  # live renders redraw only the layers above the background
    png_cache_size: ClassVar[int] = 32
    frame_cache_size: ClassVar[int] = 8  # framings whose background and sprites are kept

    # The constrained layout's padding around the figure (inches; None: matplotlib's 3 pt).
    margin: float | None = None

    def __init__(self, ax: Axes | None, size: tuple[float, float], live: bool = False):
        self.ax, self.owned = style.new_axes(ax, size=size)
        self.figure = self.ax.figure
        if self.owned and self.margin is not None:
            self.figure.get_layout_engine().set(w_pad=self.margin, h_pad=self.margin)
        self.live = bool(live) and self.owned  # a caller's figure is theirs to draw
        self.renders = 0  # images actually drawn (tests check reuse with it)
        self._pngs: OrderedDict[Hashable, bytes] = OrderedDict()
        self._background: np.ndarray | None = None
        self._background_ids: set[int] = set()
        self._sprites: dict[int, tuple[Artist, tuple[int, int, np.ndarray]]] = {}
        self._volatile_ids: set[int] = set()
        self._sprite_renderer: RendererAgg | None = None
        self._frames: OrderedDict[Hashable, tuple[Any, ...]] = OrderedDict()

    # -- what subclasses provide ----------------------------------------------------------
    def state(self) -> Hashable:
        """Everything the image shows (the date itself excepted, when live)."""
        raise NotImplementedError

    def label(self) -> str:
        """One line naming the date shown (beside a live image, in the title otherwise)."""
        raise NotImplementedError

    def alt_text(self) -> str:
        """A description of what the figure shows now."""
        raise NotImplementedError

    def image_alt(self) -> str:
        """The image's alt text: for a live canvas one text for every date of the state
        (the date is in the line beside it), else the full description."""
        return self.alt_text()

    def changing(self) -> Iterable[Artist]:
        """Artists a setter may show, hide or alter (the legend is always counted in)."""
        return ()

    def volatile(self) -> Iterable[Artist]:
        """Artists whose look a setter changes (new text, colour, alpha): drawn afresh each
        time. Every other artist above the background is drawn once, then pasted."""
        return ()

    def ahead(self) -> Iterable[Artist]:
        """Artists other states will show (legends), for :meth:`preparation` to make early."""
        return ()

    def widest_legend(self) -> Legend | None:
        """The largest legend this canvas can show, to make room for before freezing."""
        return None

    def result(self) -> style.FigureResult:
        """The figure as a FigureResult (axes, alt text) for notebooks and tests."""
        return style.FigureResult(ax=self.ax, alt_text=self.alt_text(), owned=self.owned)

    # -- images ---------------------------------------------------------------------------
    def png(self) -> bytes:
        """The figure as PNG bytes: encoded once per state, then served from the cache."""
        key = self.state() if self.live else (self.state(), self.label())
        png = self._pngs.get(key)
        if png is None:
            png = style.encode_png(self.render())
            self._pngs[key] = png
            if len(self._pngs) > self.png_cache_size:
                self._pngs.popitem(last=False)
        else:
            self._pngs.move_to_end(key)
        return png

    def render(self) -> np.ndarray:
        """Draw the figure now and return its pixels (RGBA, one row per pixel row)."""
        self.renders += 1
        agg = self._agg()
        if not (self.live and self.layered):
            agg.draw()
            return np.asarray(agg.buffer_rgba())
        if self._background is None:
            self._build_background()
        renderer = agg.get_renderer()
        buf = np.asarray(renderer.buffer_rgba())
        np.copyto(buf, self._background)
        for artist in draw_order(self.ax):
            if id(artist) in self._background_ids or not artist.get_visible():
                continue
            sprite = self._sprite(artist)
            if sprite is False:
                artist.draw(renderer)
            else:
                _paste(buf, sprite)
        return buf

    def forget_images(self) -> None:
        """Drop the cached images (the next ``png()`` draws again)."""
        self._pngs.clear()

    def forget_sprites(self, artists: Iterable[Artist] | None = None) -> None:
        """Drop cached sprites (all, or those of ``artists``) after their look changed."""
        if artists is None:
            self._sprites.clear()
        else:
            for artist in artists:
                self._sprites.pop(id(artist), None)

    def switch_frame(self, old: Hashable, new: Hashable) -> bool:
        """Move from framing ``old`` to ``new`` (a framing is whatever moves or resizes the
        artists: limits, positions, name sizes). The layered renderer's background and
        sprites of ``old`` are kept, and those of ``new`` come back if it was drawn before
        (True); else the next render makes them (False). A student who switches a filter
        back and forth then waits for no drawing but the changed layers.

        Example:
            >>> canvas = Canvas(None, size=(2, 2))
            >>> canvas.switch_frame(None, "everyone")
            False
        """
        if self._background is not None and old is not None:
            kept = (self._background, self._background_ids, self._volatile_ids, self._sprites)
            self._frames[old] = kept
            self._frames.move_to_end(old)
            while len(self._frames) > self.frame_cache_size:
                self._frames.popitem(last=False)
        saved = self._frames.pop(new, None)
        if saved is None:
            self._background, self._background_ids, self._sprites = None, set(), {}
            return False
        self._background, self._background_ids, self._volatile_ids, self._sprites = saved
        return True

    def forget_frames(self) -> None:
        """Drop the kept framings (benchmarks use it to time a first visit)."""
        self._frames.clear()

    def fit(self) -> None:
        """Lay the figure out afresh on the next render (after the view or sizes changed)."""
        self._background = None
        self._background_ids = set()
        self._frames.clear()
        self.forget_sprites()
        self.forget_images()
        if self.owned:
            pads = {} if self.margin is None else {"w_pad": self.margin, "h_pad": self.margin}
            self.figure.set_layout_engine("constrained", **pads)

    # -- the layered renderer ---------------------------------------------------------------
    def _agg(self) -> FigureCanvasAgg:
        if not isinstance(self.figure.canvas, FigureCanvasAgg):
            FigureCanvasAgg(self.figure)
        return self.figure.canvas  # type: ignore[return-value]

    def _build_background(self) -> None:
        """One full draw (layout with the widest legend), then keep the static bottom layers."""
        agg = self._agg()
        legend, widest = self.ax.legend_, self.widest_legend()
        engine = self.figure.get_layout_engine()
        if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
            # A layout engine still runs: lay out once with the widest legend. Once frozen
            # (a later framing of the same figure), that draw would change nothing.
            if widest is not None:
                self.ax.legend_ = widest
            agg.draw()
            self.ax.legend_ = legend
        self.figure.set_layout_engine("none")  # nothing moves from now on
        order = draw_order(self.ax)
        changing = {id(a) for a in self.changing()} | {id(legend)}
        first = next((i for i, a in enumerate(order) if id(a) in changing), len(order))
        above = [a for a in order[first:] if a.get_visible()]
        # a draw places the titles by what is visible: keep the places the full draw gave
        placed = [(t, t.get_position()) for t in order if isinstance(t, Text)]
        for artist in above:
            artist.set_visible(False)
        agg.draw()
        self._background = np.array(agg.buffer_rgba())
        for artist in above:
            artist.set_visible(True)
        for text, position in placed:
            text.set_position(position)
        self._background_ids = {id(a) for a in order[:first]}
        self._volatile_ids = {id(a) for a in self.volatile()}

    def _sprite(self, artist: Artist) -> Any:
        """The artist as pixels, drawn once (``False``: draw it afresh, it is volatile)."""
        if id(artist) in self._volatile_ids:
            return False
        cached = self._sprites.get(id(artist))
        if cached is not None and cached[0] is artist:
            return cached[1]
        renderer = self._sprite_renderer
        width, height = self._agg().get_width_height(physical=True)
        if renderer is None or (renderer.width, renderer.height) != (width, height):
            renderer = self._sprite_renderer = RendererAgg(width, height, self.figure.dpi)
        renderer.clear()
        shown = artist.get_visible()
        artist.set_visible(True)  # sprites are also made ahead, for artists still hidden
        artist.draw(renderer)
        box = artist.get_window_extent(renderer)
        artist.set_visible(shown)
        pad = SPRITE_PAD  # line widths and text boxes reach a little past the extent
        window = (0, height, 0, width)  # an artist without a finite extent: look everywhere
        if np.isfinite(box.extents).all():
            window = (
                max(int(height - box.y1) - pad, 0),
                min(int(height - box.y0) + pad + 1, height),
                max(int(box.x0) - pad, 0),
                min(int(box.x1) + pad + 1, width),
            )
        sprite = _cut(np.asarray(renderer.buffer_rgba()), window)
        self._sprites[id(artist)] = (artist, sprite)
        return sprite

    def preparation(self) -> Iterator[None]:
        """Make, one artist per step, the sprites of everything a change may show (the
        artists that toggle, and what :meth:`ahead` names), so first visits are fast too.
        An explorer runs the steps while the kernel is idle."""
        if not (self.live and self.layered):
            return
        if self._background is None:
            self._build_background()
        for artist in itertools.chain(self.changing(), self.ahead()):
            known = id(artist) in self._sprites or id(artist) in self._volatile_ids
            if artist is not None and not known:
                self._sprite(artist)
                yield

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.label()}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return self.result()._repr_mimebundle_(include, exclude)
