"""The actor explorer: a date, tie kinds and an actor to focus on; one diagram updates in place.

Every tie and actor is drawn once, on the fixed layout; a change only switches artists on or
off and redraws the same figure, so the picture never jumps between dates.

Example:
    >>> import course_lib as cl
    >>> view = cl.actor_explorer(date="2022-02-21")  # doctest: +SKIP
    >>> view.set_date("2022-02-22")  # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .. import citations, network, style
from ..errors import CourseError
from . import LiveView, display, static_html, widgets_available


class ActorExplorer:
    """Key-date buttons, a date slider, tie-kind checkboxes, a focus menu and one diagram."""

    def __init__(
        self,
        date: Any = "2022-03-18",
        kinds: Iterable[str] | None = None,
        focus: str | None = None,
    ):
        self.date = network.parse_date(date)
        self.kinds: tuple[str, ...] = tuple(network._check_kinds(kinds) or network.KINDS)
        self.focus = None if focus is None else network._check_actor(focus)
        self._layout_frozen = False
        self._build_figure()
        self.widget: Any = None
        self.message: Any = None
        self._apply()
        if widgets_available():
            self._build_widgets()

    # -- the figure: every artist made once ------------------------------------------
    def _build_figure(self) -> None:
        full = network.actor_graph(None)
        ax, _ = style.new_axes(None, size=(11.0, 7.5))
        self.ax, self.figure = ax, ax.figure
        pos, bend = network.layout(), network.curvature()
        self.edges: dict[str, Any] = {}
        self._edge_rows = []
        for u, v, key, a in full.edges(keys=True, data=True):
            self.edges[key] = network.draw_edge(
                ax, pos[u], pos[v], a["kind"], a["directed"], bend[key], gid=key
            )
            end = pd.Timestamp.max if a["end"] is None else a["end"]
            self._edge_rows.append((key, u, v, a["kind"], a["start"], end, a["source_ids"]))
        self.nodes: dict[str, tuple[Any, Any]] = {
            n: network.draw_node(ax, pos[n], a["kind"], a["name"], gid=n)
            for n, a in full.nodes(data=True)
        }
        self._names = {n: a["name"] for n, a in full.nodes(data=True)}
        network.frame_axes(ax)
        network.add_legends(
            ax,
            {a["kind"] for _, _, a in full.edges(data=True)},
            {a["kind"] for _, a in full.nodes(data=True)},
        )
        self.title = ax.set_title("", loc="left")
        style.credit(ax, "Ties: course relations table; sources listed by cl.sources_for().")

    def visible_ties(self) -> list[str]:
        """Relation ids drawn for the current date, kinds and focus."""
        kinds, day, focus = set(self.kinds), self.date, self.focus
        return [
            key
            for key, u, v, kind, start, end, _ in self._edge_rows
            if kind in kinds and start <= day <= end and (focus is None or focus in (u, v))
        ]

    def visible_actors(self) -> set[str]:
        """Actor ids drawn now: the ends of the visible ties, and the focus actor."""
        by_key = {row[0]: row for row in self._edge_rows}
        shown = {n for key in self.visible_ties() for n in by_key[key][1:3]}
        if self.focus is not None and self.focus in self.nodes:
            shown.add(self.focus)
        return shown

    def _apply(self) -> None:
        shown_ties = set(self.visible_ties())
        shown_actors = self.visible_actors()
        for key, patch in self.edges.items():
            patch.set_visible(key in shown_ties)
        for node, (marker, text) in self.nodes.items():
            marker.set_visible(node in shown_actors)
            text.set_visible(node in shown_actors)
        who = f": {self._names.get(self.focus, self.focus)}" if self.focus else ""
        self.title.set_text(f"Ties in force on {network._fmt(self.date)}{who}")
        rows = [r for r in self._edge_rows if r[0] in shown_ties]
        citations.cite(s for r in rows for s in r[6])
        self.result = style.FigureResult(ax=self.ax, alt_text=self.summary(rows, shown_actors))
        self._render()

    def summary(self, rows: list[tuple] | None = None, actors: set[str] | None = None) -> str:
        """A text description of what the diagram shows now."""
        if rows is None:
            keep = set(self.visible_ties())
            rows = [r for r in self._edge_rows if r[0] in keep]
        actors = self.visible_actors() if actors is None else actors
        counts = Counter(r[3] for r in rows)
        text = (
            f"Actor network as of {network._fmt(self.date)}"
            + (f", {self._names.get(self.focus, self.focus)}'s ties only" if self.focus else "")
            + f": {len(actors)} actors and {len(rows)} ties."
        )
        if counts:
            text += (
                " Ties by kind: "
                + ", ".join(
                    f"{n} {network._pretty(k)}"
                    for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                )
                + "."
            )
            newest = sorted(rows, key=lambda r: r[4], reverse=True)[:3]
            text += (
                " Newest: "
                + "; ".join(
                    f"{self._names[r[1]]}–{self._names[r[2]]}, "
                    f"{network._pretty(r[3])} ({network._fmt(r[4])})"
                    for r in newest
                )
                + "."
            )
        else:
            text += " Nothing is in force for this choice; try a later date or more tie kinds."
        return text

    def png(self) -> bytes:
        """The diagram as it is now, as PNG bytes (fast path used for every update).

        The first draw runs constrained layout; then the layout is frozen, since nothing
        moves afterwards, and the PNG is written with light compression.
        """
        png = style.fast_png(self.figure)
        if not self._layout_frozen:
            self.figure.set_layout_engine("none")
            self._layout_frozen = True
        return png

    def _render(self) -> None:
        if self.widget is not None:
            self.image.value = self.png()
            self.caption.value = f"<i>Figure description:</i> {self.result.alt_text}"

    # -- state changes (also used by tests and benchmarks) -----------------------------
    def set_date(self, date: Any) -> None:
        """Show the ties in force on ``date`` (``'2022-02-22'``)."""
        self.date = network.parse_date(date)
        self._sync("date")
        self._apply()

    def set_kinds(self, kinds: Iterable[str] | None) -> None:
        """Show only these tie kinds (None: all)."""
        if kinds is None:
            self.kinds = tuple(network.KINDS)
        else:
            self.kinds = network._check_kinds(list(kinds)) or ()
        self._sync("kinds")
        self._apply()

    def set_focus(self, focus: str | None) -> None:
        """Show only ``focus``'s ties and neighbours (None: everyone)."""
        self.focus = None if focus in (None, "") else network._check_actor(focus)
        self._sync("focus")
        self._apply()

    # -- widgets ------------------------------------------------------------------------
    def _slider_dates(self) -> list[pd.Timestamp]:
        days = set(pd.date_range("2022-01-01", "2022-03-31", freq="D"))
        for _, _, _, _, start, end, _ in self._edge_rows:
            days.add(start)
            if end != pd.Timestamp.max:
                days.add(end + pd.Timedelta(days=1))  # the first day it no longer holds
        days.add(self.date)
        return sorted(days)

    def _build_widgets(self) -> None:
        import ipywidgets as w

        self._syncing = False
        self.key_dates = w.ToggleButtons(
            options=[(f"{network._fmt(pd.Timestamp(d))}", d) for d in network.KEY_DATES],
            tooltips=list(network.KEY_DATES.values()),
            value=self.date.strftime("%Y-%m-%d")
            if self.date.strftime("%Y-%m-%d") in network.KEY_DATES
            else None,
            description="Key dates",
            style={"button_width": "7.5em"},
        )
        self.slider = w.SelectionSlider(
            options=[(network._fmt(d), d) for d in self._slider_dates()],
            value=self.date,
            description="Date",
            continuous_update=False,
            layout=w.Layout(width="44em"),
        )
        self.boxes = {
            k: w.Checkbox(
                value=k in self.kinds,
                description=network._pretty(k),
                indent=False,
                layout=w.Layout(width="15em"),
            )
            for k in network.KINDS
        }
        self.focus_menu = w.Dropdown(
            options=[("everyone", "")] + sorted((name, n) for n, name in self._names.items()),
            value=self.focus or "",
            description="Focus",
        )
        self.image = w.Image(value=self.png(), format="png")
        self.caption = w.HTML(f"<i>Figure description:</i> {self.result.alt_text}")
        self.message = w.HTML("")

        def guarded(action):
            def handler(change: dict[str, Any]) -> None:
                if self._syncing:
                    return
                try:
                    action(change["new"])
                    self.message.value = ""
                except CourseError as exc:
                    self.message.value = str(exc)
                except Exception as exc:  # noqa: BLE001 - never let a callback traceback escape
                    self.message.value = f"Sorry, the diagram could not be redrawn ({exc})."

            return handler

        self.key_dates.observe(guarded(lambda v: v and self.set_date(v)), names="value")
        self.slider.observe(guarded(self.set_date), names="value")
        for box in self.boxes.values():
            box.observe(
                guarded(lambda _: self.set_kinds([k for k, b in self.boxes.items() if b.value])),
                names="value",
            )
        self.focus_menu.observe(guarded(self.set_focus), names="value")
        self.widget = w.VBox(
            [
                self.key_dates,
                self.slider,
                w.HBox(list(self.boxes.values()), layout=w.Layout(flex_flow="row wrap")),
                self.focus_menu,
                self.message,
                self.image,
                self.caption,
            ]
        )

    def _sync(self, what: str) -> None:
        """Move the controls to the state set from code, without firing their handlers."""
        if self.widget is None:
            return
        self._syncing = True
        try:
            if what == "date":
                iso = self.date.strftime("%Y-%m-%d")
                self.key_dates.value = iso if iso in network.KEY_DATES else None
                if self.date not in [v for _, v in self.slider.options]:
                    self.slider.options = [(network._fmt(d), d) for d in self._slider_dates()]
                self.slider.value = self.date
            elif what == "kinds":
                for k, box in self.boxes.items():
                    box.value = k in self.kinds
            elif what == "focus":
                self.focus_menu.value = self.focus or ""
        finally:
            self._syncing = False

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        html = static_html(self.result)
        return LiveView(self.widget, html, self.result.alt_text)._repr_mimebundle_()

    def __repr__(self) -> str:
        return self.result.alt_text


def actor_explorer(
    date: Any = "2022-03-18", kinds: Iterable[str] | None = None, focus: str | None = None
) -> ActorExplorer:
    """Explore the actor diagram by date, tie kind and actor; one figure redraws in place.

    Without a widget frontend (or with ``COURSE_LIB_NO_WIDGETS=1``) it shows the static
    diagram and its description; ``set_date``, ``set_kinds`` and ``set_focus`` still work.

    Example:
        >>> view = actor_explorer("2022-02-21")  # doctest: +SKIP
        >>> view.set_date("2022-02-22"); view.set_focus("azerbaijan")  # doctest: +SKIP
    """
    return ActorExplorer(date=date, kinds=kinds, focus=focus)


__all__ = ["ActorExplorer", "actor_explorer", "display"]
