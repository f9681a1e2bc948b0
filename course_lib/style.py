"""Look and feel: colours by meaning, projector mode, and the figure result with alt text.

Figure functions build a :class:`matplotlib.figure.Figure` through :func:`new_axes` and return
a :class:`FigureResult`. The result shows itself in a notebook as the picture with its alt
text (an ``<img alt=…>`` plus a caption), so every figure carries a description generated
from its data, and no figure is shown twice.

Example:
    >>> import course_lib as cl
    >>> cl.palette()["russia"]
    '#D55E00'
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

# Okabe & Ito (2008) colours, chosen by meaning. Pairs that can meet in one figure stay
# apart under simulated colour-vision deficiency (tests/test_style.py checks CAM02-UCS
# distances); meaning is never carried by colour alone (hatching, markers, labels).
BASE_COLOURS = {  # Okabe & Ito, by name
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#666666",
    "light": "#E8E8E8",
}

PALETTE: dict[str, str] = {
    # states and sides
    "azerbaijan": BASE_COLOURS["sky"],
    "armenia": BASE_COLOURS["orange"],
    "russia": BASE_COLOURS["vermillion"],
    "ukraine": BASE_COLOURS["yellow"],
    "turkey": BASE_COLOURS["green"],
    "georgia": "#332288",  # Tol's indigo and a dark brown: apart from all of the above
    "iran": "#592512",
    "west": BASE_COLOURS["blue"],
    "other": BASE_COLOURS["grey"],
    # control on the map
    "armenian_control": BASE_COLOURS["orange"],
    "peacekeeping_zone": BASE_COLOURS["purple"],
    "lachin_corridor": BASE_COLOURS["vermillion"],
    "nkao": BASE_COLOURS["black"],
    "background": BASE_COLOURS["light"],
    # Baku's signals
    "toward_moscow": BASE_COLOURS["vermillion"],
    "toward_kyiv": BASE_COLOURS["blue"],
    "hedge": BASE_COLOURS["grey"],
}

HATCH = {"approximate": "///", "contested": "xx", "peacekeeping_zone": "..."}

_NORMAL = {
    "font.size": 10.0,
    "axes.titlesize": 12.0,
    "axes.labelsize": 10.0,
    "legend.fontsize": 9.0,
    "xtick.labelsize": 9.0,
    "ytick.labelsize": 9.0,
    "lines.linewidth": 1.5,
    "lines.markersize": 6.0,
    "hatch.linewidth": 0.8,
}
_PROJECTOR = {
    "font.size": 16.0,
    "axes.titlesize": 20.0,
    "axes.labelsize": 16.0,
    "legend.fontsize": 16.0,
    "xtick.labelsize": 16.0,
    "ytick.labelsize": 16.0,
    "lines.linewidth": 3.0,
    "lines.markersize": 10.0,
    "hatch.linewidth": 1.5,
}
_state = {"presenting": False}


def palette() -> dict[str, str]:
    """The course's categorical colours by meaning (a copy).

    Example:
        >>> palette()["toward_kyiv"]
        '#0072B2'
    """
    return dict(PALETTE)


def presenting() -> bool:
    """True while projector mode is on."""
    return _state["presenting"]


def present(on: bool = True) -> None:
    """Switch figures to projector sizes (fonts 16 pt or larger, thicker lines) or back.

    Works with JupyterLab's View > Presentation Mode, which keeps widgets live. Figures
    drawn after the call use the new sizes.

    Example:
        >>> present(); presenting()
        True
        >>> present(False); presenting()
        False
    """
    _state["presenting"] = bool(on)
    matplotlib.rcParams.update(_PROJECTOR if on else _NORMAL)
    _show_css(on)


def _show_css(on: bool) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # plain Python: nothing to restyle
        return
    if get_ipython() is None:
        return
    size = "1.45em" if on else "1em"
    display(
        HTML(
            "<style>.jp-RenderedMarkdown, .jp-RenderedHTMLCommon, .widget-label,"
            f" .jupyter-widgets {{ font-size: {size}; }}</style>"
        )
    )


def apply() -> None:
    """Set the course's matplotlib defaults (called by ``cl.start()``)."""
    matplotlib.rcParams.update(_PROJECTOR if presenting() else _NORMAL)
    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.family": "DejaVu Sans",  # has Armenian, Cyrillic and Azerbaijani letters
        }
    )


def figure_size(width: float = 8.0, height: float = 5.0) -> tuple[float, float]:
    """Figure size in inches, larger while presenting."""
    scale = 1.4 if presenting() else 1.0
    return (width * scale, height * scale)


def new_axes(ax: Axes | None = None, size: tuple[float, float] = (8.0, 5.0)) -> tuple[Axes, bool]:
    """Return ``(ax, owned)``: the caller's axes, or new ones on a figure outside pyplot.

    A figure made here is not registered with pyplot, so the inline backend does not show it
    by itself: the :class:`FigureResult` shows it once, with its alt text.
    """
    if ax is not None:
        return ax, False
    fig = Figure(figsize=figure_size(*size), layout="constrained")
    return fig.add_subplot(), True


@dataclass
class FigureResult:
    """What every figure function returns: the axes, the figure and a text description.

    ``alt_text`` is generated from the data the figure shows; notebooks display it with the
    figure, screen readers read it, and tests check it.
    """

    ax: Axes
    alt_text: str
    owned: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def figure(self) -> Figure:
        return self.ax.figure  # type: ignore[return-value]

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png")
        return buf.getvalue()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        text = self.alt_text
        if not self.owned:  # the caller's own figure shows itself; add only the description
            return {"text/plain": text, "text/markdown": f"*{DESCRIPTION_LABEL}* {text}"}
        png = self.png()
        data = base64.b64encode(png).decode("ascii")
        page = figure_html(png, text, name=self.name())
        return {"text/html": page, "image/png": data, "text/plain": text}

    def name(self) -> str:
        """The figure's title (the first one it has), or "Figure": the picture's short name.

        Example:
            >>> ax, _ = new_axes(); _ = ax.set_title("Ties", loc="left")
            >>> FigureResult(ax, "Two ties.").name()
            'Ties'
        """
        titles = [self.ax.get_title(loc) for loc in ("center", "left", "right")]
        titles.append(self.figure.get_suptitle())
        return next((" ".join(t.split()) for t in titles if t.strip()), "Figure")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.alt_text[:80]}>"


# How a figure's caption starts, and what a short alt text ends with: it points to the caption.
DESCRIPTION_LABEL = "Figure description:"
DESCRIBED_BELOW = "(described below)"


def figure_html(png: bytes, alt_text: str, name: str = "") -> str:
    """A figure as HTML: the image and the description as its caption. With ``name``, the
    alt text is that short name, pointing below, and the description stands once, in the
    caption (a viewer that cannot show the image prints its alt in its place).

    Example:
        >>> figure_html(b"png", "A map.").count('alt="A map."')
        1
        >>> page = figure_html(b"png", "A long description.", name="Map")
        >>> page.count("long"), 'alt="Map (described below)"' in page
        (1, True)
    """
    data = base64.b64encode(png).decode("ascii")
    alt = html.escape(f"{name} {DESCRIBED_BELOW}" if name else alt_text, quote=True)
    return (
        f'<figure style="margin:0"><img src="data:image/png;base64,{data}" alt="{alt}" '
        'style="max-width:100%"/><figcaption style="font-size:0.9em;color:#444">'
        f"<b>{DESCRIPTION_LABEL}</b> {html.escape(alt_text)}</figcaption></figure>"
    )


def encode_png(rgba: Any) -> bytes:
    """PNG bytes from an RGBA pixel array (height x width x 4), with light compression.

    For views that redraw on every click: zlib level 1 is several times faster than
    matplotlib's default and the image is identical; only the file is a little larger.
    """
    from PIL import Image

    height, width = rgba.shape[:2]
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()


def fast_png(figure: Figure) -> bytes:
    """Draw ``figure`` and encode it as PNG with light compression (see :func:`encode_png`).

    Example:
        >>> fig = Figure(); _ = fig.add_subplot(); fast_png(fig)[:4]
        b'\\x89PNG'
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return encode_png(np.asarray(canvas.buffer_rgba()))


def credit(ax: Axes, text: str) -> None:
    """Write a small source-credit line under the axes."""
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -22 if not presenting() else -30),
        textcoords="offset points",
        fontsize=matplotlib.rcParams["font.size"] * 0.7,
        color="#555555",
        va="top",
    )
