"""Place names by date, and the one naming convention of the maps and the course's English text.

**Convention.** English text and the maps write a place by its English form (the English
spelling of the internationally recognised, Azerbaijani name), with the Armenian form beside
it for places in the former NKAO and the seven districts around it: "Khankendi / Stepanakert"
on a map, "Khankendi (Stepanakert)" in a sentence. ``names="az"`` gives the Azerbaijani Latin
spelling (Xankəndi), ``names="hy"`` the Armenian form with its script (Stepanakert
(Ստեփանակերտ)), ``names="en"`` the English form alone.

**Dates.** ``data/place_names.csv`` holds the forms in use only between two dates (the NKR
renamed Khojaly, Armenian Khojalu, to Ivanyan in 2001). For a place and language with rows
there, the row with ``valid_from <= date < valid_to`` gives the form, and a date no row covers
has no form in that language (:func:`place_name` returns None; a label then shows the English
form alone). A place and language with no rows use the form in ``places.csv`` at every date.
NKR names whose date of first use the sources do not give (Akna, Jrakan, Kovsakan, Kashunik,
Berdzor) are shown from the 1994 ceasefire on, never on earlier maps (see their rows' notes).

Example:
    >>> place_name("khojaly", "hy", "1992-02-25"), place_name("khojaly", "hy", "2019-06-01")
    ('Khojalu (Խոջալու)', 'Ivanyan (Իվանյան)')
    >>> label("khojaly", date="2022-03-18"), label("agdam", date="1988-02-20")
    ('Khojaly / Ivanyan', 'Agdam')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from . import data
from .dates import parse_date
from .errors import CourseError, DataError

LANGS = {"az": "name_az", "hy": "name_hy", "en": "name_en"}
NAME_FORMS = ("both", "en", "az", "hy")
Dated = tuple[dt.date | None, dt.date | None, str]  # valid_from, valid_to (exclusive), form


class NameFormError(CourseError):
    """A name form the course does not know."""

    hint = (
        "Name forms: 'both' (English / Armenian), 'en' (English), 'az' (Azerbaijani) "
        "or 'hy' (Armenian)."
    )


def check_form(names: str) -> str:
    """``names`` if it is a known name form, else a friendly error."""
    if names not in NAME_FORMS:
        raise NameFormError(f"Unknown name form {names!r}.")
    return names


def forms(place_id: str, lang: str) -> pd.DataFrame:
    """The dated rows of ``place_names.csv`` for one place and language, oldest first."""
    table = data.table("place_names")
    rows = table[(table["place_id"] == place_id) & (table["lang"] == lang)]
    return rows.sort_values("valid_from", na_position="first")


def check_no_overlaps() -> None:
    """Raise a DataError if two forms of one place and language are valid on the same day."""
    table = data.table("place_names")
    for (place_id, lang), rows in table.groupby(["place_id", "lang"]):
        rows = rows.sort_values("valid_from", na_position="first")
        previous = None
        for name_id, row in rows.iterrows():
            bounded = pd.notna(row["valid_to"]) and pd.notna(row["valid_from"])
            if bounded and row["valid_to"] <= row["valid_from"]:
                raise DataError("place_names.csv", f"'{name_id}' ends before it starts")
            if previous is not None:
                prev_to = previous[1]["valid_to"]
                if pd.isna(prev_to) or pd.isna(row["valid_from"]) or prev_to > row["valid_from"]:
                    raise DataError(
                        "place_names.csv",
                        f"'{previous[0]}' and '{name_id}' are both valid on some day "
                        f"({place_id}, {lang})",
                    )
            previous = (name_id, row)


def _day(value: Any) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


@data.per_folder
def _dated() -> dict[tuple[str, str], tuple[Dated, ...]]:
    """{(place_id, lang): forms with their dates}, read once per data folder."""
    table = data.table("place_names").sort_values("valid_from", na_position="first")
    found: dict[tuple[str, str], list[Dated]] = {}
    for _, row in table.iterrows():
        text = f"{row['name']} ({row['native']})" if row["native"] else row["name"]
        span = (_day(row["valid_from"]), _day(row["valid_to"]), text)
        found.setdefault((row["place_id"], row["lang"]), []).append(span)
    return {key: tuple(spans) for key, spans in found.items()}


def _as_day(date: Any) -> dt.date:
    if type(date) is dt.date:
        return date
    return parse_date(date).date()


def _pick(spans: tuple[Dated, ...], day: dt.date) -> str | None:
    for start, end, text in spans:
        if (start is None or start <= day) and (end is None or day < end):
            return text
    return None


def place_name(place_id: str, lang: str, date: Any = None) -> str | None:
    """The ``lang`` form ('az', 'hy' or 'en') of a place on ``date`` (None: places.csv's form).

    Armenian forms come as in places.csv: Latin transliteration, then the script in
    parentheses ('Khojalu (Խոջալու)'). None when the place has dated forms in that language
    but none in use on that date (Akna for Agdam before the 1994 ceasefire).

    Example:
        >>> place_name("agdam", "hy", "1988-02-20") is None, place_name("agdam", "hy", "2019-06-01")
        (True, 'Akna (Ակնա)')
    """
    if lang not in LANGS:
        raise CourseError(f"'{lang}' is not a name language; choose from {', '.join(LANGS)}.")
    places = data.places()
    if place_id not in places.index:
        raise CourseError(f"No place called '{place_id}'. See cl.places() for the list.")
    fallback = places.at[place_id, LANGS[lang]] or places.at[place_id, "name_en"]
    spans = _dated().get((place_id, lang))
    if date is None or not spans:
        return fallback
    return _pick(spans, _as_day(date))


def forms_on(place_id: str, date: Any = None) -> dict[str, str | None]:
    """A place's English, Azerbaijani and Armenian forms on ``date`` ({'en': …, 'az': …,
    'hy': …}); towns that only the map layers list (data/geo/towns_extra) included."""
    from . import geo

    row = geo.town(place_id)
    found: dict[str, str | None] = {lang: row[column] for lang, column in LANGS.items()}
    if date is not None:
        day = _as_day(date)
        for lang in LANGS:
            spans = _dated().get((place_id, lang))
            if spans:
                found[lang] = _pick(spans, day)
    return found


def label(place_id: str, names: str = "both", date: Any = None, sentence: bool = False) -> str:
    """A place's name as the maps write it on ``date``: 'Khankendi / Stepanakert' for
    ``names='both'`` (``sentence=True``: 'Khankendi (Stepanakert)'), or one form ('en',
    'az', 'hy'). Places outside the former NKAO and its seven districts get the English form.

    Example:
        >>> label("khankendi"), label("khankendi", sentence=True), label("ganja")
        ('Khankendi / Stepanakert', 'Khankendi (Stepanakert)', 'Ganja')
    """
    from . import geo

    check_form(names)
    found = forms_on(place_id, date)
    english = found["en"] or ""
    if names == "en":
        return english
    if names in ("az", "hy"):
        return found[names] or english
    armenian = (found["hy"] or "").split(" (")[0]  # the Latin form, without the script
    row = geo.town(place_id)
    if not armenian or armenian == english or not geo.in_conflict_area(row["lon"], row["lat"]):
        return english
    return f"{english} ({armenian})" if sentence else f"{english} / {armenian}"


def changes(place_ids: Iterable[str]) -> list[dt.date]:
    """Every day on which a form of one of the places starts or stops being used."""
    wanted = set(place_ids)
    days = {
        day
        for (place_id, _), spans in _dated().items()
        if place_id in wanted
        for start, end, _ in spans
        for day in (start, end)
        if day is not None
    }
    return sorted(days)


def left_out(
    place_ids: Iterable[str], date: Any, lang: str = "hy"
) -> list[tuple[str, str, dt.date]]:
    """Forms not yet in use on ``date`` for places that then have no ``lang`` form:
    (place_id, Latin form, the day it is first shown), in the order of ``place_ids``.

    Example:
        >>> [name for _, name, _ in left_out(["agdam", "khojaly"], "1988-02-20")]
        ['Akna']
    """
    day = _as_day(date)
    out = []
    for place_id in place_ids:
        spans = _dated().get((place_id, lang), ())
        if not spans or _pick(spans, day) is not None:
            continue
        later = [(start, text) for start, _, text in spans if start is not None and start > day]
        if later:
            start, text = min(later)
            out.append((place_id, text.split(" (")[0], start))
    return out
