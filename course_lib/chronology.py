"""Timeline queries and the timeline figure.

Example:
    >>> import course_lib as cl
    >>> cl.event_date("t_declaration_allied_interaction")  # doctest: +SKIP
    '22 February 2022'
    >>> cl.timeline_figure(period="early_2022").alt_text  # doctest: +SKIP
    'Timeline of 14 events from 14 January 2022 to 18 March 2022 ...'
"""

from __future__ import annotations

import datetime as dt

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import citations, data, style
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
ARTICLE_DATE = pd.Timestamp("2022-03-18")


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
        >>> len(events(period="early_2022")) > 5  # doctest: +SKIP
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
        >>> event_date("t_trilateral_statement")  # doctest: +SKIP
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
    marks the article's date (18 March 2022) when it falls in range.
    """
    rows = events(start=start, end=end, categories=categories, period=period)
    truncated = len(rows) if len(rows) > max_events else 0
    rows = rows.iloc[:max_events]
    n = max(len(rows), 1)
    ax, owned = style.new_axes(ax, size=(10.0, 0.34 * n + 1.6))
    palette = style.palette()
    used: dict[str, None] = {}
    for y, (_, row) in enumerate(rows.iterrows()):
        marker, colour_key = _MARKERS[row["category"]]
        colour = palette[colour_key]
        ax.plot(
            row["date"],
            y,
            marker=marker,
            markersize=matplotlib.rcParams["lines.markersize"] + 2,
            markerfacecolor="white" if row["contested"] else colour,
            markeredgecolor=colour if row["contested"] else "black",
            markeredgewidth=1.5,
            linestyle="none",
        )
        if not pd.isna(row["date_end"]):
            ax.plot([row["date"], row["date_end"]], [y, y], color=colour, linewidth=2.5)
        ax.annotate(
            _label(row),
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=matplotlib.rcParams["font.size"] * 0.9,
        )
        used.setdefault(row["category"], None)
    citations.cite_rows(rows["source_ids"])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    if len(rows):
        lo, hi = rows["date"].min(), rows[["date", "date_end"]].max(axis=None)
        pad = max((hi - lo) * 0.04, pd.Timedelta(days=5))
        ax.set_xlim(lo - pad, hi + pad)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=5)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        show_article = bool(lo <= ARTICLE_DATE <= hi)
        if show_article:
            ax.axvline(ARTICLE_DATE, color="black", linestyle="--", linewidth=1)
    else:
        show_article = False
        ax.text(0.5, 0.5, "No events match this filter.", ha="center", transform=ax.transAxes)
    if period:
        title = PERIODS[period][2]
    elif len(rows):
        title = f"{format_date(rows['date'].min())} to {format_date(rows['date'].max())}"
    else:
        title = "Selected events"
    if truncated:
        title += f" (first {max_events} of {truncated} events: pick a shorter period)"
    ax.set_title(f"Timeline: {title}", loc="left")
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
    if rows["contested"].any():
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
    if show_article:
        handles.append(
            Line2D([], [], color="black", linestyle="--", label="article published, 18 Mar 2022")
        )
    if handles:
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(0, -0.08), ncols=3, frameon=False
        )
    return style.FigureResult(
        ax=ax, alt_text=_alt_text(rows, title), owned=owned, extra={"events": list(rows.index)}
    )


def _alt_text(rows: pd.DataFrame, title: str) -> str:
    if rows.empty:
        return f"Timeline ({title}): no events match this filter."
    first, last = rows.iloc[0], rows.iloc[-1]
    cats = ", ".join(
        f"{CATEGORY_LABELS[c].lower()} ({k})" for c, k in rows["category"].value_counts().items()
    )
    contested = int(rows["contested"].sum())
    return (
        f"Timeline ({title}) of {len(rows)} events from "
        f"{format_date(first['date'], first['precision'])} ({first['title']}) to "
        f"{format_date(last['date'], last['precision'])} ({last['title']}). "
        f"Categories: {cats}. {contested} marked contested."
    )
