"""Interactive views. The only layer that imports ipywidgets, and always with a fallback.

Each view module exposes one function (``cl.map_explorer()``, ``cl.quiz(...)``, …) that shows
live widgets when a widget frontend can render them, and otherwise (ipywidgets missing, or
a static viewer such as nbconvert HTML or GitHub) a static figure and a text summary.

The static fallback is always displayed *under* the widget output in plain-text form too,
so a reader without widgets still sees the content.
"""

from __future__ import annotations

import os
from typing import Any

NO_WIDGETS_ENV = "COURSE_LIB_NO_WIDGETS"


def widgets_available() -> bool:
    """True when ipywidgets imports and widgets are not switched off.

    ``COURSE_LIB_NO_WIDGETS=1`` forces the static fallback (used by tests and for printing).
    """
    if os.environ.get(NO_WIDGETS_ENV, "").strip() not in ("", "0"):
        return False
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


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
    """A widget that carries its own static fallback in the same output.

    The output holds the widget's view *and* an HTML rendering (figure + text summary). Live
    JupyterLab and Colab render the widget (its MIME type ranks first); nbconvert HTML, PDF and
    GitHub's viewer, which cannot render widgets, fall back to the HTML. One output, no double
    display.

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
    import html

    parts = [result._repr_mimebundle_()["text/html"]] if result is not None else []
    if summary:
        parts.append(f"<p>{html.escape(summary)}</p>")
    return "".join(parts)
