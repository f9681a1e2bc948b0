"""The timeline explorer: pick a period and categories; the figure updates in place.

Example:
    >>> import course_lib as cl
    >>> view = cl.timeline_explorer(period="early_2022")
    >>> view.set_period("after"); view.canvas.period
    'after'
"""

from __future__ import annotations

from .. import chronology
from . import widgets_available
from .explorer import Control, Explorer

CONTROLS = (
    Control(
        "period",
        "menu",
        "Period",
        lambda c: [(label, key) for key, (_, _, label) in chronology.PERIODS.items()],
        width="32em",
    ),
    Control(
        "categories",
        "checks",
        "Categories",
        lambda c: [(label, key) for key, label in chronology.CATEGORY_LABELS.items()],
        read=lambda c: list(chronology.CATEGORY_LABELS if c.categories is None else c.categories),
        width="13em",
    ),
)


def timeline_explorer(period: str = "early_2022", categories: list[str] | None = None) -> Explorer:
    """Show the timeline with a period filter and category checkboxes.

    Without a widget frontend it shows the static figure and its description.
    """
    canvas = chronology.TimelineCanvas(period, categories, live=widgets_available())
    return Explorer(canvas, CONTROLS, what="timeline")
