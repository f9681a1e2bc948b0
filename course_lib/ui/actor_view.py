"""The actor explorer: a date, tie kinds and an actor to focus on; one diagram updates in place.

Example:
    >>> import course_lib as cl
    >>> view = cl.actor_explorer(date="2022-02-21")
    >>> view.set_date("2022-02-22"); view.set_focus("azerbaijan")
    >>> "r_az_ru_allied_declaration" in view.canvas.visible_ties()
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .. import network
from ..dates import format_date
from . import widgets_available
from .explorer import Control, Explorer

DAILY = pd.date_range("2022-01-01", "2022-03-31", freq="D").date  # every day of the article's
# quarter; the slider adds each day a tie starts or stops, and the day shown


def _days(canvas: network.ActorCanvas) -> list[tuple[str, Any]]:
    days = {*DAILY, *(d.date() for d in canvas.boundaries()), canvas.date}
    return [(format_date(d, short=True), d) for d in sorted(days)]


CONTROLS = (
    Control(
        "key_dates",
        "buttons",
        "Key dates",
        lambda c: [(format_date(d, short=True), d) for d, _ in network.key_dates()],
        setter="date",
        read=lambda c: c.date if c.date in dict(network.key_dates()) else None,
        tooltips=lambda c: [label for _, label in network.key_dates()],
        width="7.5em",
    ),
    Control("day", "slider", "Date", _days, "date", lambda c: c.date, True, width="44em"),
    Control(
        "kinds",
        "checks",
        "Tie kinds",
        lambda c: [(network.pretty(k), k) for k in network.KINDS],
        read=lambda c: list(c.kinds),
        width="15em",
    ),
    Control(
        "focus",
        "menu",
        "Focus",
        lambda c: [("everyone", ""), *sorted((n, a) for a, n in c.actor_names().items())],
        read=lambda c: c.focus or "",
    ),
)


def actor_explorer(
    date: Any = None, kinds: Iterable[str] | None = None, focus: str | None = None
) -> Explorer:
    """Explore the actor diagram by date, tie kind and actor; one figure redraws in place.

    Without a widget frontend (or with ``COURSE_LIB_NO_WIDGETS=1``) it shows the static
    diagram and its description; ``set_date``, ``set_kinds`` and ``set_focus`` still work.
    """
    canvas = network.ActorCanvas(date, kinds, focus, live=widgets_available())
    return Explorer(canvas, CONTROLS, what="diagram")
