"""Timeline queries and the timeline figures: the events chart and Baku's signals chart.

:class:`TimelineCanvas` keeps one pool of row artists (marker, span, label) and refills it
when the period or the categories change; ``timeline_figure`` is one call of it.
``signal_chart`` (formerly ``balance``, a name kept as an alias) shows Baku's moves towards
Moscow and Kyiv in time order: a timeline chart, so it lives here rather than with the
actor network.

Example:
    >>> import course_lib as cl
    >>> cl.event_date("t19a_declaration_signed")
    '22 February 2022'
    >>> cl.timeline_figure(period="early_2022").alt_text[:53]
    'Timeline, The balancing act (Jan–Mar 2022): 24 events'
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable
from typing import Any

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import citations, data, style
from .canvas import Canvas
from .dates import format_date, parse_date
from .errors import CourseError

# Periods students pick from; the labels are what the filter shows.
PERIODS: dict[str, tuple[str, str, str]] = {
    "soviet": ("1923-01-01", "1991-12-31", "Soviet era (1923–1991)"),
    "first_war": ("1988-01-01", "1994-12-31", "Karabakh movement and first war (1988–1994)"),
    "between_wars": ("1994-06-01", "2020-09-26", "Between the wars (1994–2020)"),
    "second_war": ("2020-07-01", "2021-12-31", "Second war and after (2020–2021)"),
    "early_2022": ("2022-01-01", "2022-03-31", "The balancing act (Jan–Mar 2022)"),
    "after": ("2022-04-01", "2025-12-31", "What happened next (Apr 2022–2025)"),
}

CATEGORY_LABELS: dict[str, str] = {
    "soviet": "Soviet era",
    "first_war": "First war",
    "diplomacy": "Diplomacy",
    "between_wars": "Between the wars",
    "second_war": "Second war",
    "ukraine_war": "Russia–Ukraine war",
    "balancing": "Baku's balancing",
    "aftermath": "Aftermath",
}
# Shape and colour both encode the category, so colour is never the only cue.
_MARKERS = {
    "soviet": ("s", "other"),
    "first_war": ("X", "armenia"),
    "diplomacy": ("D", "west"),
    "between_wars": ("P", "other"),
    "second_war": ("X", "azerbaijan"),
    "ukraine_war": ("v", "russia"),
    "balancing": ("o", "turkey"),
    "aftermath": ("^", "peacekeeping_zone"),
}
SIGNALS: dict[str, str] = {
    "toward_moscow": "towards Moscow",
    "hedge": "hedging",
    "toward_kyiv": "towards Kyiv",
}


class TimelineError(CourseError):
    """A timeline filter or event id that the course does not know."""

    hint = "Check the spelling; cl.timeline() lists every event id and category."


def events(
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    categories: str | list[str] | None = None,
    period: str | None = None,
) -> pd.DataFrame:
    """Timeline rows between two dates (inclusive), optionally only some categories.

    Example:
        >>> len(events(period="early_2022")) > 5
        True
    """
    if period is not None:
        if period not in PERIODS:
            raise TimelineError(f"unknown period {period!r}; choose one of {', '.join(PERIODS)}.")
        start, end = start or PERIODS[period][0], end or PERIODS[period][1]
    frame = data.timeline()
    if start is not None:
        frame = frame[frame["date"] >= parse_date(start, "start date", TimelineError)]
    if end is not None:
        frame = frame[frame["date"] <= parse_date(end, "end date", TimelineError)]
    if isinstance(categories, str):  # one category, not its letters
        categories = [categories]
    if categories:
        unknown = [c for c in categories if c not in CATEGORY_LABELS]
        if unknown:
            raise TimelineError(
                f"unknown categor{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)}; "
                f"choose from {', '.join(CATEGORY_LABELS)}."
            )
        frame = frame[frame["category"].isin(categories)]
    return frame


def event_date(event_id: str, end: bool = False) -> str:
    """An event's date as text, rendered from timeline.csv so notebook prose and data agree.

    Example:
        >>> event_date("t13_trilateral_statement")
        '10 November 2020'
    """
    frame = data.timeline()
    if event_id not in frame.index:
        raise TimelineError(f"there is no event {event_id!r} in the timeline.")
    row = frame.loc[event_id]
    citations.cite(row["source_ids"])
    stamp = row["date_end"] if end and not pd.isna(row["date_end"]) else row["date"]
    return format_date(stamp, row["precision"])


def _label(row: pd.Series) -> str:
    when = format_date(row["date"], row["precision"])
    if not pd.isna(row["date_end"]):
        when += f" – {format_date(row['date_end'], row['precision'])}"
    flag = " (contested)" if row["contested"] else ""
    claim = " [unverified claim]" if row["status"] == "unverified" else ""
    return f"{when}: {row['title']}{flag}{claim}"


class TimelineCanvas(Canvas):
    """The events chart as one figure: a pool of row artists refilled on each change.

    The state is the period, categories and date window; the rows, axis, title and legend
    follow it. ``set_categories([])`` shows that nothing is ticked (``None`` means all).

    Example:
        >>> canvas = TimelineCanvas(period="early_2022")
        >>> canvas.set_categories(["ukraine_war"]); canvas.alt_text()[:40]
        'Timeline, The balancing act (Jan–Mar 202'
    """

    layered = False  # the height follows the number of rows: every change lays out afresh
    margin = 0.12  # the title is the figure's top edge: give it room, as the maps have

    def __init__(
        self,
        period: str | None = None,
        categories: Iterable[str] | None = None,
        start: Any = None,
        end: Any = None,
        ax: Axes | None = None,
        max_events: int = 40,
        live: bool = False,
    ):
        super().__init__(ax, size=(10.0, 2.0), live=live)
        self.start, self.end, self.max_events = start, end, max_events
        self.period = self._check_period(period)
        self.categories = None if categories is None else list(categories)
        self._rows: list[tuple[Any, Any, Any]] = []
        self._legends: dict[tuple[Any, ...], Any] = {}
        article = data.article_date()
        self.article = article
        self.article_line = self.ax.axvline(
            article, color="black", linestyle="--", linewidth=1, visible=False
        )
        self.empty: Any = None  # "no events" text, made when first needed
        self.title = self.ax.set_title("", loc="left")
        self.ax.set_yticks([])
        self.ax.spines["left"].set_visible(False)
        self._shown: tuple[Any, ...] | None = None
        self._apply()

    @staticmethod
    def _check_period(period: str | None) -> str | None:
        if period is not None and period not in PERIODS:
            raise TimelineError(f"unknown period {period!r}; choose one of {', '.join(PERIODS)}.")
        return period

    def set_period(self, period: str | None) -> None:
        """Show one of ``PERIODS`` (None: the start/end window, or everything)."""
        self.period = self._check_period(period)
        self._apply()

    def set_categories(self, categories: Iterable[str] | None) -> None:
        """Show only these categories (None: all; an empty list: none)."""
        self.categories = None if categories is None else list(categories)
        self._apply()

    def state(self) -> tuple[Any, ...]:
        return self._shown or ()

    def label(self) -> str:
        return self.title.get_text()

    def _row(self, i: int) -> tuple[Any, Any, Any]:
        while len(self._rows) <= i:
            (marker,) = self.ax.plot([], [], linestyle="none", markeredgewidth=1.5)
            (span,) = self.ax.plot([], [], linewidth=2.5)
            text = self.ax.annotate(
                "",
                xy=(1.0, 0),
                xycoords=("axes fraction", "data"),
                xytext=(8, 0),
                textcoords="offset points",
                va="center",
                fontsize=matplotlib.rcParams["font.size"] * 0.9,
            )
            self._rows.append((marker, span, text))
        return self._rows[i]

    def _apply(self) -> None:
        key = (self.period, None if self.categories is None else tuple(self.categories))
        key += (self.start, self.end)
        if key == self._shown:
            return
        if self.categories == []:
            rows = data.timeline().iloc[:0]
        else:
            rows = events(self.start, self.end, self.categories, self.period)
        truncated = len(rows) if len(rows) > self.max_events else 0
        rows = rows.iloc[: self.max_events]
        self.rows = rows
        palette = style.palette()
        for y, (_, row) in enumerate(rows.iterrows()):
            marker, span, text = self._row(y)
            shape, colour_key = _MARKERS[row["category"]]
            colour = palette[colour_key]
            marker.set_data([row["date"]], [y])
            marker.set(
                marker=shape,
                markersize=matplotlib.rcParams["lines.markersize"] + 2,
                markerfacecolor="white" if row["contested"] else colour,
                markeredgecolor=colour if row["contested"] else "black",
                visible=True,
            )
            has_span = not pd.isna(row["date_end"])
            span.set_data(
                [row["date"], row["date_end"]] if has_span else [], [y, y][: 2 * has_span]
            )
            span.set(color=colour, visible=has_span)
            text.set_text(_label(row))
            text.xy = (1.0, y)
            text.set_visible(True)
        for marker, span, text in self._rows[len(rows) :]:
            for artist in (marker, span, text):
                artist.set_visible(False)
        self._frame(rows, truncated)
        self._shown = key
        if self.owned:
            self.figure.set_size_inches(*style.figure_size(10.0, 0.34 * max(len(rows), 1) + 1.6))

    def _frame(self, rows: pd.DataFrame, truncated: int) -> None:
        ax, n = self.ax, max(len(rows), 1)
        ax.set_ylim(n - 0.5, -0.5)
        show_article = False
        if len(rows):
            lo, hi = rows["date"].min(), rows[["date", "date_end"]].max(axis=None)
            pad = max((hi - lo) * 0.04, pd.Timedelta(days=5))
            ax.set_xlim(lo - pad, hi + pad)
            span = hi - lo
            if span > pd.Timedelta(days=365 * 40):
                # decades beside long event titles: the axis is narrow, so two or three ticks
                step = 50 if span > pd.Timedelta(days=365 * 90) else 25
                ax.xaxis.set_major_locator(mdates.YearLocator(step))
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
            else:
                locator = mdates.AutoDateLocator(minticks=3, maxticks=5)
                ax.xaxis.set_major_locator(locator)
                ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            show_article = bool(lo <= self.article <= hi)
        self.article_line.set_visible(show_article)
        message = "No events match this filter." if self.categories != [] else ""
        message = "" if len(rows) else message or "Tick at least one category."
        if message and self.empty is None:
            self.empty = ax.text(0.5, 0.5, "", ha="center", transform=ax.transAxes)
        if self.empty is not None:
            self.empty.set_text(message)
        ax.xaxis.set_visible(bool(len(rows)))
        if self.period:
            title = PERIODS[self.period][2]
        elif len(rows):
            title = f"{format_date(rows['date'].min())} to {format_date(rows['date'].max())}"
        else:
            title = "Selected events"
        if truncated:
            title += f" (first {self.max_events} of {truncated} events: pick a shorter period)"
        self.title_text = title
        self.title.set_text(f"Timeline: {title}")
        used = tuple(dict.fromkeys(rows["category"]))
        contested = bool(rows["contested"].any())
        ax.legend_ = self._legend(used, contested, show_article)

    def _legend(self, used: tuple[str, ...], contested: bool, article: bool) -> Any:
        key = (used, contested, article)
        if key in self._legends:
            return self._legends[key]
        palette = style.palette()
        handles = [
            Line2D(
                [],
                [],
                marker=_MARKERS[c][0],
                linestyle="none",
                markerfacecolor=palette[_MARKERS[c][1]],
                markeredgecolor="black",
                markersize=8,
                label=CATEGORY_LABELS[c],
            )
            for c in used
        ]
        if contested:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="none",
                    markerfacecolor="white",
                    markeredgecolor="black",
                    markersize=8,
                    label="contested (hollow)",
                )
            )
        if article:
            published = format_date(self.article, short=True)
            handles.append(
                Line2D(
                    [], [], color="black", linestyle="--", label=f"article published, {published}"
                )
            )
        legend = None
        if handles:
            shown = self.ax.legend_
            legend = self.ax.legend(
                handles=handles, loc="upper left", bbox_to_anchor=(0, -0.08), ncols=3, frameon=False
            )
            self.ax.legend_ = shown
        self._legends[key] = legend
        return legend

    def alt_text(self) -> str:
        if self.categories == []:
            return "Timeline: no category selected."
        return _alt_text(self.rows, self.title_text)

    def result(self) -> style.FigureResult:
        citations.cite_rows(self.rows["source_ids"])
        return style.FigureResult(
            ax=self.ax,
            alt_text=self.alt_text(),
            owned=self.owned,
            extra={"events": list(self.rows.index)},
        )


def timeline_figure(
    period: str | None = None,
    categories: list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    ax: Axes | None = None,
    max_events: int = 40,
) -> style.FigureResult:
    """One row per event, in date order, with a dot on a time axis and its label.

    Shape and colour mark the category; hollow markers mark contested events; a dashed line
    marks the article's date when it falls in range.

    Example:
        >>> len(timeline_figure(period="soviet").extra["events"]) > 0
        True
    """
    canvas = TimelineCanvas(period, categories or None, start, end, ax=ax, max_events=max_events)
    return canvas.result()


def _alt_text(rows: pd.DataFrame, title: str) -> str:
    if rows.empty:
        return f"Timeline, {title}: no events match this filter."
    first, last = rows.iloc[0], rows.iloc[-1]
    cats = ", ".join(
        f"{CATEGORY_LABELS[c].lower()} ({k})" for c, k in rows["category"].value_counts().items()
    )
    contested = int(rows["contested"].sum())
    return (
        f"Timeline, {title}: {len(rows)} events from "
        f"{format_date(first['date'], first['precision'])} ({first['title']}) to "
        f"{format_date(last['date'], last['precision'])} ({last['title']}). "
        f"Categories: {cats}. {contested} marked contested."
    )


# --------------------------------------------------------------------------- Baku's signals


def signals(start: Any = "2022-01-01", end: Any = "2022-03-31") -> pd.DataFrame:
    """Timeline events with a ``baku_signal`` between ``start`` and ``end``, oldest first.

    Example:
        >>> sorted(set(signals()["baku_signal"]))
        ['hedge', 'toward_kyiv', 'toward_moscow']
    """
    first, last = parse_date(start, "start date"), parse_date(end, "end date")
    if last < first:
        raise CourseError("The end date is before the start date; swap them and try again.")
    frame = data.timeline()
    mask = frame["baku_signal"].isin(list(SIGNALS)) & frame["date"].between(first, last)
    return frame[mask].sort_values(["date", "event_id"], kind="stable")


def signal_chart(
    start: Any = "2022-01-01", end: Any = "2022-03-31", ax: Axes | None = None
) -> style.FigureResult:
    """Baku's moves, one row per event in time order: bars left lean towards Moscow, bars
    right towards Kyiv, grey bars across the middle hedge. Also called ``balance``.

    Example:
        >>> "towards Moscow" in signal_chart().alt_text
        True
    """
    rows = signals(start, end)
    n = len(rows)
    ax, owned = style.new_axes(ax, size=(10.5, max(3.0, 0.62 * n + 1.8)))
    pal = style.palette()
    spans = {"toward_moscow": (-1.0, 1.0), "toward_kyiv": (0.0, 1.0), "hedge": (-0.5, 1.0)}
    bars: dict[str, list[Any]] = {k: [] for k in SIGNALS}
    labels = []
    for i, (eid, row) in enumerate(rows.iterrows()):
        y = n - 1 - i  # oldest at the top, like reading a page
        signal = row["baku_signal"]
        left, width = spans[signal]
        (bar,) = ax.barh(
            y,
            width,
            left=left,
            height=0.7,
            color=pal[signal],
            hatch="///" if signal == "hedge" else None,
            edgecolor="#333333",
            linewidth=0.6,
            gid=f"{signal}:{eid}",
        )
        bars[signal].append(bar)
        when = format_date(row["date"], row["precision"], short=True)
        labels.append(textwrap.fill(f"{when} · {row['title']}", 48))
    ax.set_yticks(range(n - 1, -1, -1), labels if n else [])
    ax.axvline(0, color="#333333", linewidth=1.0)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    ax.set_xticks([-0.7, 0.7], ["← towards Moscow", "towards Kyiv →"])
    ax.tick_params(axis="y", length=0)
    ax.spines[["left", "top", "right"]].set_visible(False)
    window = f"{format_date(parse_date(start))} – {format_date(parse_date(end))}"
    ax.set_title(f"Baku's signals, {window}", loc="left")
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker="s",
            markersize=10,
            markerfacecolor=pal[k],
            markeredgecolor="#333333",
            label=f"{SIGNALS[k]} ({len(bars[k])})",
        )
        for k in SIGNALS
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    citations.cite_rows(rows["source_ids"])
    style.credit(ax, "Signals: the course's reading of events in the timeline table.")
    counts = {k: len(v) for k, v in bars.items()}
    if n:
        order = "; ".join(
            f"{format_date(r['date'], r['precision'])} {r['title']} ({SIGNALS[r['baku_signal']]})"
            for _, r in rows.iterrows()
        )
        alt = (
            f"Diverging bar chart of {n} moves by Baku between {format_date(parse_date(start))} "
            f"and {format_date(parse_date(end))}: {counts['toward_moscow']} towards Moscow, "
            f"{counts['toward_kyiv']} towards Kyiv, {counts['hedge']} hedging. In order: {order}."
        )
    else:
        alt = "No signals by Baku are recorded in this period; try a wider date range."
    return style.FigureResult(
        ax=ax, alt_text=alt, owned=owned, extra={"bars": bars, "events": list(rows.index)}
    )


#: The old name, kept for notebooks: the chart shows how Baku balanced.
balance = signal_chart
