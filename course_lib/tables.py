"""Tables for reading: every row and every word, with plain headings, as HTML in a notebook
and as plain text elsewhere (a console, a test, a static page's text form).

The course's data tables are pandas frames, which a notebook shows the way a programmer wants
them: ids, ``NaT``, truncated cells, "… 26 more rows", ``Name: count, dtype: int64``. The
helpers here pick the columns a student needs, write dates as the prose does, and print the
whole table: ``cl.event_table()`` is the whole timeline.

Example:
    >>> import course_lib as cl
    >>> table = cl.event_table(["t01_nkao_created", "t13_trilateral_statement"])
    >>> print(table)
    Date              Event
    ----------------  -----------------------------------------------------------------
    7 July 1923       Autonomous region for Nagorny Karabakh set up inside Soviet
                      Azerbaijan
    10 November 2020  Trilateral statement ends the war; Russian peacekeepers deploy
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from . import citations, data
from .dates import format_date
from .errors import CourseError, shown

TEXT_WIDTH = 65  # characters per line of a long cell in the text form (wrapped, never cut)
NO_VALUE = "—"


class TableError(CourseError):
    """A table asked for something the course's data does not have."""

    hint = "Check the spelling of the ids; cl.timeline() and cl.actors() list them all."


class Table:
    """A small table to read: ``columns`` are the headings, ``rows`` lists of text.

    Shows as an HTML table with a caption in a notebook and as aligned text in a console;
    :meth:`to_frame` gives a pandas DataFrame for anyone who wants to compute with it.

    Example:
        >>> t = Table(["Kind", "Ties"], [["mediation", "3"]], caption="Ties by kind")
        >>> len(t), t.to_frame().loc[0, "Ties"]
        (1, '3')
        >>> print(t)
        Ties by kind
        Kind       Ties
        ---------  ----
        mediation  3
    """

    def __init__(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        caption: str = "",
        note: str = "",
    ):
        self.columns = [str(c) for c in columns]
        self.rows = [[_text(v) for v in row] for row in rows]
        if any(len(row) != len(self.columns) for row in self.rows):
            raise ValueError("every row needs one value per column")
        self.caption, self.note = caption, note

    def __len__(self) -> int:
        return len(self.rows)

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame of text (headings as column names)."""
        return pd.DataFrame(self.rows, columns=self.columns)

    def text(self) -> str:
        """Aligned columns; a long cell wraps onto more lines instead of being cut."""
        widths = [
            min(TEXT_WIDTH, max([len(c), *(len(r[i]) for r in self.rows)]))
            for i, c in enumerate(self.columns)
        ]
        lines = [self.caption] if self.caption else []
        lines.append(_text_row(self.columns, widths))
        lines.append("  ".join("-" * w for w in widths))
        lines += [_text_row(row, widths) for row in self.rows]
        if self.note:
            lines.append(self.note)
        return "\n".join(line.rstrip() for line in "\n".join(lines).split("\n"))

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        esc = html.escape
        cell = "text-align:left;vertical-align:top;white-space:normal;padding:0.2em 0.6em"
        head = "".join(f'<th scope="col" style="{cell}">{esc(c)}</th>' for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f'<td style="{cell}">{esc(v)}</td>' for v in row) + "</tr>"
            for row in self.rows
        )
        caption = (
            f'<caption style="text-align:left;font-weight:bold">{esc(self.caption)}</caption>'
            if self.caption
            else ""
        )
        note = f"<p><small>{esc(self.note)}</small></p>" if self.note else ""
        return (
            f'<table class="course-table" style="border-collapse:collapse">{caption}'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"
        )


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return NO_VALUE
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or NO_VALUE
    return str(value) if str(value).strip() else NO_VALUE


def _wrap(value: str, width: int) -> list[str]:
    """Lines of at most ``width``, broken at spaces only: no word is split or cut."""
    return textwrap.wrap(value, width, break_long_words=False, break_on_hyphens=False) or [""]


def _text_row(values: Sequence[str], widths: list[int]) -> str:
    wrapped = [_wrap(v, w) for v, w in zip(values, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    lines = []
    for n in range(height):
        parts = [
            (cell[n] if n < len(cell) else "").ljust(width)
            for cell, width in zip(wrapped, widths, strict=True)
        ]
        lines.append("  ".join(parts))
    return "\n".join(lines)


def _pick(frame: pd.DataFrame, ids: str | Sequence[str] | None, what: str) -> pd.DataFrame:
    if ids is None:
        return frame
    wanted = [ids] if isinstance(ids, str) else list(ids)
    missing = [i for i in wanted if i not in frame.index]
    if missing:
        raise TableError(f"there is no {what} {shown(missing[0])}.")
    return frame.loc[wanted]


# --------------------------------------------------------------------------- the timeline


def _when(row: pd.Series) -> str:
    when = format_date(row["date"], row["precision"])
    if not pd.isna(row["date_end"]):
        when += f" – {format_date(row['date_end'], row['precision'])}"
    return when


EVENT_COLUMNS: dict[str, tuple[str, Any]] = {
    "date": ("Date", _when),
    "title": ("Event", lambda r: r["title"]),
    "summary": ("What happened", lambda r: r["summary"]),
    "category": ("Part of the story", lambda r: _category(r["category"])),
    "status": ("Status in the sources", lambda r: str(r["status"]).replace("_", " ")),
    "contested": ("Contested?", lambda r: "yes" if r["contested"] else "no"),
    "contested_note": ("What is contested or corrected", lambda r: r["contested_note"]),
    "sources": ("Sources", lambda r: r["source_ids"]),
}


def _category(key: str) -> str:
    from .chronology import CATEGORY_LABELS

    return CATEGORY_LABELS.get(key, key)


def event_table(
    events: str | Sequence[str] | None = None,
    columns: Sequence[str] = ("date", "title"),
    period: str | None = None,
) -> Table:
    """Timeline events as a table to read: the ones named (in that order), one period's, or
    the whole timeline. ``columns`` from: date, title, summary, category, status, contested,
    contested_note, sources. Dates are written as precisely as they are known.

    Example:
        >>> t = event_table(period="early_2022", columns=["date", "title", "sources"])
        >>> t.columns, len(t) > 5
        (['Date', 'Event', 'Sources'], True)
    """
    from .chronology import PERIODS
    from .chronology import events as period_events

    unknown = [c for c in columns if c not in EVENT_COLUMNS]
    if unknown:
        raise TableError(
            f"unknown column {shown(unknown[0])}; choose from {', '.join(EVENT_COLUMNS)}."
        )
    if period is not None and period not in PERIODS:
        raise TableError(f"unknown period {shown(period)}; choose one of {', '.join(PERIODS)}.")
    frame = period_events(period=period) if period else data.timeline()
    rows = _pick(frame, events, "event")
    for ids in rows["source_ids"]:
        citations.cite(ids)
    if events is None:
        caption = f"The timeline: all {len(rows)} events" if period is None else ""
    else:
        caption = ""
    return Table(
        [EVENT_COLUMNS[c][0] for c in columns],
        ([EVENT_COLUMNS[c][1](row) for c in columns] for _, row in rows.iterrows()),
        caption=caption,
    )


# --------------------------------------------------------------------------- actors and ties

ACTOR_COLUMNS = {
    "name": "Actor",
    "kind": "Kind of actor",
    "role_2022": "Role as of March 2022",
    "note": "Note",
}


def actor_table(
    actors: str | Sequence[str] | None = None,
    columns: Sequence[str] = ("name", "kind", "role_2022"),
) -> Table:
    """Actors as a table to read (the ones named, in that order, or all of them).
    ``columns`` from: name, kind, role_2022, note.

    Example:
        >>> t = actor_table(["azerbaijan", "russia"])
        >>> t.columns
        ['Actor', 'Kind of actor', 'Role as of March 2022']
    """
    unknown = [c for c in columns if c not in ACTOR_COLUMNS]
    if unknown:
        raise TableError(
            f"unknown column {shown(unknown[0])}; choose from {', '.join(ACTOR_COLUMNS)}."
        )
    from .actor_style import pretty

    rows = _pick(data.actors(), actors, "actor")
    for ids in rows["source_ids"]:
        citations.cite(ids)
    values = (
        [pretty(str(row[c])) if c == "kind" else row[c] for c in columns]
        for _, row in rows.iterrows()
    )
    return Table([ACTOR_COLUMNS[c] for c in columns], values)


def tie_kinds() -> Table:
    """Each kind of tie between actors: what it means, and how many ties of that kind the
    course's table holds (most common first).

    Example:
        >>> t = tie_kinds()
        >>> t.columns
        ['Kind of tie', 'What it means', 'Ties in the course']
    """
    from .actor_style import pretty
    from .network import KINDS

    relations = data.relations()
    counts = relations["kind"].value_counts()
    for ids in relations["source_ids"]:
        citations.cite(ids)
    order = sorted(KINDS, key=lambda k: (-int(counts.get(k, 0)), k))
    return Table(
        ["Kind of tie", "What it means", "Ties in the course"],
        ([pretty(k), KINDS[k], int(counts.get(k, 0))] for k in order),
        caption=f"{len(relations)} ties in all",
    )


# --------------------------------------------------------------------------- maps


def nkao_area() -> Table:
    """The area of the course's approximate NKAO outline next to the late-Soviet figure.

    Example:
        >>> t = nkao_area()
        >>> t.rows[1][1]
        '4,388 km²'
    """
    from .geo import area_km2
    from .maps import nkao

    drawn = area_km2(nkao().geometry.iloc[0])
    checks = json.loads(data.read_text("geo", "provenance.json")).get("checks", {})
    reference = float(checks.get("nkao_reference_km2", 4388))
    glossary = data.glossary()
    if "nkao" in glossary.index:
        citations.cite(glossary.loc["nkao", "source_ids"])
    difference = 100 * (drawn - reference) / reference
    return Table(
        ["Measure", "Area"],
        [
            ["The course's NKAO outline (approximate, drawn from district outlines)", _km2(drawn)],
            ["Late-Soviet reference figure", _km2(reference)],
            ["Difference", f"{difference:+.1f} %".replace("-", "−")],
        ],
        caption="The NKAO's area",
    )


def _km2(value: float) -> str:
    return f"{value:,.0f} km²"


STATUS_WORDS = {
    "armenian_control": "under Armenian control",
    "peacekeeping_zone": "Russian peacekeepers' zone",
    "lachin_corridor": "Lachin corridor (Russian peacekeepers)",
}


def control_table(date: Any) -> Table:
    """The areas outside Baku's control on a date, as the maps draw them: name, status and
    the dates the area was in force (all approximate).

    Example:
        >>> t = control_table("2022-03-18")
        >>> len(t), t.columns[1]
        (2, 'Status')
    """
    from .geo import as_date
    from .maps import control_areas

    frame = control_areas(date)  # a date it cannot read is refused here, in words
    when = format_date(as_date(date))
    rows = [
        [
            row["name"],
            STATUS_WORDS.get(row["status"], str(row["status"]).replace("_", " ")),
            format_date(row["valid_from"]) if not pd.isna(row["valid_from"]) else NO_VALUE,
            format_date(row["valid_to"]) if not pd.isna(row["valid_to"]) else "still in force",
        ]
        for _, row in frame.iterrows()
    ]
    note = "" if rows else str(frame.attrs.get("note", ""))
    return Table(
        ["Area (approximate)", "Status", "From", "Until"],
        rows,
        caption=f"Areas outside Baku's control on {when}",
        note=note,
    )
