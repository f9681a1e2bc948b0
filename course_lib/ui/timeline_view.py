"""The timeline explorer: pick a period and categories, the figure updates in place.

Example:
    >>> import course_lib as cl
    >>> view = cl.timeline_explorer(period="early_2022")  # doctest: +SKIP
    >>> view.set_period("after")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from .. import chronology
from ..errors import CourseError
from . import LiveView, display, static_html, widgets_available


class TimelineExplorer:
    """Period buttons, category checkboxes and one timeline image that they redraw."""

    def __init__(self, period: str = "early_2022", categories: list[str] | None = None):
        self.period = period
        self.categories = list(categories or chronology.CATEGORY_LABELS)
        self.result = chronology.timeline_figure(period=period, categories=self.categories)
        self.widget: Any = None
        self.message: Any = None
        if widgets_available():
            self._build_widgets()

    # -- state changes (also used by tests and benchmarks) -----------------------------
    def set_period(self, period: str) -> None:
        self.period = period
        self._redraw()

    def set_categories(self, categories: list[str]) -> None:
        self.categories = list(categories)
        self._redraw()

    def _redraw(self) -> None:
        # The row count changes with the filter, so the axes are rebuilt; the figure stays.
        fig = self.result.figure
        fig.clear()
        ax = fig.add_subplot()
        if self.categories:
            try:
                result = chronology.timeline_figure(
                    period=self.period, categories=self.categories, ax=ax
                )
            except CourseError as exc:
                self._say(str(exc))
                return
            rows = len(result.extra["events"])
            fig.set_size_inches(*chronology.style.figure_size(10.0, 0.34 * max(rows, 1) + 1.6))
            self.result = chronology.style.FigureResult(
                ax=ax, alt_text=result.alt_text, extra=result.extra
            )
        else:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "Tick at least one category.", ha="center", transform=ax.transAxes)
            self.result = chronology.style.FigureResult(
                ax=ax, alt_text="Timeline: no category selected.", extra={"events": []}
            )
        if self.widget is not None:
            self.image.value = self.result.png()
            self.caption.value = f"<i>Figure description:</i> {self.result.alt_text}"
            self._say("")

    def _say(self, text: str) -> None:
        if self.message is not None:
            self.message.value = text

    # -- widgets ------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        import ipywidgets as w

        self.period_buttons = w.Dropdown(
            options=[(label, key) for key, (_, _, label) in chronology.PERIODS.items()],
            value=self.period,
            description="Period",
            layout=w.Layout(width="32em"),
        )
        self.boxes = {
            key: w.Checkbox(
                value=key in self.categories,
                description=label,
                indent=False,
                layout=w.Layout(width="13em"),
            )
            for key, label in chronology.CATEGORY_LABELS.items()
        }
        self.image = w.Image(value=self.result.png(), format="png")
        self.caption = w.HTML(f"<i>Figure description:</i> {self.result.alt_text}")
        self.message = w.HTML("")

        def on_period(change: dict[str, Any]) -> None:
            try:
                self.set_period(change["new"])
            except Exception as exc:  # noqa: BLE001 - never let a callback traceback escape
                self._say(f"Sorry, the timeline could not be redrawn ({exc}).")

        def on_box(_: dict[str, Any]) -> None:
            try:
                self.set_categories([k for k, box in self.boxes.items() if box.value])
            except Exception as exc:  # noqa: BLE001
                self._say(f"Sorry, the timeline could not be redrawn ({exc}).")

        self.period_buttons.observe(on_period, names="value")
        for box in self.boxes.values():
            box.observe(on_box, names="value")
        self.widget = w.VBox(
            [
                self.period_buttons,
                w.HBox(list(self.boxes.values()), layout=w.Layout(flex_flow="row wrap")),
                self.message,
                self.image,
                self.caption,
            ]
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        html = static_html(self.result)
        return LiveView(self.widget, html, self.result.alt_text)._repr_mimebundle_()

    def __repr__(self) -> str:
        return self.result.alt_text


def timeline_explorer(
    period: str = "early_2022", categories: list[str] | None = None
) -> TimelineExplorer:
    """Show the timeline with a period filter and category checkboxes.

    Without a widget frontend it shows the static figure and its description.
    """
    return TimelineExplorer(period=period, categories=categories)


__all__ = ["TimelineExplorer", "timeline_explorer", "display"]
