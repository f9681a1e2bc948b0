"""Place names by date: the form of a name in use on the day a map or sentence shows.

``data/place_names.csv`` holds the forms that changed within the course's dates (the NKR
renamed Khojaly, Armenian Khojalu, to Ivanyan in 2001). For a place and language it has no
rows for, the form in ``places.csv`` holds at every date. ``valid_from`` is the first day a
form is in use (blank: before any date the course shows); ``valid_to`` is the first day it
is no longer in use (exclusive; blank: still in use), so consecutive forms chain without gaps.

Example:
    >>> place_name("khojaly", "hy", "1992-02-25")  # doctest: +SKIP
    'Khojalu (Խոջալու)'
    >>> place_name("khojaly", "hy", "2019-06-01")  # doctest: +SKIP
    'Ivanyan (Իվանյան)'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import data
from .dates import parse_date
from .errors import CourseError, DataError

LANGS = {"az": "name_az", "hy": "name_hy", "en": "name_en"}


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


def place_name(place_id: str, lang: str, date: Any = None) -> str:
    """The ``lang`` form ('az', 'hy' or 'en') of a place on ``date`` (None: places.csv's form).

    Armenian forms come as in places.csv: Latin transliteration, then the script in
    parentheses ('Khojalu (Խոջալու)'). Falls back to places.csv when no dated form applies.
    """
    if lang not in LANGS:
        raise CourseError(f"'{lang}' is not a name language; choose from {', '.join(LANGS)}.")
    places = data.places()
    if place_id not in places.index:
        raise CourseError(f"No place called '{place_id}'. See cl.places() for the list.")
    fallback = places.at[place_id, LANGS[lang]] or places.at[place_id, "name_en"]
    if date is None:
        return fallback
    day = parse_date(date)
    for _, row in forms(place_id, lang).iterrows():
        starts = pd.isna(row["valid_from"]) or row["valid_from"] <= day
        ends = pd.isna(row["valid_to"]) or day < row["valid_to"]
        if starts and ends:
            return f"{row['name']} ({row['native']})" if row["native"] else row["name"]
    return fallback
