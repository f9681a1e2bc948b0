"""Interactive views: the only layer that imports ipywidgets, and always with a fallback.

Each view (``cl.map_explorer()``, ``cl.quiz(...)``, …) shows live widgets where a widget
frontend can render them and, in the same output, a static figure and text for viewers that
cannot (nbconvert HTML, GitHub, PDF, or ipywidgets missing). The explorers are declarations
of :class:`~course_lib.ui.explorer.Explorer`.
"""

from __future__ import annotations

import html
import os
import sys
from typing import Any

NO_WIDGETS_ENV = "COURSE_LIB_NO_WIDGETS"


def widgets_available() -> bool:
    """True when ipywidgets imports and ``COURSE_LIB_NO_WIDGETS`` does not switch them off."""
    if os.environ.get(NO_WIDGETS_ENV, "").strip() not in ("", "0"):
        return False
    return widgets_version() is not None


def widgets_version() -> str | None:
    """The installed ipywidgets version, or None without it."""
    try:
        import ipywidgets
    except ImportError:
        return None
    return str(ipywidgets.__version__)


def enable_colab_widgets() -> None:
    """On Colab with ipywidgets 8, switch on Colab's custom widget manager (Colab renders its
    own ipywidgets 7 natively; the custom manager can hide core widgets there)."""
    major = int((widgets_version() or "0").split(".")[0])
    if "google.colab" not in sys.modules or major < 8:
        return
    try:
        from google.colab import output  # type: ignore[import-not-found]

        output.enable_custom_widget_manager()
    except Exception:  # noqa: BLE001 - Colab internals vary; widgets then fall back to text
        pass


def display(*objs: Any) -> None:
    """IPython's display, or print outside IPython."""
    try:
        from IPython import get_ipython
        from IPython.display import display as ip_display
    except ImportError:
        ip_display = None
    if ip_display is not None and get_ipython() is not None:
        ip_display(*objs)
    else:
        for obj in objs:
            print(obj)


class LiveView:
    """A widget with its static fallback in the same output: JupyterLab and Colab render the
    widget (its MIME type ranks first), other viewers the HTML. One output, no double display.

    Example:
        >>> view = LiveView(widget=None, static_html="<p>map</p>", text="A map.")
        >>> sorted(view._repr_mimebundle_())
        ['text/html', 'text/plain']
    """

    def __init__(self, widget: Any, static_html: str, text: str):
        self.widget, self.static_html, self.text = widget, static_html, text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/html": self.static_html, "text/plain": self.text}
        if self.widget is not None:
            # Built by hand rather than via widget._repr_mimebundle_(), which ipywidgets 7
            # (still Colab's default) lacks; the view format is the same in 7 and 8.
            bundle["application/vnd.jupyter.widget-view+json"] = {
                "version_major": 2,
                "version_minor": 0,
                "model_id": self.widget.model_id,
            }
        return bundle

    def __repr__(self) -> str:
        return self.text


def static_html(result: Any, summary: str = "") -> str:
    """HTML for a FigureResult (image with alt text) plus an optional text summary."""
    parts = [result._repr_mimebundle_()["text/html"]] if result is not None else []
    if summary:
        parts.append(f"<p>{html.escape(summary)}</p>")
    return "".join(parts)
