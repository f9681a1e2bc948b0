"""The actor explorer: a date, tie families and whose ties to show; one diagram updates in place.

It opens on Baku's own ties; the "Show" menu switches to the full network or to another
actor's ties, and the canvas re-fits to what that view can show.

Example:
    >>> import course_lib as cl
    >>> view = cl.actor_explorer(date="2022-02-21")
    >>> view.set_date("2022-02-22"); view.canvas.focus
    'azerbaijan'
    >>> "r_az_ru_allied_declaration" in view.canvas.visible_ties()
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .. import network
from ..actor_style import FAMILIES
from ..dates import format_date
from . import widgets_available
from .explorer import Control, Explorer

DAILY = pd.date_range("2022-01-01", "2022-03-31", freq="D").date  # every day of the article's
# quarter; the slider adds each day a tie starts or stops, and the day shown
EVERYONE = ""  # the menu's value for the full network


def _days(canvas: network.ActorCanvas) -> list[tuple[str, Any]]:
    days = {*DAILY, *(d.date() for d in canvas.boundaries()), canvas.date}
    return [(format_date(d, short=True), d) for d in sorted(days)]


def _whose(canvas: network.ActorCanvas) -> list[tuple[str, str]]:
    """The menu: Baku's own ties first, then the full network, then each actor by label."""
    labels = canvas.labels()
    others = sorted(
        (
            (network.ties_of(label), actor)
            for actor, label in labels.items()
            if actor != network.BAKU
        ),
        key=lambda option: option[0].casefold(),
    )
    return [("Baku's own ties", network.BAKU), ("Full network", EVERYONE), *others]


CONTROLS = (
    Control(
        "key_dates",
        "buttons",
        "Key dates",
        lambda c: [(format_date(d, short=True), d) for d, _ in network.key_dates()],
        setter="date",
        read=lambda c: c.date if c.date in dict(network.key_dates()) else None,
        tooltips=lambda c: [label for _, label in network.key_dates()],
    ),
    Control("day", "slider", "Date", _days, "date", lambda c: c.date, True, width="44em"),
    Control(
        "families",
        "checks",
        "Ties",
        lambda c: [(spec["label"], key) for key, spec in FAMILIES.items()],
        read=lambda c: c.families,
    ),
    Control(
        "focus",
        "menu",
        "Show",
        _whose,
        read=lambda c: c.focus or EVERYONE,
        width="24em",
    ),
)


def actor_explorer(
    date: Any = None,
    kinds: Iterable[str] | None = None,
    focus: str | None = network.BAKU,
    view: str | None = None,
) -> Explorer:
    """Explore the actor diagram by date, tie family and whose ties; one figure redraws in
    place. It starts on Baku's own ties (``view="full"``: the whole network).

    Without a widget frontend (or with ``COURSE_LIB_NO_WIDGETS=1``) it shows the static
    diagram and its description; ``set_date``, ``set_families``, ``set_kinds``,
    ``set_focus`` and ``set_view`` still work.
    """
    canvas = network.ActorCanvas(date, kinds, focus, live=widgets_available(), view=view)
    return Explorer(canvas, CONTROLS, what="actor diagram")
