"""The map explorer: a date slider, key-date buttons and a name-form toggle on one map.

One figure is built once; a date change only toggles prebuilt control-area patches and
rewrites a few texts (see :class:`course_lib.maps.KarabakhCanvas`), then re-renders the
PNG shown in an Image widget (robust in JupyterLab, Notebook 7, Colab and VS Code).

Example:
    >>> import course_lib as cl
    >>> explorer = cl.map_explorer("2022-03-18")  # doctest: +SKIP
    >>> explorer.set_date("2021-01-01")  # doctest: +SKIP
    >>> explorer.figure is explorer.canvas.ax.figure  # doctest: +SKIP
    True
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg

from .. import geo, maps, style
from ..errors import CourseError
from . import LiveView, static_html, widgets_available

FIRST_MONTH = dt.date(1991, 1, 1)
LAST_MONTH = dt.date(2024, 12, 1)


def _months() -> list[dt.date]:
    months, d = [], FIRST_MONTH
    while d <= LAST_MONTH:
        months.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return months


class MapExplorer:
    """Key-date buttons, a month slider and a name toggle that redraw one Karabakh map."""

    def __init__(self, date: Any = "2022-03-18", names: str = "both"):
        self.canvas = maps.KarabakhCanvas(date=date, names=names)
        self.figure = self.canvas.ax.figure
        if self.figure.canvas is None or not isinstance(self.figure.canvas, FigureCanvasAgg):
            FigureCanvasAgg(self.figure)
        self.widget: Any = None
        self.message: Any = None
        self._syncing = False
        if widgets_available():
            self._build_widgets()

    @property
    def result(self):
        return self.canvas.result()

    @property
    def date(self) -> dt.date:
        return self.canvas.date

    # -- state changes (also used by tests, the benchmark and the browser test) -----------
    def set_date(self, date: Any) -> None:
        """Show control as of ``date`` and re-render."""
        self.canvas.set_date(date)
        self._render()

    def set_names(self, names: str) -> None:
        """Switch place names ('az', 'hy' or 'both') and re-render."""
        self.canvas.set_names(names)
        self._render()

    def render_png(self) -> bytes:
        """Draw the figure and return it as PNG bytes (fast settings: no re-layout)."""
        return style.fast_png(self.figure)

    def _render(self) -> None:
        if self.widget is None:
            self.figure.canvas.draw()
            return
        self.image.value = self.render_png()
        self.caption.value = f"<i>Figure description:</i> {self.canvas.alt_text()}"
        self._say("")
        self._syncing = True
        try:
            month = dt.date(self.date.year, self.date.month, 1)
            if FIRST_MONTH <= month <= LAST_MONTH:
                self.slider.value = month
            self.names_toggle.value = self.canvas.names
        finally:
            self._syncing = False

    def _say(self, text: str) -> None:
        if self.message is not None:
            self.message.value = text

    # -- widgets --------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        import ipywidgets as w

        options = [(f"{m:%b %Y}", m) for m in _months()]
        start = dt.date(self.date.year, self.date.month, 1)
        self.slider = w.SelectionSlider(
            options=options,
            value=start if FIRST_MONTH <= start <= LAST_MONTH else options[-1][1],
            description="Month",
            continuous_update=False,
            layout=w.Layout(width="40em"),
        )
        self.buttons = w.ToggleButtons(
            options=[(label, key) for key, label in maps.KEY_DATES.items()],
            value=None,
            description="Key dates",
            style={"button_width": "13em"},
        )
        self.names_toggle = w.ToggleButtons(
            options=[("Both forms", "both"), ("Azerbaijani", "az"), ("Armenian", "hy")],
            value=self.canvas.names,
            description="Names",
        )
        self.image = w.Image(value=self.render_png(), format="png")
        self.caption = w.HTML(f"<i>Figure description:</i> {self.canvas.alt_text()}")
        self.message = w.HTML("")

        def guarded(action):
            def handler(change: dict[str, Any]) -> None:
                if self._syncing or change["new"] is None:
                    return
                try:
                    action(change["new"])
                except CourseError as exc:
                    self._say(exc.friendly())
                except Exception as exc:  # noqa: BLE001 - never let a callback traceback escape
                    self._say(f"Sorry, the map could not be redrawn ({exc}).")

            return handler

        def on_button(value: str) -> None:
            self.set_date(value)
            self.buttons.value = None  # buttons act like buttons, not like a state

        self.slider.observe(guarded(self.set_date), names="value")
        self.buttons.observe(guarded(on_button), names="value")
        self.names_toggle.observe(guarded(self.set_names), names="value")
        self.widget = w.VBox(
            [self.buttons, self.slider, self.names_toggle, self.message, self.image, self.caption]
        )

    def summary(self) -> str:
        """A text summary for readers without widgets."""
        lines = [self.canvas.alt_text(), "Key dates to compare:"]
        for key, label in maps.KEY_DATES.items():
            state = geo.layer_state(key)
            shown = (
                ", ".join(maps.STATUS_LABELS[geo.authored(i)["kind"]].split("\n")[0] for i in state)
                or geo.period(key).note
            )
            lines.append(f"- {key} ({label}): {shown}")
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        result = self.canvas.result()
        text = self.summary()
        return LiveView(self.widget, static_html(result, text), text)._repr_mimebundle_()

    def __repr__(self) -> str:
        return self.summary()


def map_explorer(date: Any = "2022-03-18", names: str = "both") -> MapExplorer:
    """Explore Karabakh's map month by month (1991-2024), in Azerbaijani or Armenian names.

    Without a widget frontend (or with COURSE_LIB_NO_WIDGETS=1) it shows the static map for
    ``date`` and a text summary of the key dates.
    """
    return MapExplorer(date=date, names=names)


__all__ = ["MapExplorer", "map_explorer"]
