"""The map explorer: key-date buttons, a month slider and a name-form toggle on one map.

Example:
    >>> import course_lib as cl
    >>> explorer = cl.map_explorer("2022-03-18")
    >>> explorer.set_date("2019-06-01"); explorer.canvas.visible_ids()
    ('armenian_control_1994',)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import maps
from ..dates import format_date
from . import widgets_available
from .explorer import Control, Explorer

MONTHS = tuple(pd.date_range("1991-01-01", "2025-12-01", freq="MS").date)  # the slider's range
NAME_FORMS = [("Both forms", "both"), ("Azerbaijani", "az"), ("Armenian", "hy")]
CONTROLS = (
    Control(
        "key_dates",
        "buttons",
        "Key dates",
        lambda c: [(label, day) for day, label in maps.key_dates()],
        setter="date",
        read=lambda c: c.date if c.date in dict(maps.key_dates()) else None,
        width="13em",
    ),
    Control(
        "month",
        "slider",
        "Month",
        lambda c: [(format_date(m, "month", short=True), m) for m in MONTHS],
        setter="date",
        read=lambda c: m if MONTHS[0] <= (m := c.date.replace(day=1)) <= MONTHS[-1] else None,
        drag=True,
        width="40em",
    ),
    Control("names", "buttons", "Names", lambda c: NAME_FORMS),
)


def map_explorer(date: Any = None, names: str = "both") -> Explorer:
    """Explore Karabakh's map month by month (1991-2025), in Azerbaijani or Armenian names.

    Without a widget frontend (or with COURSE_LIB_NO_WIDGETS=1) it shows the static map for
    ``date`` (default: the article's date) and what the map shows on each key date.
    """
    canvas = maps.KarabakhCanvas(date=date, names=names, live=widgets_available())
    return Explorer(canvas, CONTROLS, what="map", notes=maps.key_date_summary)
