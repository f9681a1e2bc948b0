"""Every date a figure writes from code or data is a timeline date (the rule that
tests/test_course_arc.py applies to notebook prose, extended to figure titles, notes, legends,
key-date buttons and captions), and figures use the English forms DPR/LPR.

The date a reader picks (the map's or the diagram's date, the signal chart's window) is not a
claim and is left out; a tie's start or end written in the actor diagram's caption is
supported by its own sourced row of relations.csv.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_course_arc import extract_dates, unsupported_dates

import course_lib as cl
from course_lib import chronology, data, geo, maps, network
from course_lib.dates import format_date

RUSSIAN_FORMS = ("DNR", "LNR")


def _texts(result) -> list[str]:
    """Title, every visible text, legend entries and the alt text of a figure."""
    ax = result.ax
    parts = [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
    parts += [t.get_text() for t in ax.texts if t.get_visible()]
    legend = ax.get_legend()
    if legend is not None:
        parts += [t.get_text() for t in legend.get_texts()]
    parts.append(result.alt_text)
    return [" ".join(p.split()) for p in parts if p]


def _without(texts: list[str], *days) -> str:
    """The texts with the reader's chosen dates (in both written forms) taken out."""
    text = "\n".join(texts)
    for day in days:
        for form in (format_date(day), format_date(day, short=True)):
            text = text.replace(form, "")
    return text


def _tie_dates() -> set[str]:
    """Each tie's start and end, as a day and as a month (month- or year-precise starts are
    written as 'June 2021')."""
    rel = cl.relations()
    days = [pd.Timestamp(d) for d in (*rel["start"], *rel["end"].dropna())]
    return {d.date().isoformat() for d in days} | {f"{d:%Y-%m}" for d in days}


def _unsupported_in_caption(text: str) -> list[str]:
    ties = _tie_dates()
    bad = unsupported_dates(text)
    return [b for b in bad if not any(iso in ties for _, iso in extract_dates(b))]


def test_the_rule_catches_a_date_in_a_figure_text():
    """The check can fail: a note with a date no event has is reported."""
    assert unsupported_dates("Line of Contact after the ceasefire of 12 May 1994") == []
    assert unsupported_dates("blocked from 21 Dec 2021") == ["21 Dec 2021 (2021-12-21)"]
    picked = _without(["Karabakh as of 3 March 2021 (note)"], "2021-03-03")
    assert picked == "Karabakh as of  (note)"


@pytest.mark.parametrize("view", ["karabakh", "ukraine"])
def test_period_titles_and_notes_are_timeline_dates(view):
    frame = data.periods(view)
    assert len(frame)
    for pid, row in frame.iterrows():
        assert unsupported_dates(f"{row['title']}\n{row['note']}") == [], pid
        assert not any(form in row["title"] + row["note"] for form in RUSSIAN_FORMS), pid


def test_map_periods_tile_the_maps_range():
    periods = geo.periods()
    assert periods[0].start == geo.FIRST_DATE and periods[-1].end is None
    for before, after in zip(periods, periods[1:], strict=False):
        assert before.end is not None and (after.start - before.end).days == 1, after.key


@pytest.mark.parametrize("view", ["map", "actors"])
def test_key_dates_are_their_events_dates(view):
    events = cl.timeline()
    for kid, row in data.key_dates(view).iterrows():
        event = events.loc[row["event_id"]]
        assert row["date"] in (event["date"], event["date_end"]), kid
        assert set(event["source_ids"]) & set(row["source_ids"]), kid  # sourced like it
        assert unsupported_dates(row["label"]) == [], kid
        assert not any(form in row["label"] for form in RUSSIAN_FORMS), kid


def _map_dates() -> list:
    starts = [p.start for p in geo.periods()]
    return sorted({*starts, *(d for d, _ in maps.key_dates())})


def test_karabakh_map_texts_on_every_period_and_key_date():
    canvas = maps.KarabakhCanvas()
    for day in _map_dates():
        canvas.set_date(day)
        texts = _texts(canvas.result())
        assert unsupported_dates(_without(texts, day)) == [], day
        assert not any(form in t for t in texts for form in RUSSIAN_FORMS), day


def test_region_and_ukraine_map_texts():
    for result in (cl.region_map(), cl.ukraine_map()):
        texts = _texts(result)
        assert unsupported_dates("\n".join(texts)) == []
        assert not any(form in t for t in texts for form in RUSSIAN_FORMS)


@pytest.mark.parametrize("period", list(chronology.PERIODS))
def test_timeline_figure_titles_and_legends(period):
    result = cl.timeline_figure(period=period)
    assert unsupported_dates("\n".join(_texts(result))) == []


def test_signal_chart_texts():
    result = cl.signal_chart()
    assert unsupported_dates(_without(_texts(result), "2022-01-01", "2022-03-31")) == []


def test_actor_diagram_texts_at_each_key_date():
    canvas = network.ActorCanvas()
    for day in [*data.key_dates("actors")["date"], pd.Timestamp("2024-07-01")]:
        canvas.set_date(day)
        texts = _texts(canvas.result())
        assert _unsupported_in_caption(_without(texts, day)) == [], day
        drawn = texts[:-1]  # labels, marks, legend, title; the caption names actors.csv's names
        assert not any(form in t for t in drawn for form in RUSSIAN_FORMS), day
