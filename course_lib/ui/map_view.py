"""The map explorer: key-date buttons, a month slider and a name-form toggle on one map.

Example:
    >>> import course_lib as cl
    >>> explorer = cl.map_explorer("2022-03-18")
    >>> explorer.set_date("2019-06-01"); explorer.canvas.visible_ids()
    ('armenian_control_1994',)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import maps
from ..dates import format_date
from . import widgets_available
from .explorer import Control, Explorer

FIRST_MONTH, LAST_MONTH = dt.date(1991, 1, 1), dt.date(2025, 12, 1)
NAME_FORMS = [("Both forms", "both"), ("Azerbaijani", "az"), ("Armenian", "hy")]


def _months() -> list[tuple[str, dt.date]]:
    months, d = [], FIRST_MONTH
    while d <= LAST_MONTH:
        months.append((format_date(d, "month", short=True), d))
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return months


def _month(canvas: maps.KarabakhCanvas) -> dt.date | None:
    month = canvas.date.replace(day=1)
    return month if FIRST_MONTH <= month <= LAST_MONTH else None


def _key_date(canvas: maps.KarabakhCanvas) -> dt.date | None:
    return canvas.date if any(canvas.date == day for day, _ in maps.key_dates()) else None


CONTROLS = (
    Control(
        "key_dates",
        "buttons",
        "Key dates",
        lambda c: [(label, day) for day, label in maps.key_dates()],
        setter="date",
        read=_key_date,
        width="13em",
    ),
    Control("month", "slider", "Month", lambda c: _months(), "date", _month, True, width="40em"),
    Control("names", "buttons", "Names", lambda c: NAME_FORMS),
)


def map_explorer(date: Any = None, names: str = "both") -> Explorer:
    """Explore Karabakh's map month by month (1991-2025), in Azerbaijani or Armenian names.

    Without a widget frontend (or with COURSE_LIB_NO_WIDGETS=1) it shows the static map for
    ``date`` (default: the article's date) and what the map shows on each key date.
    """
    canvas = maps.KarabakhCanvas(date=date, names=names, live=widgets_available())
    return Explorer(canvas, CONTROLS, what="map", notes=lambda: maps.key_date_summary(names))


__all__ = ["map_explorer"]
